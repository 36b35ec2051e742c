"""Outbound messages: a row first, sent by a Celery task after the commit.

What is promised: a message is handed to its provider at most once. A failure before
the request left (connect error or timeout) or a refusal (429, a provider's throttle
code) is retried with backoff; a failure after the request may have reached the
provider (read timeout, a dropped connection, a 5xx) ends the message ``uncertain``
with the reason, never resent automatically, because no messaging provider takes an
idempotency key. So is a send whose worker died during the call (the sweeper).
Pacing per account reschedules the task for its slot; no worker sleeps.
"""

from __future__ import annotations

import logging
import os
import time
from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from saleor.celeryconf import app
from saleor.core.db.connection import allow_writer

from saleor_conversational.channels.degrade import degrade
from saleor_conversational.channels.errors import (
    ChannelError,
    PermanentSendError,
    RetryableSendError,
    UncertainSendError,
)
from saleor_conversational.channels.events import DeliveryStatus
from saleor_conversational.channels.messages import OutboundMessage, message_from_dict
from saleor_conversational.core.crypto import DecryptionError
from saleor_conversational.core.ratelimit import reserve_slot
from saleor_conversational.jobs import backoff_seconds, enqueue, task
from saleor_conversational.messaging import policy
from saleor_conversational.messaging.lazy_texts import degrade_texts, plain_message
from saleor_conversational.messaging.senders import current_speaker
from saleor_conversational.messaging.wakeup import wake
from saleor_conversational.models import (
    ContactIdentity,
    Conversation,
    Direction,
    Message,
    MessageCategory,
    MessageSender,
    SalesChannelSettings,
)

logger = logging.getLogger(__name__)


def queue_message(
    conversation: Conversation,
    identity: ContactIdentity,
    message: OutboundMessage,
    *,
    purpose: str = "",
    category: str = MessageCategory.REPLY,
    sender: str = "",
) -> Message | None:
    """Store the message and send it once the transaction commits.

    With a ``purpose`` the message exists at most once per conversation: a second call
    (a hook fired twice, two workers racing) returns None and sends nothing. Lazy
    translated texts in it are read now, in the active language, which is recorded as
    the message's language. ``sender`` defaults to who is speaking (``senders``).
    """
    message = plain_message(message)
    fields = dict(
        **authorship(sender),
        conversation=conversation,
        identity=identity,
        account=identity.account,
        direction=Direction.OUTBOUND,
        kind=message.kind,
        text=message.preview(),
        content=message.to_dict(),
        purpose=purpose,
        category=category,
    )
    try:
        with transaction.atomic():
            row = Message.objects.create(**fields)
    except IntegrityError:
        if not purpose:
            raise
        return None
    Conversation.objects.filter(pk=conversation.pk).update(
        last_message_at=row.created_at
    )
    message_id = str(row.id)
    transaction.on_commit(lambda: enqueue_send(message_id))
    return row


def authorship(sender: str = "") -> dict:
    """Who writes a message queued now, in which language, and in answer to what."""
    speaker = current_speaker()
    sender = sender or speaker.sender
    answering = sender == MessageSender.ASSISTANT == speaker.sender
    return {
        "sender": sender,
        "reply_to": speaker.reply_to if answering else None,
        # What staff write is theirs: the language active in their request says nothing.
        "language_code": ""
        if sender == MessageSender.STAFF
        else translation.get_language() or "",
    }


def enqueue_send(message_id: str) -> None:
    enqueue(send_message, message_id, recorded=True)  # the queued row is the record


def record_unsendable(
    conversation: Conversation,
    identity: ContactIdentity | None,
    message: OutboundMessage,
    reason: str,
    *,
    purpose: str = "",
    code: str = "not_sendable",
    category: str = MessageCategory.REPLY,
    sender: str = "",
) -> Message | None:
    """A message the rules forbid is stored as failed with the reason, never dropped."""
    message = plain_message(message)
    account = identity.account if identity else None
    if account is None:
        logger.info(
            "Not sendable (%s) for conversation %s: no identity",
            reason,
            conversation.pk,
        )
        return None
    try:
        with transaction.atomic():
            return Message.objects.create(
                **authorship(sender),
                conversation=conversation,
                identity=identity,
                account=account,
                direction=Direction.OUTBOUND,
                kind=message.kind,
                text=message.preview(),
                content=message.to_dict(),
                purpose=purpose,
                category=category,
                status=DeliveryStatus.FAILED,
                error_code=code,
                error_reason=reason,
                updated_at=timezone.now(),
            )
    except IntegrityError:
        return None


MAX_SEND_ATTEMPTS = int(os.environ.get("CONVERSATIONAL_MAX_SEND_ATTEMPTS", 8))


STUCK_SENDING_AFTER = timedelta(minutes=10)


REQUEUE_QUEUED_AFTER = timedelta(minutes=2)


# A row the sweeper re-enqueued is not picked again before this (its task may be
# waiting in a long broker queue).
REQUEUE_AGAIN_AFTER = timedelta(minutes=5)


# A task that arrives this close to its slot sends at once.
ON_TIME = 0.05


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
        if row.account is None:
            raise ValueError("its messaging account was deleted")
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


@task(bind=True, max_retries=None)
@allow_writer()
def send_message(self, message_id: str, slot: float | None = None) -> str:
    """Send one queued message; ``slot`` is the pacing slot reserved for it earlier."""
    prepared = _prepare(message_id)
    if prepared is None:
        return "skipped"
    row, message, adapter = prepared
    if _rescheduled_for_slot(row, slot):
        return "paced"
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
            degrade(adapter.prepare(message), adapter.capabilities, degrade_texts(row)),
        )
    except UncertainSendError as exc:
        _settle(
            message_id,
            status=DeliveryStatus.UNCERTAIN,
            error_code=exc.code or "uncertain",
            error_reason=(
                f"delivery unknown: {exc.reason}; not resent automatically to avoid "
                "a duplicate"
            ),
        )
        return DeliveryStatus.UNCERTAIN
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
    if adapter.wakes_after_send:
        wake(row.account_id, row.identity.address)
    return status


def _rescheduled_for_slot(row, slot: float | None) -> bool:
    """Pace the account without sleeping: when the row's slot (reserved now, or by the
    task that rescheduled it) is still ahead, hand the send back to Celery for then."""
    if slot is None:
        slot = reserve_slot(str(row.account_id), row.account.rate_limit())
    wait = slot - time.time()
    if wait <= ON_TIME or app.conf.task_always_eager:  # eager: no queue to wait in
        return False
    Message.objects.filter(pk=row.pk, status=DeliveryStatus.QUEUED).update(
        next_attempt_at=datetime.fromtimestamp(slot, tz=UTC)
    )
    try:
        send_message.apply_async((str(row.pk),), {"slot": slot}, countdown=wait)
    except Exception:
        logger.warning(
            "Could not reschedule message %s; the sweeper will send it", row.pk
        )
    return True


def requeue_waiting(now) -> int:
    """Queued rows whose task a broker outage or a lost worker dropped: overdue for
    longer than ``REQUEUE_QUEUED_AFTER``. Each is claimed by moving its
    ``next_attempt_at`` on, so it is re-enqueued at most once per
    ``REQUEUE_AGAIN_AFTER``, not every minute while a long queue drains."""
    with transaction.atomic():
        waiting = list(
            Message.objects.select_for_update(skip_locked=True)
            .filter(
                status=DeliveryStatus.QUEUED,
                next_attempt_at__lt=now - REQUEUE_QUEUED_AFTER,
            )
            .order_by("next_attempt_at")
            .values_list("pk", flat=True)[:1000]
        )
        Message.objects.filter(pk__in=waiting).update(
            next_attempt_at=now + REQUEUE_AGAIN_AFTER
        )
    for message_id in waiting:
        enqueue_send(str(message_id))
    return len(waiting)


def settle_interrupted(now) -> int:
    """Rows claimed by a worker that died during the provider call: delivery is
    unknown, so they end ``uncertain`` with the reason, never resent (at most once)."""
    return Message.objects.filter(
        status=DeliveryStatus.SENDING, updated_at__lt=now - STUCK_SENDING_AFTER
    ).update(
        status=DeliveryStatus.UNCERTAIN,
        error_code="interrupted",
        updated_at=now,
        error_reason=(
            "the worker stopped during the provider call, so delivery is unknown; "
            "not resent automatically to avoid a duplicate"
        ),
    )
