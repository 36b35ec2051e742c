"""Payment service providers for chat checkouts: one module per PSP, one small interface."""

from __future__ import annotations

from saleor_conversational.commerce.payments.base import (
    NotVerified,
    PaymentProviderClient,
    PspError,
    VerifiedPayment,
)
from saleor_conversational.commerce.payments.mollie import MollieClient
from saleor_conversational.commerce.payments.stripe import StripeClient


def provider_for(account) -> PaymentProviderClient:
    classes = {"stripe": StripeClient, "mollie": MollieClient}
    return classes[account.provider](account)


__all__ = [
    "NotVerified",
    "PaymentProviderClient",
    "PspError",
    "VerifiedPayment",
    "provider_for",
]
