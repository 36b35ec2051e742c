"""Mollie: one Payments API payment per payment link, notifications verified by fetching back.

Mollie's payment webhooks are unsigned: the POST carries only ``id=tr_...``. A notification
is therefore believed only after the payment is read back from Mollie's API with the
account's own key (an id Mollie does not know is refused). Calls go through Mollie's own
SDK, ``mollie-api-python``, pointed at the account's configurable base URL.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation
from urllib.parse import parse_qs

from mollie.api.client import Client
from mollie.api.error import Error as MollieError
from mollie.api.error import RequestError, RequestSetupError, ResponseError
from mollie.api.objects.payment import Payment

from saleor_conversational.commerce.payments.base import (
    ZERO_DECIMAL_CURRENCIES,
    NotVerified,
    PaymentProviderClient,
    PaymentSession,
    PspError,
    PspUnavailable,
    VerifiedPayment,
)

DEFAULT_BASE_URL = "https://api.mollie.com"
TIMEOUT = (5, 10)  # connect, read (seconds)
PAYMENT_ID = re.compile(r"^tr_[A-Za-z0-9]{1,64}$")
CLOSED = {"expired", "canceled", "failed"}
REFUND_OK = {"queued", "pending", "processing", "refunded"}
GONE = {404, 410}  # Mollie does not know the payment (or no longer shows it)


def mollie_amount(amount: Decimal, currency: str) -> dict[str, str]:
    """Mollie's amount object: the value as a string with the currency's exact decimals."""
    places = 0 if currency.upper() in ZERO_DECIMAL_CURRENCIES else 2
    quantum = Decimal(1).scaleb(-places)
    if amount != amount.quantize(quantum):
        raise PspError(
            f"{amount} {currency} has more decimals than the currency allows"
        )
    return {"currency": currency.upper(), "value": f"{amount.quantize(quantum):f}"}


def _parse_time(value) -> datetime.datetime | None:
    if not value:
        return None
    try:
        return datetime.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _psp_error(exc: MollieError) -> PspError:
    """Say what Mollie said, never the key: the SDK's setup errors quote the key itself."""
    if isinstance(exc, RequestSetupError):
        return PspError("Mollie: the account's API key is not a test_/live_ key")
    if isinstance(exc, RequestError):
        return PspUnavailable("Mollie unreachable")
    if isinstance(exc, ResponseError) and (exc.status or 0) >= 500:
        return PspUnavailable(f"Mollie: {exc}")
    return PspError(f"Mollie: {exc}")


class MollieClient(PaymentProviderClient):
    name = "mollie"

    def _sdk(self) -> Client:
        client = Client(
            api_endpoint=self.account.base_url or DEFAULT_BASE_URL, timeout=TIMEOUT
        )
        try:
            client.set_api_key(self.secrets.get("api_key", ""))
        except RequestSetupError as exc:
            raise _psp_error(exc) from None
        return client

    def _payment_of(self, client: Client, psp_reference: str) -> Payment:
        try:
            return client.payments.get(psp_reference)
        except ResponseError as exc:
            if exc.status in GONE:
                raise NotVerified(
                    f"Mollie does not know payment {psp_reference}", "unknown_payment"
                ) from None
            raise _psp_error(exc) from None
        except MollieError as exc:
            raise _psp_error(exc) from None

    def create_payment(
        self,
        *,
        amount,
        currency,
        description,
        metadata,
        expires_at,
        return_url,
        webhook_url,
    ):
        payload = {
            "amount": mollie_amount(amount, currency),
            "description": description[:255],
            "redirectUrl": return_url,
            "webhookUrl": webhook_url,
            "metadata": metadata,
        }
        try:
            payment = self._sdk().payments.create(
                payload, idempotency_key=metadata.get("payment_link", "")
            )
        except MollieError as exc:
            raise _psp_error(exc) from None
        if not payment.checkout_url:
            raise PspError("Mollie answered without a checkout link")
        # Mollie has no expiry parameter for Payments API payments: the link's own expiry
        # (enforced here, and by cancelling at Mollie) is the one that counts.
        return PaymentSession(
            psp_reference=payment.id, url=payment.checkout_url, expires_at=expires_at
        )

    def verify(self, body: bytes, headers) -> VerifiedPayment | None:
        try:
            form = parse_qs(body.decode("ascii"), strict_parsing=True)
        except (UnicodeDecodeError, ValueError):
            raise NotVerified(
                "not a Mollie notification (form body with id=tr_...)"
            ) from None
        ids = form.get("id") or []
        if len(ids) != 1 or not PAYMENT_ID.match(ids[0]):
            raise NotVerified("not a Mollie notification (form body with id=tr_...)")
        payment = self._payment(self._payment_of(self._sdk(), ids[0]))
        return payment if payment.paid or payment.closed else None

    def fetch(self, psp_reference: str) -> VerifiedPayment:
        if not PAYMENT_ID.match(psp_reference):
            raise PspError("not a Mollie payment id")
        try:
            return self._payment(self._payment_of(self._sdk(), psp_reference))
        except NotVerified as exc:
            raise PspError(str(exc)) from None

    @staticmethod
    def _payment(payment: Payment) -> VerifiedPayment:
        if payment.resource != "payment" or not PAYMENT_ID.match(str(payment.id or "")):
            raise PspError("Mollie answered with something that is not a payment")
        amount = payment.amount or {}
        try:
            value = Decimal(str(amount.get("value")))
        except InvalidOperation:
            value = None
        status = payment.status or ""
        return VerifiedPayment(
            event_id=f"{payment.id}:{status}",  # Mollie calls once per status change
            session_reference=payment.id,
            payment_reference=payment.id,
            paid=status == "paid",
            amount=value,
            currency=(amount.get("currency") or "").upper(),
            metadata=payment.metadata or {},
            paid_at=_parse_time(payment.paid_at),
            closed=status in CLOSED,
        )

    def refund(
        self,
        payment_reference: str,
        amount: Decimal,
        currency: str,
        idempotency_key: str,
    ) -> str:
        client = self._sdk()
        try:
            payment = self._payment_of(client, payment_reference)
            refund = payment.refunds.create(
                {"amount": mollie_amount(amount, currency)},
                idempotency_key=idempotency_key,
            )
        except NotVerified as exc:
            raise PspError(str(exc)) from None
        except MollieError as exc:
            raise _psp_error(exc) from None
        if refund.get("status") not in REFUND_OK:
            raise PspError(
                f"Mollie refund {refund.get('id')} is {refund.get('status')}"
            )
        return refund["id"]

    def cancel(self, psp_reference: str) -> None:
        try:
            self._sdk().payments.delete(psp_reference)
        except MollieError as exc:
            raise _psp_error(exc) from None
