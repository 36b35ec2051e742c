"""Refunds of chat payments that staff request in the Dashboard, carried to the PSP and
reported to Saleor as transaction events."""

from __future__ import annotations

import datetime
import logging
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from saleor_conversational.commerce import alerts
from saleor_conversational.commerce.payments import provider_for
from saleor_conversational.commerce.payments.base import PspError, PspUnavailable
from saleor_conversational.core.crypto import DecryptionError
from saleor_conversational.models import PaymentAlert, PaymentLink, RefundRequest
from saleor_conversational.saleor_data import api as saleor_api
from saleor_conversational.saleor_data import reads
from saleor_conversational.saleor_data.api import CommerceAppDeactivated, SaleorApiError

logger = logging.getLogger(__name__)

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
# Saleor learns every refund the PSP made: the report is retried by the task, then by the
# sweeper, and staff are alerted once it has failed this often.
REPORT_ALERT_AFTER = 3
# Stripe keeps an idempotency key for 24 hours: a refund whose PSP call never got an
# answer is retried with its key only within that time, then left to staff (alerted).
PSP_RETRY_WINDOW = datetime.timedelta(hours=23)
REQUEUE_UNREPORTED_AFTER = datetime.timedelta(minutes=5)


class RefundPending(Exception):
    """The PSP could not be asked, or Saleor not told, yet: try again later."""


def refund_transaction(
    transaction_token: str, amount: str, request_event_id: int
) -> str:
    """Refund ``amount`` of a chat payment at its PSP and report the result to Saleor.

    Idempotent per Saleor refund request: the PSP is asked at most until it answers (with
    the request as idempotency key), and an answer already recorded is only reported.
    """
    item = reads.transaction_item(transaction_token)
    if item is None:
        return "no transaction"
    link = PaymentLink.objects.filter(transaction_id=transaction_token).first()
    request, _ = RefundRequest.objects.get_or_create(
        request_event_id=request_event_id,
        defaults={
            "transaction_token": transaction_token,
            "payment_link": link,
            "amount": Decimal(amount),
            "currency": item.currency,
        },
    )
    if request.reported_at is not None:
        return "already reported"
    if not (request.psp_refund_id or request.failure):
        try:  # a deactivated App stops refunds before the PSP is asked
            saleor_api.app_token()
        except CommerceAppDeactivated as exc:
            alerts.alert_commerce_app_deactivated(str(exc))
            raise RefundPending(str(exc)) from exc
        _report_earlier_refunds(request)
        request = _refund_at_psp(request, item)
    return report(request)


def _report_earlier_refunds(request: RefundRequest) -> None:
    """Refunds of the same transaction the PSP made but Saleor was not told of: tell it
    first, so that its refundable amount is right before another refund."""
    for earlier in (
        RefundRequest.objects.filter(
            transaction_token=request.transaction_token, reported_at__isnull=True
        )
        .exclude(pk=request.pk)
        .exclude(psp_refund_id="", failure="")
    ):
        try:
            report(earlier)
        except RefundPending:
            pass  # the sweeper goes on trying; the total check below still holds


def _refund_at_psp(request: RefundRequest, item) -> RefundRequest:
    with transaction.atomic():  # one PSP call at a time per request
        request = RefundRequest.objects.select_for_update().get(pk=request.pk)
        if request.psp_refund_id or request.failure:
            return request
        link = (
            PaymentLink.objects.select_related("account")
            .filter(pk=request.payment_link_id)
            .first()
        )
        refunded = RefundRequest.objects.filter(
            transaction_token=request.transaction_token
        ).exclude(psp_refund_id="").aggregate(total=Sum("amount"))["total"] or Decimal(
            0
        )
        if link is None:
            request.failure = "No chat payment link belongs to this transaction"
        elif refunded + request.amount > link.amount:
            request.failure = (
                f"refunds of {refunded + request.amount} {request.currency} would "
                f"exceed the {link.amount} {link.currency} paid"
            )
        else:
            try:
                request.psp_refund_id = provider_for(link.account).refund(
                    item.psp_reference,
                    request.amount,
                    request.currency,
                    f"conv-saleor-refund-{request.request_event_id}",
                )
            except PspUnavailable as exc:
                raise RefundPending(str(exc)) from exc
            except (PspError, DecryptionError) as exc:
                request.failure = str(exc) or type(exc).__name__
                alerts.alert_link(
                    link,
                    "refund_failed",
                    f"Dashboard refund of {request.amount} {request.currency}: "
                    f"{request.failure}",
                )
        request.save(update_fields=["psp_refund_id", "failure"])
    return request


def report(request: RefundRequest) -> str:
    """Tell Saleor the PSP's answer (idempotent there: Saleor de-duplicates events)."""
    try:
        if request.failure:
            _report(
                request.transaction_token,
                f"refund-request-{request.request_event_id}",
                "REFUND_FAILURE",
                request.amount,
                request.failure,
            )
        else:
            _report(
                request.transaction_token,
                request.psp_refund_id,
                "REFUND_SUCCESS",
                request.amount,
                "Refunded at the payment provider",
            )
    except Exception as exc:  # Saleor's API, the database: the refund itself stands
        _report_failed(request, exc)
        raise RefundPending(f"not reported to Saleor: {exc}") from exc
    RefundRequest.objects.filter(pk=request.pk).update(
        reported_at=timezone.now(), last_error=""
    )
    return "failed" if request.failure else "refunded"


def _report_failed(request: RefundRequest, exc: Exception) -> None:
    attempts = request.report_attempts + 1
    RefundRequest.objects.filter(pk=request.pk).update(
        report_attempts=attempts, last_error=f"{type(exc).__name__}: {exc}"[:1000]
    )
    if attempts >= REPORT_ALERT_AFTER and request.alerted_at is None:
        what = (
            f"refunded {request.amount} {request.currency} at the PSP "
            f"({request.psp_refund_id})"
            if request.psp_refund_id
            else f"the PSP refused the refund of {request.amount} {request.currency}"
        )
        _alert(
            request,
            "refund_unreported",
            f"{what}, but Saleor could not be told ({type(exc).__name__}: {exc}); "
            "retried automatically. Do not refund this again.",
        )


def _alert(request: RefundRequest, code: str, detail: str) -> None:
    link = (
        PaymentLink.objects.select_related("account", "chat_checkout")
        .filter(pk=request.payment_link_id)
        .first()
    )
    if link is not None:
        alerts.alert_link(link, code, detail)
    else:
        logger.error("Refund request %s: %s", request.request_event_id, detail)
        PaymentAlert.objects.create(code=code, detail=detail)
    RefundRequest.objects.filter(pk=request.pk).update(alerted_at=timezone.now())
    request.alerted_at = timezone.now()


def unfinished_refunds(now) -> list[tuple[str, str, int]]:
    """Refund requests the task gave up on (Saleor not told, or the PSP never answered):
    their task's arguments, to run again. A PSP call older than the idempotency window
    is not retried: staff are alerted to check the PSP instead."""
    waiting = RefundRequest.objects.filter(
        reported_at__isnull=True, created_at__lt=now - REQUEUE_UNREPORTED_AFTER
    ).order_by("created_at")[:200]
    again = []
    for request in waiting:
        asked = request.psp_refund_id or request.failure
        if not asked and request.created_at < now - PSP_RETRY_WINDOW:
            if request.alerted_at is None:
                _alert(
                    request,
                    "refund_unconfirmed",
                    f"the PSP never answered the refund of {request.amount} "
                    f"{request.currency} (Saleor request {request.request_event_id}); "
                    "check the payment at the PSP before refunding again.",
                )
            continue
        again.append(
            (
                str(request.transaction_token),
                str(request.amount),
                request.request_event_id,
            )
        )
    return again
