"""Mollie: one Payments API payment per payment link, notifications verified by fetching back.

Mollie's payment webhooks are unsigned: the POST carries only ``id=tr_...``. A notification
is therefore believed only after the payment is read back from Mollie's API with the
account's own key (an id Mollie does not know is refused). Plain ``httpx`` against a
configurable base URL; see the README for why not ``mollie-api-python``.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation
from urllib.parse import parse_qs

import httpx

from .base import (
    ZERO_DECIMAL_CURRENCIES, NotVerified, PaymentProviderClient, PaymentSession, PspError,
    VerifiedPayment,
)

DEFAULT_BASE_URL = "https://api.mollie.com"
TIMEOUT = httpx.Timeout(10.0, connect=5.0)
PAYMENT_ID = re.compile(r"^tr_[A-Za-z0-9]{1,64}$")
CLOSED = {"expired", "canceled", "failed"}
REFUND_OK = {"queued", "pending", "processing", "refunded"}


def mollie_amount(amount: Decimal, currency: str) -> dict[str, str]:
    """Mollie's amount object: the value as a string with the currency's exact decimals."""
    places = 0 if currency.upper() in ZERO_DECIMAL_CURRENCIES else 2
    quantum = Decimal(1).scaleb(-places)
    if amount != amount.quantize(quantum):
        raise PspError(f"{amount} {currency} has more decimals than the currency allows")
    return {"currency": currency.upper(), "value": f"{amount.quantize(quantum):f}"}


def _parse_time(value) -> datetime.datetime | None:
    if not value:
        return None
    try:
        return datetime.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None


class MollieClient(PaymentProviderClient):
    name = "mollie"

    def _request(self, method: str, path: str, json=None, idempotency_key: str = "") -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.secrets.get('api_key', '')}", "Accept": "application/hal+json"}
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        base = (self.account.base_url or DEFAULT_BASE_URL).rstrip("/")
        try:
            with httpx.Client(timeout=TIMEOUT) as client:
                return client.request(method, base + path, json=json, headers=headers)
        except httpx.HTTPError as exc:
            raise PspError(f"Mollie unreachable: {type(exc).__name__}") from None

    @staticmethod
    def _body(response: httpx.Response) -> dict:
        try:
            body = response.json()
        except ValueError:
            body = {}
        if response.status_code >= 300:
            detail = body.get("detail") or body.get("title") or f"HTTP {response.status_code}"
            raise PspError(f"Mollie: {detail}")
        return body

    def create_payment(self, *, amount, currency, description, metadata, expires_at, return_url, webhook_url):
        payload = {
            "amount": mollie_amount(amount, currency),
            "description": description[:255],
            "redirectUrl": return_url,
            "webhookUrl": webhook_url,
            "metadata": metadata,
        }
        payment = self._body(self._request("POST", "/v2/payments", payload, metadata.get("payment_link", "")))
        try:
            url = payment["_links"]["checkout"]["href"]
        except (KeyError, TypeError):
            raise PspError("Mollie answered without a checkout link") from None
        # Mollie has no expiry parameter for Payments API payments: the link's own expiry
        # (enforced here, and by cancelling at Mollie) is the one that counts.
        return PaymentSession(psp_reference=payment["id"], url=url, expires_at=expires_at)

    def verify(self, body: bytes, headers) -> VerifiedPayment | None:
        try:
            form = parse_qs(body.decode("ascii"), strict_parsing=True)
        except (UnicodeDecodeError, ValueError):
            raise NotVerified("not a Mollie notification (form body with id=tr_...)") from None
        ids = form.get("id") or []
        if len(ids) != 1 or not PAYMENT_ID.match(ids[0]):
            raise NotVerified("not a Mollie notification (form body with id=tr_...)")
        response = self._request("GET", f"/v2/payments/{ids[0]}")
        if response.status_code in (404, 410):
            raise NotVerified(f"Mollie does not know payment {ids[0]}")
        if response.status_code == 401:
            raise PspError("Mollie refused the account's API key")
        payment = self._payment(self._body(response))
        return payment if payment.paid or payment.closed else None

    def fetch(self, psp_reference: str) -> VerifiedPayment:
        if not PAYMENT_ID.match(psp_reference):
            raise PspError("not a Mollie payment id")
        return self._payment(self._body(self._request("GET", f"/v2/payments/{psp_reference}")))

    @staticmethod
    def _payment(payment: dict) -> VerifiedPayment:
        if payment.get("resource") != "payment" or not PAYMENT_ID.match(str(payment.get("id", ""))):
            raise PspError("Mollie answered with something that is not a payment")
        amount = payment.get("amount") or {}
        try:
            value = Decimal(str(amount.get("value")))
        except InvalidOperation:
            value = None
        status = payment.get("status", "")
        return VerifiedPayment(
            event_id=f"{payment['id']}:{status}",  # Mollie calls once per status change
            session_reference=payment["id"],
            payment_reference=payment["id"],
            paid=status == "paid",
            amount=value,
            currency=(amount.get("currency") or "").upper(),
            metadata=payment.get("metadata") or {},
            paid_at=_parse_time(payment.get("paidAt")),
            closed=status in CLOSED,
        )

    def refund(self, payment_reference: str, amount: Decimal, currency: str, idempotency_key: str) -> str:
        refund = self._body(self._request(
            "POST", f"/v2/payments/{payment_reference}/refunds",
            {"amount": mollie_amount(amount, currency)}, idempotency_key,
        ))
        if refund.get("status") not in REFUND_OK:
            raise PspError(f"Mollie refund {refund.get('id')} is {refund.get('status')}")
        return refund["id"]

    def cancel(self, psp_reference: str) -> None:
        self._body(self._request("DELETE", f"/v2/payments/{psp_reference}"))
