"""What happens when the PSP says a payment link was paid.

``settle_notification`` (the body of the ``settle_payment_notification`` task) turns a
verified PSP notification into a Saleor order: under a row lock on the link, the payment
is read back from the PSP, checked against the link and Saleor's current total, recorded
as a Saleor transaction (``transactionCreate`` with the charged amount) and the checkout
completed (``checkoutComplete``), all through Saleor's public API as the plugin's App. A
superseded or expired link never completes an order, and a checkout that cannot be
completed (out of stock since the link was sent...) is refunded at the PSP; the shopper
is told why.
"""

from __future__ import annotations

import datetime
import logging
from decimal import Decimal

import graphene
from django.db import transaction
from django.utils import timezone, translation
from saleor.core.db.connection import allow_writer

from saleor_conversational.commerce import alerts, checkout_api
from saleor_conversational.commerce.payment_links import _money, _quantize, _say
from saleor_conversational.commerce.payments import provider_for
from saleor_conversational.commerce.payments.base import PspError
from saleor_conversational.commerce.refunds import _reason, _report
from saleor_conversational.core.crypto import DecryptionError
from saleor_conversational.jobs import backoff_seconds, task
from saleor_conversational.models import (
    ChatCheckout,
    PaymentAlert,
    PaymentLink,
    PaymentLinkStatus,
    PaymentNotification,
)
from saleor_conversational.notifications.texts import PAYMENT_REASONS
from saleor_conversational.saleor_data import api as saleor_api

logger = logging.getLogger(__name__)

UNSETTLED = {
    PaymentLinkStatus.OPEN,
    PaymentLinkStatus.SUPERSEDED,
    PaymentLinkStatus.EXPIRED,
}


TRANSACTION_CREATE = """
mutation($id: ID!, $transaction: TransactionCreateInput!, $event: TransactionEventInput) {
  transactionCreate(id: $id, transaction: $transaction, transactionEvent: $event) {
    transaction { token }
    errors { field code message }
  }
}
"""


CHECKOUT_COMPLETE = """
mutation($id: ID!) {
  checkoutComplete(id: $id) {
    order { id number status }
    errors { field code message }
  }
}
"""


# -- settling a paid notification ---------------------------------------------------------
def settle_notification(notification_id: int) -> str:
    """Settle one verified notification; records its outcome (the sweeper skips it then)."""
    notification = PaymentNotification.objects.filter(pk=notification_id).first()
    if notification is None:
        return "gone"
    if notification.processed_at is not None:
        return notification.outcome
    with transaction.atomic():
        outcome = _settle_locked(notification)
        PaymentNotification.objects.filter(pk=notification.pk).update(
            processed_at=timezone.now(), outcome=outcome[:32]
        )
    return outcome


def _settle_locked(notification: PaymentNotification) -> str:
    if notification.payment_link_id is None:
        return "no link"
    link = (
        PaymentLink.objects.select_for_update(of=("self",))
        .select_related("account", "chat_checkout__contact")
        .get(pk=notification.payment_link_id)
    )
    if link.status not in UNSETTLED:
        return f"already {link.status}"  # a second delivery or a racing worker
    client = provider_for(link.account)
    payment = client.fetch(link.psp_reference)  # PspError: the task retries
    if not payment.paid:
        if payment.closed and link.status == PaymentLinkStatus.OPEN:
            link.status = PaymentLinkStatus.EXPIRED
            link.save(update_fields=["status", "updated_at"])
            return "expired"
        return "not paid"
    return _settle(link, payment, client)


def _alert(
    link: PaymentLink, code: str, detail: str, status=PaymentLinkStatus.FAILED
) -> None:
    alerts.alert_link(link, code, detail)
    link.status = status
    link.failure_reason = detail
    link.save(update_fields=["status", "failure_reason", "updated_at"])


def _settle(link: PaymentLink, payment, client) -> str:
    paid = f"{payment.amount} {payment.currency}"
    if (
        payment.amount is None
        or payment.amount != link.amount
        or payment.currency != link.currency
    ):
        _alert(
            link,
            "amount_mismatch",
            f"the PSP reports {paid} paid; the link was for {_money(link.amount, link.currency)}",
        )
        _say(
            link.chat_checkout,
            "payment_mismatch",
            f"payment-mismatch:{link.pk}",
            amount=payment.amount or Decimal(0),
            currency=payment.currency or link.currency,
        )
        return "mismatch"
    if link.status != PaymentLinkStatus.OPEN or (
        payment.paid_at and payment.paid_at > link.expires_at
    ):
        return _refund_unfulfilled(link, payment, client, None, "superseded")
    if link.chat_checkout_id is None:  # the customer was erased before paying
        return _refund_unfulfilled(link, payment, client, None, "gone")
    summary = checkout_api.fetch(link.chat_checkout)
    if summary is None:
        return _refund_unfulfilled(link, payment, client, None, "gone")
    if (
        _quantize(summary.total, summary.currency) != link.amount
        or summary.currency != link.currency
    ):
        _alert(
            link,
            "amount_mismatch",
            (
                f"{paid} paid, but the checkout total is now {_money(summary.total, summary.currency)}"
            ),
        )
        _say(
            link.chat_checkout,
            "payment_mismatch",
            f"payment-mismatch:{link.pk}",
            amount=payment.amount,
            currency=payment.currency,
        )
        return "mismatch"
    checkout_id = graphene.Node.to_global_id(
        "Checkout", link.chat_checkout.checkout_token
    )
    created = saleor_api.execute(
        TRANSACTION_CREATE,
        {
            "id": checkout_id,
            "transaction": {
                "name": f"{client.name.capitalize()} (chat)",
                "pspReference": payment.payment_reference,
                "availableActions": ["REFUND"],
                "amountCharged": {
                    "amount": str(link.amount),
                    "currency": link.currency,
                },
                "metadata": [
                    {"key": "conversational.paymentLink", "value": str(link.pk)}
                ],
            },
            "event": {
                "pspReference": payment.payment_reference,
                "message": "Paid through a chat payment link",
            },
        },
    )["transactionCreate"]
    if created["errors"]:
        return _refund_unfulfilled(
            link, payment, client, None, _reason(created["errors"])
        )
    transaction_token = created["transaction"]["token"]
    link.transaction_id = transaction_token
    completed = saleor_api.execute(CHECKOUT_COMPLETE, {"id": checkout_id})[
        "checkoutComplete"
    ]
    if completed["errors"] or not completed["order"]:
        return _refund_unfulfilled(
            link, payment, client, transaction_token, _reason(completed["errors"])
        )
    order_id = graphene.Node.from_global_id(completed["order"]["id"])[1]
    link.status = PaymentLinkStatus.PAID
    link.order_id = order_id
    link.save(update_fields=["status", "order_id", "transaction_id", "updated_at"])
    ChatCheckout.objects.filter(pk=link.chat_checkout_id).update(order_id=order_id)
    confirmed = (
        completed["order"]["status"] != "UNCONFIRMED"
    )  # the sales channel may confirm by hand
    _say(
        link.chat_checkout,
        "payment_confirmed" if confirmed else "payment_received",
        f"payment-confirmed:{link.pk}",
        amount=link.amount,
        currency=link.currency,
        number=str(completed["order"]["number"]),
    )
    return "paid"


def _staff_reason(reason: str) -> str:
    """The reason in English, for staff (alerts, Saleor's transaction events, logs)."""
    with translation.override("en"):
        return str(PAYMENT_REASONS.get(reason, reason))


def _refund_unfulfilled(
    link: PaymentLink, payment, client, transaction_token, reason: str
) -> str:
    """Paid but no order can be made: refund in full at the PSP and tell the shopper."""
    try:
        refund_id = client.refund(
            payment.payment_reference,
            payment.amount,
            payment.currency,
            f"conv-refund-{link.pk}",
        )
    except (PspError, DecryptionError) as exc:
        _alert(
            link,
            "refund_failed",
            f"no order ({_staff_reason(reason)}) and the automatic refund failed: {exc}",
        )
        _say(
            link.chat_checkout,
            "payment_refund_failed",
            f"payment-unfulfilled:{link.pk}",
            reason=reason,
        )
        return "refund failed"
    if transaction_token:
        _report(
            transaction_token,
            refund_id,
            "REFUND_SUCCESS",
            payment.amount,
            f"Automatic refund: {_staff_reason(reason)}",
        )
    link.status = PaymentLinkStatus.REFUNDED
    link.failure_reason = _staff_reason(reason)
    link.save(
        update_fields=["status", "failure_reason", "transaction_id", "updated_at"]
    )
    logger.warning(
        "Payment link %s refunded (%s): %s", link.pk, refund_id, _staff_reason(reason)
    )
    _say(
        link.chat_checkout,
        "payment_refunded",
        f"payment-refunded:{link.pk}",
        amount=payment.amount,
        currency=payment.currency,
        reason=reason,
    )
    return "refunded"


REQUEUE_UNSETTLED_AFTER = datetime.timedelta(minutes=2)


UNSETTLED_PAYMENTS_FOR = datetime.timedelta(
    days=3
)  # Stripe retries webhooks for three days too


@task(bind=True, max_retries=20)
@allow_writer()
def settle_payment_notification(self, notification_id: int) -> str:
    """A verified PSP notification: one order, a refund, or an alert (idempotent).

    Every failure is retried with backoff (the settlement rolls back, and the PSP
    refund it may have made is keyed by the link); any failure other than the PSP
    being unavailable alerts staff at once, and so does giving up."""
    try:
        return settle_notification(notification_id)
    except Exception as exc:
        gave_up = self.request.retries >= self.max_retries
        if gave_up or not isinstance(exc, PspError):
            alert_unsettled(notification_id, exc, gave_up=gave_up)
        if gave_up:
            logger.exception("Payment notification %s not settled", notification_id)
            return "failed"
        logger.warning("Payment notification %s: %r; retrying", notification_id, exc)
        raise self.retry(countdown=backoff_seconds(self.request.retries + 1)) from exc


def alert_unsettled(notification_id: int, exc: Exception, *, gave_up: bool) -> None:
    """One open ``settlement_failed`` alert per payment: money may have been taken."""
    notification = (
        PaymentNotification.objects.select_related(
            "account", "payment_link__account", "payment_link__chat_checkout"
        )
        .filter(pk=notification_id)
        .first()
    )
    if notification is None:
        return
    detail = (
        f"the paid notification {notification.event_id} could not be settled "
        f"({type(exc).__name__}: {str(exc)[:300]}); "
        + (
            "given up: check the payment at the PSP and refund or complete it by hand"
            if gave_up
            else "retried automatically"
        )
    )
    _alert_once(notification, "settlement_failed", detail)


def _alert_once(notification: PaymentNotification, code: str, detail: str) -> None:
    link = notification.payment_link
    if link is None:
        PaymentAlert.objects.create(
            account=notification.account, code=code, detail=detail
        )
        logger.error("Payment alert %s (%s): %s", code, notification.account, detail)
        return
    if PaymentAlert.objects.filter(
        payment_link=link, code=code, resolved_at__isnull=True
    ).exists():
        PaymentAlert.objects.filter(
            payment_link=link, code=code, resolved_at__isnull=True
        ).update(detail=detail, last_seen_at=timezone.now())
        return
    alerts.alert_link(link, code, detail)


def requeue_unsettled(now) -> int:
    """Notifications whose task gave up or was lost: settle them now (idempotent).
    Those still unsettled after ``UNSETTLED_PAYMENTS_FOR`` stop being retried, with an
    alert, never silently."""
    waiting = PaymentNotification.objects.filter(
        processed_at__isnull=True,
        received_at__lt=now - REQUEUE_UNSETTLED_AFTER,
        received_at__gt=now - UNSETTLED_PAYMENTS_FOR,
    ).values_list("pk", flat=True)[:200]
    for notification_id in waiting:
        settle_payment_notification.delay(notification_id)
    abandoned = PaymentNotification.objects.select_related(
        "account", "payment_link__account", "payment_link__chat_checkout"
    ).filter(processed_at__isnull=True, received_at__lte=now - UNSETTLED_PAYMENTS_FOR)[
        :200
    ]
    for notification in abandoned:
        _alert_once(
            notification,
            "settlement_abandoned",
            f"the paid notification {notification.event_id} was not settled in "
            f"{UNSETTLED_PAYMENTS_FOR.days} days and is no longer retried: check the "
            "payment at the PSP and refund or complete it by hand",
        )
        PaymentNotification.objects.filter(pk=notification.pk).update(
            processed_at=now, outcome="abandoned"
        )
    return len(waiting)
