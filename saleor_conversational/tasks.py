"""Celery tasks, run in Saleor's Celery app (eagerly when no broker is configured).

Sending is at-most-once per provider call: a row is claimed (``sending``) right before
the provider call and settled right after. A worker killed in between leaves the row
``sending``; the sweeper marks it failed with the reason instead of resending it, so a
shopper never gets a message twice. Everything not yet claimed is retried.
"""

from __future__ import annotations

import logging
import os
import random
import smtplib
from datetime import timedelta

from django.utils import timezone
from saleor.celeryconf import app
from saleor.core.db.connection import allow_writer

from saleor_conversational.channels.degrade import degrade
from saleor_conversational.channels.errors import (
    ChannelError,
    PermanentSendError,
    RetryableSendError,
)
from saleor_conversational.channels.events import DeliveryStatus
from saleor_conversational.channels.messages import message_from_dict
from saleor_conversational.core.crypto import DecryptionError
from saleor_conversational.core.ratelimit import wait_for_slot
from saleor_conversational.messaging import policy
from saleor_conversational.models import (
    InboundEvent,
    Message,
    MessageCategory,
    PaymentNotification,
    PendingHookEvent,
    SalesChannelSettings,
)

logger = logging.getLogger(__name__)

MAX_SEND_ATTEMPTS = int(os.environ.get("CONVERSATIONAL_MAX_SEND_ATTEMPTS", 8))
BACKOFF_BASE = float(os.environ.get("CONVERSATIONAL_BACKOFF_BASE_SECONDS", 2.0))
BACKOFF_CAP = 15 * 60
QUEUE = os.environ.get("CONVERSATIONAL_CELERY_QUEUE") or None
STUCK_SENDING_AFTER = timedelta(minutes=10)
REQUEUE_QUEUED_AFTER = timedelta(minutes=2)
UNSETTLED_PAYMENTS_FOR = timedelta(days=3)  # Stripe retries webhooks for three days too

# Every task is idempotent (purposes and claims are unique), so a task whose worker
# died is simply run again.
task = app.task(acks_late=True, reject_on_worker_lost=True, queue=QUEUE)


def backoff_seconds(attempt: int) -> float:
    """Exponential backoff with full jitter: attempt 1 -> up to 2 s, 2 -> 4 s…"""
    return random.uniform(
        BACKOFF_BASE / 2, min(BACKOFF_CAP, BACKOFF_BASE * 2 ** (attempt - 1))
    )


def _settle(message_id, **fields) -> None:
    fields["updated_at"] = timezone.now()
    Message.objects.filter(pk=message_id).update(**fields)


def _prepare(message_id: str):
    """(row, message, adapter) ready to send, or settle the row and return None."""
    row = (
        Message.objects.select_related("account", "identity__account", "conversation")
        .filter(pk=message_id)
        .first()
    )
    if row is None or row.status != DeliveryStatus.QUEUED:
        return None
    try:
        original = message_from_dict(row.content)
        message = policy.window_fallback(row, original)
        reason = policy.blocked_reason(row, message)
        adapter = row.account.adapter() if not reason else None
        reason = reason or policy.template_problem(row, message, adapter)
    except (ValueError, ChannelError, DecryptionError) as exc:
        reason = f"cannot be sent: {exc}"
    if reason:
        Message.objects.filter(pk=row.pk, status=DeliveryStatus.QUEUED).update(
            status=DeliveryStatus.FAILED,
            error_code="not_sendable",
            error_reason=reason,
            updated_at=timezone.now(),
        )
        return None
    if row.category == MessageCategory.MARKETING and _defer_for_quiet_hours(row):
        return None
    if message is not original:  # the inbox shows what really goes out
        Message.objects.filter(pk=row.pk).update(
            kind=message.kind, content=message.to_dict()
        )
    return row, message, adapter


def _defer_for_quiet_hours(row) -> bool:
    """Hold a marketing message until the sales channel's quiet hours end; the sweeper
    sends it then (no long-countdown task that a broker could redeliver early)."""
    channel_settings = SalesChannelSettings.objects.read(row.conversation.channel_id)
    until = channel_settings.quiet_until(timezone.now())
    if until is None:
        return False
    Message.objects.filter(pk=row.pk, status=DeliveryStatus.QUEUED).update(
        next_attempt_at=until,
        updated_at=timezone.now(),
        error_code="quiet_hours",
        error_reason=f"held for quiet hours until {until.isoformat()}",
    )
    return True


@app.task(
    bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None, queue=QUEUE
)
@allow_writer()
def send_message(self, message_id: str) -> str:
    prepared = _prepare(message_id)
    if prepared is None:
        return "skipped"
    row, message, adapter = prepared
    wait_for_slot(str(row.account_id), row.account.rate_limit())
    # Claim right before the provider call: only one task can move QUEUED -> SENDING.
    attempt = row.attempts + 1
    claimed = Message.objects.filter(pk=row.pk, status=DeliveryStatus.QUEUED).update(
        status=DeliveryStatus.SENDING, attempts=attempt, updated_at=timezone.now()
    )
    if not claimed:
        return "skipped"
    try:
        result = adapter.send(
            row.identity.address,
            degrade(adapter.prepare(message), adapter.capabilities),
        )
    except RetryableSendError as exc:
        if attempt >= MAX_SEND_ATTEMPTS:
            _settle(
                message_id,
                status=DeliveryStatus.FAILED,
                error_code=exc.code,
                error_reason=f"gave up after {attempt} attempts: {exc.reason}",
            )
            return DeliveryStatus.FAILED
        countdown = (
            exc.retry_after if exc.retry_after is not None else backoff_seconds(attempt)
        )
        _settle(
            message_id,
            status=DeliveryStatus.QUEUED,
            error_code=exc.code,
            error_reason=exc.reason,
            next_attempt_at=timezone.now() + timedelta(seconds=countdown),
        )
        raise self.retry(countdown=countdown) from exc
    except PermanentSendError as exc:
        _settle(
            message_id,
            status=DeliveryStatus.FAILED,
            error_code=exc.code,
            error_reason=exc.reason,
        )
        return DeliveryStatus.FAILED
    except Exception as exc:  # an adapter bug must not leave the row claimed forever
        logger.exception(
            "Adapter %s failed to send message %s", adapter.name, message_id
        )
        _settle(
            message_id,
            status=DeliveryStatus.FAILED,
            error_code="internal",
            error_reason=f"unexpected error in the {adapter.label} adapter: {type(exc).__name__}",
        )
        return DeliveryStatus.FAILED
    now = timezone.now()
    status = DeliveryStatus(result.status)
    _settle(
        message_id,
        status=status,
        provider_message_id=result.provider_message_id,
        sent_at=now,
        error_code="",
        error_reason="",
        **({"delivered_at": now} if status == DeliveryStatus.DELIVERED else {}),
    )
    if row.account.kind == "webchat":
        from saleor_conversational.messaging.wakeup import wake

        wake(row.account_id, row.identity.address)
    return status


@app.task(
    bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=20, queue=QUEUE
)
@allow_writer()
def process_inbound_event(self, event_id: int) -> str:
    from saleor_conversational.messaging.inbound import (
        StatusTargetNotFound,
        process_event,
    )

    try:
        return process_event(event_id)
    except StatusTargetNotFound as exc:
        # A status can overtake the commit that records the provider id: try again.
        raise self.retry(countdown=backoff_seconds(self.request.retries + 1)) from exc


@task
@allow_writer()
def mark_inbound_read(message_id: str) -> bool:
    """Send the provider's read receipt for an inbound message (best effort)."""
    row = (
        Message.objects.select_related("account", "identity")
        .filter(pk=message_id)
        .first()
    )
    if (
        row is None
        or row.identity is None
        or not row.account.capabilities.read_receipts
    ):
        return False
    if not row.account.settings.get("read_receipts"):
        return False
    try:
        row.account.adapter().mark_read(
            row.provider_message_id, recipient=row.identity.address
        )
    except (ChannelError, DecryptionError) as exc:
        logger.info("Read receipt for %s not sent: %s", message_id, exc)
        return False
    return True


@task
@allow_writer()
def notify_order_event(
    event: str, order_id: str, fulfillment_id: int | None = None
) -> int:
    from saleor_conversational.notifications.orders import notify_order_event as notify

    return notify(event, order_id, fulfillment_id)


@task
@allow_writer()
def remind_abandoned_checkouts() -> int:
    from saleor_conversational.notifications.marketing import (
        remind_abandoned_checkouts as remind,
    )

    return remind()


@task
@allow_writer()
def notify_back_in_stock() -> int:
    from saleor_conversational.notifications.marketing import (
        notify_back_in_stock as notify,
    )

    return notify()


@task
@allow_writer()
def erase_customer_data(user_id: int, email: str = "") -> int:
    from saleor_conversational.erasure import erase_customer

    return erase_customer(user_id, email)


@app.task(
    bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=20, queue=QUEUE
)
@allow_writer()
def settle_payment_notification(self, notification_id: int) -> str:
    """A verified PSP notification: one order, a refund, or an alert (idempotent)."""
    from saleor_conversational.commerce.payment_links import settle_notification
    from saleor_conversational.commerce.payments import PspError

    try:
        return settle_notification(notification_id)
    except PspError as exc:  # the PSP could not be asked: try again later
        logger.warning("Payment notification %s: %s; retrying", notification_id, exc)
        raise self.retry(countdown=backoff_seconds(self.request.retries + 1)) from exc


@app.task(
    bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=20, queue=QUEUE
)
@allow_writer()
def refund_chat_transaction(
    self, transaction_token: str, amount: str, request_event_id: int
) -> str:
    """A refund staff requested in the Dashboard on a chat payment's Saleor transaction."""
    from saleor_conversational.commerce.payment_links import refund_transaction

    return refund_transaction(transaction_token, amount, request_event_id)


@app.task(
    bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=8, queue=QUEUE
)
@allow_writer()
def email_link_code(self, link_code_id: int, sealed_code: str) -> bool:
    """The one-time code that proves a chat contact is a Saleor customer."""
    from saleor_conversational.contacts.linking import email_code

    try:
        return email_code(link_code_id, sealed_code)
    except (OSError, smtplib.SMTPException) as exc:  # the mail server: try again later
        logger.warning(
            "Could not email a chat verification code (%s); retrying",
            type(exc).__name__,
        )
        raise self.retry(countdown=backoff_seconds(self.request.retries + 1)) from exc


@task
@allow_writer()
def sweep() -> dict[str, int]:
    """Re-enqueue what a broker outage or a lost worker left behind (run by beat)."""
    now = timezone.now()
    requeued = 0
    for message_id in Message.objects.filter(
        status=DeliveryStatus.QUEUED, next_attempt_at__lt=now - REQUEUE_QUEUED_AFTER
    ).values_list("pk", flat=True)[:1000]:
        send_message.delay(str(message_id))
        requeued += 1
    stuck = Message.objects.filter(
        status=DeliveryStatus.SENDING, updated_at__lt=now - STUCK_SENDING_AFTER
    ).update(
        status=DeliveryStatus.FAILED,
        error_code="interrupted",
        updated_at=now,
        error_reason=(
            "the worker stopped during the provider call, so delivery is unknown; "
            "not resent automatically to avoid a duplicate"
        ),
    )
    events = 0
    for event_id in InboundEvent.objects.filter(
        processed_at__isnull=True, received_at__lt=now - REQUEUE_QUEUED_AFTER
    ).values_list("pk", flat=True)[:1000]:
        process_inbound_event.delay(event_id)
        events += 1
    hooks = 0
    for pending in PendingHookEvent.objects.all()[:1000]:
        app.send_task(pending.task_name, args=pending.args)
        pending.delete()
        hooks += 1
    payments = 0
    for notification_id in PaymentNotification.objects.filter(
        processed_at__isnull=True,
        received_at__lt=now - REQUEUE_QUEUED_AFTER,
        received_at__gt=now - UNSETTLED_PAYMENTS_FOR,
    ).values_list("pk", flat=True)[:200]:
        # A notification whose task gave up or was lost: settle it now (idempotent).
        settle_payment_notification.delay(notification_id)
        payments += 1
    from saleor_conversational.inbox.conversations import wake_snoozed

    return {
        "messages": requeued,
        "stuck": stuck,
        "events": events,
        "hooks": hooks,
        "payments": payments,
        "woken": wake_snoozed(now),
    }
