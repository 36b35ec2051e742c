"""Stripe: a Checkout Session per payment link, signed webhooks, refunds.

Uses the ``stripe`` SDK Saleor pins (3.x) through an ``APIRequestor`` per call, so each
payment account can have its own key and base URL without touching module globals.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import stripe
from stripe.api_requestor import APIRequestor

from saleor_conversational.commerce.payments.base import (
    NotVerified,
    PaymentProviderClient,
    PaymentSession,
    PspError,
    PspUnavailable,
    VerifiedPayment,
    from_minor_units,
    to_minor_units,
)

SIGNATURE_TOLERANCE_SECONDS = 300
PAID_EVENTS = {"checkout.session.completed", "checkout.session.async_payment_succeeded"}
HANDLED_EVENTS = PAID_EVENTS | {"checkout.session.expired"}


class StripeClient(PaymentProviderClient):
    name = "stripe"

    def _request(
        self, method: str, path: str, params: dict, idempotency_key: str = ""
    ) -> dict:
        requestor = APIRequestor(
            key=self.secrets.get("api_key", ""), api_base=self.account.base_url or None
        )
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else None
        try:
            body, _key = requestor.request(method, path, params, headers)
        except stripe.error.StripeError as exc:
            unavailable = (
                isinstance(exc, stripe.error.APIConnectionError)
                or (exc.http_status or 0) >= 500
            )
            raise (PspUnavailable if unavailable else PspError)(
                f"Stripe: {exc.user_message or exc.__class__.__name__}"
            ) from None
        return body.data

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
        params = {
            "mode": "payment",
            "success_url": return_url,
            "cancel_url": return_url,
            "expires_at": int(expires_at.timestamp()),
            "client_reference_id": metadata.get("checkout_token", ""),
            "metadata": metadata,
            "payment_intent_data": {"metadata": metadata},
            "line_items": [
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": currency.lower(),
                        "unit_amount": to_minor_units(amount, currency),
                        "product_data": {"name": description},
                    },
                }
            ],
        }
        session = self._request(
            "post", "/v1/checkout/sessions", params, metadata.get("payment_link", "")
        )
        return PaymentSession(
            psp_reference=session["id"],
            url=session["url"],
            expires_at=datetime.datetime.fromtimestamp(
                session["expires_at"], tz=datetime.UTC
            ),
        )

    def verify(self, body: bytes, headers) -> VerifiedPayment | None:
        secret = self.secrets.get("webhook_secret", "")
        signature = headers.get("Stripe-Signature", "")
        if not secret or not signature:
            raise NotVerified("missing Stripe-Signature or endpoint secret", "unsigned")
        try:
            stripe.WebhookSignature.verify_header(
                body.decode("utf-8"), signature, secret, SIGNATURE_TOLERANCE_SECONDS
            )
        except stripe.error.SignatureVerificationError as exc:
            # The tolerance is checked only after a signature matched: a replayed old event.
            reason = "stale" if "tolerance" in str(exc) else "forged"
            raise NotVerified(f"Stripe signature: {exc}", reason) from None
        except UnicodeDecodeError:
            raise NotVerified(
                "Stripe signature: the body is not UTF-8", "forged"
            ) from None
        try:
            event = json.loads(body)
        except ValueError:
            raise NotVerified("a signed body that is not JSON") from None
        if not isinstance(event, dict) or event.get("object") != "event":
            raise NotVerified("not a Stripe event")
        if event.get("type") not in HANDLED_EVENTS:
            return None
        session = (event.get("data") or {}).get("object") or {}
        if session.get("object") != "checkout.session":
            raise NotVerified("paid event without a checkout session")
        return self._payment(session, event_id=event["id"])

    def fetch(self, psp_reference: str) -> VerifiedPayment:
        if not psp_reference.startswith("cs_"):
            raise PspError("not a Stripe Checkout Session id")
        session = self._request("get", f"/v1/checkout/sessions/{psp_reference}", {})
        return self._payment(session, event_id=session.get("id", ""))

    @staticmethod
    def _payment(session: dict, event_id: str) -> VerifiedPayment:
        currency = (session.get("currency") or "").upper()
        amount_total = session.get("amount_total")
        return VerifiedPayment(
            event_id=event_id,
            session_reference=session.get("id", ""),
            payment_reference=session.get("payment_intent") or "",
            paid=session.get("payment_status") == "paid",
            amount=from_minor_units(amount_total, currency)
            if isinstance(amount_total, int)
            else None,
            currency=currency,
            metadata=session.get("metadata") or {},
            closed=session.get("status") == "expired",
        )

    def refund(
        self,
        payment_reference: str,
        amount: Decimal,
        currency: str,
        idempotency_key: str,
    ) -> str:
        refund = self._request(
            "post",
            "/v1/refunds",
            {
                "payment_intent": payment_reference,
                "amount": to_minor_units(amount, currency),
            },
            idempotency_key,
        )
        if refund.get("status") not in {"succeeded", "pending"}:
            raise PspError(
                f"Stripe refund {refund.get('id')} is {refund.get('status')}"
            )
        return refund["id"]

    def cancel(self, psp_reference: str) -> None:
        self._request("post", f"/v1/checkout/sessions/{psp_reference}/expire", {})
