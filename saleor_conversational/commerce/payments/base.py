"""What every PSP module offers the checkout flow."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal

ZERO_DECIMAL_CURRENCIES = {
    "BIF",
    "CLP",
    "DJF",
    "GNF",
    "JPY",
    "KMF",
    "KRW",
    "MGA",
    "PYG",
    "RWF",
    "UGX",
    "VND",
    "VUV",
    "XAF",
    "XOF",
    "XPF",
}


class NotVerified(Exception):
    """A notification that cannot be proven to come from the PSP: answer 4xx, touch no
    payment, and count it on the account's alert for ``reason``."""

    def __init__(self, message: str, reason: str = "malformed") -> None:
        super().__init__(message)
        self.reason = reason  # unsigned, forged, stale, malformed, unknown_payment


class PspError(Exception):
    """The PSP refused or could not be reached."""


class PspUnavailable(PspError):
    """The PSP could not be reached or failed (a network error, a 5xx): the call may
    or may not have taken effect. Retried with the same idempotency key, never
    reported as a refusal."""


@dataclasses.dataclass(frozen=True)
class PaymentSession:
    psp_reference: str  # Stripe Checkout Session id, Mollie payment id
    url: str
    expires_at: datetime.datetime


@dataclasses.dataclass(frozen=True)
class VerifiedPayment:
    """A notification the PSP has vouched for."""

    event_id: str  # deduplication key: one order per key
    session_reference: str  # matches PaymentLink.psp_reference
    payment_reference: str  # what refunds need (Stripe PaymentIntent, Mollie payment)
    paid: bool
    amount: Decimal | None
    currency: str
    metadata: dict[str, str]
    paid_at: datetime.datetime | None = (
        None  # when the PSP says the shopper paid, if it says
    )
    closed: bool = (
        False  # expired, cancelled or failed at the PSP: it can no longer be paid
    )


class PaymentProviderClient:
    name = ""

    def __init__(self, account) -> None:
        self.account = account
        self.secrets = account.secrets

    def create_payment(
        self,
        *,
        amount: Decimal,
        currency: str,
        description: str,
        metadata: dict[str, str],
        expires_at: datetime.datetime,
        return_url: str,
        webhook_url: str,
    ) -> PaymentSession:
        raise NotImplementedError

    def verify(self, body: bytes, headers) -> VerifiedPayment | None:
        """Prove and parse a notification; None for verified events that need no action."""
        raise NotImplementedError

    def fetch(self, psp_reference: str) -> VerifiedPayment:
        """The payment's current state, read back from the PSP's API (authoritative)."""
        raise NotImplementedError

    def refund(
        self,
        payment_reference: str,
        amount: Decimal,
        currency: str,
        idempotency_key: str,
    ) -> str:
        raise NotImplementedError

    def cancel(self, psp_reference: str) -> None:
        """Make an unpaid link unusable (superseded or expired)."""
        raise NotImplementedError


def to_minor_units(amount: Decimal, currency: str) -> int:
    exponent = 0 if currency.upper() in ZERO_DECIMAL_CURRENCIES else 2
    value = amount.scaleb(exponent)
    if value != value.to_integral_value():
        raise PspError(
            f"{amount} {currency} has more decimals than the currency allows"
        )
    return int(value)


def from_minor_units(value: int, currency: str) -> Decimal:
    exponent = 0 if currency.upper() in ZERO_DECIMAL_CURRENCIES else 2
    return Decimal(value).scaleb(-exponent)
