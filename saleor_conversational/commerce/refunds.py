"""Refunds of chat payments that staff request in the Dashboard, carried to the PSP and
reported to Saleor as transaction events."""

from __future__ import annotations

from decimal import Decimal

from saleor_conversational.commerce import alerts
from saleor_conversational.commerce.payments import provider_for
from saleor_conversational.commerce.payments.base import PspError
from saleor_conversational.core.crypto import DecryptionError
from saleor_conversational.models import PaymentLink
from saleor_conversational.saleor_data import api as saleor_api
from saleor_conversational.saleor_data import reads
from saleor_conversational.saleor_data.api import SaleorApiError

TRANSACTION_EVENT_REPORT = """
mutation($token: UUID!, $psp: String!, $type: TransactionEventTypeEnum!, $amount: PositiveDecimal,
         $message: String) {
  transactionEventReport(token: $token, pspReference: $psp, type: $type, amount: $amount,
                         message: $message) {
    alreadyProcessed
    errors { field code message }
  }
}
"""


def _reason(errors) -> str:
    """A PAYMENT_REASONS key, or Saleor's own message."""
    if not errors:
        return "Saleor did not create the order"
    codes = {e.get("code") for e in errors}
    if codes & {
        "INSUFFICIENT_STOCK",
        "PRODUCT_UNAVAILABLE_FOR_PURCHASE",
        "UNAVAILABLE_VARIANT_IN_CHANNEL",
        "PRODUCT_NOT_PUBLISHED",
    }:
        return "unavailable"
    return "; ".join(e.get("message") or e.get("code") or "" for e in errors)


def _report(
    transaction_token,
    psp_reference: str,
    event_type: str,
    amount: Decimal,
    message: str,
) -> None:
    result = saleor_api.execute(
        TRANSACTION_EVENT_REPORT,
        {
            "token": str(transaction_token),
            "psp": psp_reference,
            "type": event_type,
            "amount": str(amount),
            "message": message[:512],
        },
    )["transactionEventReport"]
    if result["errors"]:
        raise SaleorApiError(_reason(result["errors"]))


# -- refunds requested in the Dashboard ---------------------------------------------------
def refund_transaction(
    transaction_token: str, amount: str, request_event_id: int
) -> str:
    """Refund ``amount`` of a chat payment at its PSP and report the result to Saleor."""
    item = reads.transaction_item(transaction_token)
    link = (
        PaymentLink.objects.select_related("account")
        .filter(transaction_id=transaction_token)
        .first()
    )
    if item is None:
        return "no transaction"
    value = Decimal(amount)
    if link is None:
        _report(
            transaction_token,
            f"refund-request-{request_event_id}",
            "REFUND_FAILURE",
            value,
            "No chat payment link belongs to this transaction",
        )
        return "unknown link"
    try:
        refund_id = provider_for(link.account).refund(
            item.psp_reference,
            value,
            item.currency,
            f"conv-saleor-refund-{request_event_id}",
        )
    except (PspError, DecryptionError) as exc:
        alerts.alert_link(
            link, "refund_failed", f"Dashboard refund of {value} {item.currency}: {exc}"
        )
        _report(
            transaction_token,
            f"refund-request-{request_event_id}",
            "REFUND_FAILURE",
            value,
            str(exc),
        )
        return "failed"
    _report(
        transaction_token,
        refund_id,
        "REFUND_SUCCESS",
        value,
        "Refunded at the payment provider",
    )
    return "refunded"
