"""Payment service providers for chat checkouts: one module per PSP, one small interface."""

from __future__ import annotations

from .base import NotVerified, PaymentProviderClient, PspError, VerifiedPayment


def provider_for(account) -> PaymentProviderClient:
    from .mollie import MollieClient
    from .stripe import StripeClient

    classes = {"stripe": StripeClient, "mollie": MollieClient}
    return classes[account.provider](account)


__all__ = ["NotVerified", "PaymentProviderClient", "PspError", "VerifiedPayment", "provider_for"]
