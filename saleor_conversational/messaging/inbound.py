"""Inbound: verify, de-duplicate, store and acknowledge fast; process in a task."""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from saleor.core.db.connection import allow_writer

from saleor_conversational.channels.errors import ChannelError
from saleor_conversational.channels.events import (
    DeliveryStatus,
    InboundMessage,
    StatusUpdate,
)
from saleor_conversational.channels.events import InboundEvent as NormalizedEvent
from saleor_conversational.contacts.consent import consent_state, set_consent
from saleor_conversational.contacts.identities import (
    conversation_for,
    find_or_create_identity,
)
from saleor_conversational.core.crypto import DecryptionError
from saleor_conversational.core.json_limits import unfit, unfit_text
from saleor_conversational.jobs import backoff_seconds, enqueue, task
from saleor_conversational.messaging import policy, replay
from saleor_conversational.messaging.codec import decode_event, encode_event
from saleor_conversational.messaging.signals import message_received
from saleor_conversational.models import (
    ConsentPurpose,
    Contact,
    ContactIdentity,
    Conversation,
    ConversationEvent,
    ConversationEventKind,
    ConversationStatus,
    Direction,
    InboundEvent,
    Message,
    MessageSender,
    MessagingAccount,
)

logger = logging.getLogger(__name__)

STATUS_WAIT = timedelta(minutes=10)
REQUEUE_UNPROCESSED_AFTER = timedelta(minutes=2)
MAX_INBOUND_ATTEMPTS = 5


class StatusTargetNotFound(Exception):
    pass


def _dedupe_key(event: NormalizedEvent) -> str:
    key = event.dedupe_key
    return (
        key if len(key) <= 300 else "sha256:" + hashlib.sha256(key.encode()).hexdigest()
    )


def store_events(
    account: MessagingAccount, events: list[NormalizedEvent]
) -> tuple[list[int], list[str]]:
    """Store new events (duplicates and replays are skipped) and enqueue them after the
    commit: (ids stored, why each unfit event was refused). One statement
    (``replay.insert_new``): outside a transaction it is its own commit, and the enqueue
    follows it."""
    new: dict[str, replay.NewEvent] = {}
    refusals: list[str] = []
    for event in events:
        payload = encode_event(event)
        if reason := unfit(payload) or unfit_text(event.dedupe_key):
            refusals.append(reason)
            continue
        key = _dedupe_key(event)
        new.setdefault(key, replay.NewEvent(key, payload, _sender(event)))
    stored = replay.insert_new(account.pk, list(new.values()), timezone.now())
    if stored:
        transaction.on_commit(lambda: _enqueue(stored))
    return stored, refusals


def _sender(event: NormalizedEvent) -> str:
    sender = getattr(event, "sender", "")
    return sender[:255] if isinstance(sender, str) else ""


def _enqueue(event_ids: list[int]) -> None:
    for event_id in event_ids:  # the stored event is the record the sweeper scans
        enqueue(process_inbound_event, event_id, recorded=True)


def _enqueue_read_receipt(message_id: str) -> None:
    # A read receipt is best effort: not worth a retry loop.
    enqueue(mark_inbound_read, message_id, recorded=True)


# -- processing (in the task) ---------------------------------------------------------


def process_event(event_id: int) -> str:
    """Process one stored event. The attempt is counted in a transaction of its own
    first, so a failure that rolls the processing back still counts: after
    ``MAX_INBOUND_ATTEMPTS`` the event is ``failed`` with the reason, never retried."""
    if not _count_attempt(event_id):
        return "already processed"
    try:
        return _process(event_id)
    except StatusTargetNotFound:
        raise
    except Exception as exc:
        _record_failure(event_id, exc)
        raise


def _count_attempt(event_id: int) -> bool:
    with transaction.atomic():
        return bool(
            InboundEvent.objects.filter(
                pk=event_id, processed_at__isnull=True, failed_at__isnull=True
            ).update(attempts=F("attempts") + 1)
        )


def _record_failure(event_id: int, exc: Exception) -> None:
    """Keep the reason; at the last attempt give up, tie the event to the sender's
    contact where there is one (it is erased with them) and tell staff."""
    reason = f"{type(exc).__name__}: {exc}"[:2000]
    row = InboundEvent.objects.select_related("account").filter(pk=event_id).first()
    if row is None:
        return
    fields = {"error": reason}
    if row.attempts >= MAX_INBOUND_ATTEMPTS:
        identity = ContactIdentity.objects.filter(
            account_id=row.account_id, address=row.sender
        ).first()
        fields.update(
            failed_at=timezone.now(),
            contact_id=identity.contact_id if identity else row.contact_id,
        )
        logger.error(
            "Inbound event %s of %s failed %s times, given up: %s",
            event_id,
            row.account,
            row.attempts,
            reason,
        )
    InboundEvent.objects.filter(pk=event_id).update(**fields)


def _process(event_id: int) -> str:
    with transaction.atomic():
        row = (
            InboundEvent.objects.select_for_update(of=("self",))
            .select_related("account")
            .filter(pk=event_id, processed_at__isnull=True, failed_at__isnull=True)
            .first()
        )
        if row is None:
            return "already processed"
        row.error = ""  # an earlier attempt's failure
        event = decode_event(row.payload)
        if isinstance(event, StatusUpdate):
            outcome = apply_status(row, event)
        else:
            outcome = handle_message(row, event)
        row.payload = {}
        row.processed_at = timezone.now()
        row.save(update_fields=["payload", "processed_at", "contact", "error"])
    return outcome


def apply_status(row: InboundEvent, status: StatusUpdate) -> str:
    message = (
        Message.objects.select_for_update()
        .filter(
            account_id=row.account_id, provider_message_id=status.provider_message_id
        )
        .first()
    )
    if message is None:
        if timezone.now() - row.received_at < STATUS_WAIT:
            raise StatusTargetNotFound(status.provider_message_id)
        row.error = "status for a message this account never sent"
        return "unknown message"
    row.contact_id = message.conversation.contact_id
    if not message.delivery_status.can_move_to(status.status):
        return "ignored (not newer)"
    at = status.timestamp or timezone.now()
    fields = {"status": status.status.value, "updated_at": timezone.now()}
    if status.status == DeliveryStatus.DELIVERED:
        fields["delivered_at"] = at
    elif status.status == DeliveryStatus.READ:
        fields["read_at"] = at
        fields["delivered_at"] = message.delivered_at or at
    elif status.status == DeliveryStatus.FAILED:
        fields["error_code"] = status.error_code
        fields["error_reason"] = (
            status.error_reason or "the provider reported a failure"
        )
    Message.objects.filter(pk=message.pk).update(**fields)
    return status.status.value


def handle_message(row: InboundEvent, event: InboundMessage) -> str:
    account = row.account
    identity = find_or_create_identity(account, event.sender, event.sender_name)
    contact = identity.contact
    row.contact_id = contact.pk
    # One inbound message per conversation at a time, until this event commits: two answers
    # processed at once (a double tap, two workers) must not both act on the same dialogue
    # step or hand-over state, and the second must see what the first changed.
    conversation = (
        Conversation.objects.select_for_update(of=("self",))
        .select_related("contact")
        .get(pk=conversation_for(contact, account.channel_id).pk)
    )
    now = timezone.now()
    message = Message.objects.create(
        conversation=conversation,
        identity=identity,
        account=account,
        direction=Direction.INBOUND,
        sender=MessageSender.SHOPPER,
        kind=event.kind.value,
        text=event.text,
        content=encode_event(event),
        provider_message_id=event.provider_message_id,
        status=DeliveryStatus.DELIVERED,
        created_at=event.timestamp or now,
        delivered_at=now,
    )
    if account.capabilities.read_receipts and account.settings.get("read_receipts"):
        message_id = str(message.pk)
        transaction.on_commit(lambda: _enqueue_read_receipt(message_id))
    ContactIdentity.objects.filter(pk=identity.pk).update(last_inbound_at=now)
    identity.last_inbound_at = now
    Contact.objects.filter(pk=contact.pk).update(
        preferred_identity=identity, updated_at=now
    )
    updates = {"last_message_at": now}
    if conversation.status in (ConversationStatus.RESOLVED, ConversationStatus.SNOOZED):
        updates.update(status=ConversationStatus.OPEN, snoozed_until=None)
    if conversation.status == ConversationStatus.RESOLVED:
        ConversationEvent.objects.create(
            conversation=conversation,
            kind=ConversationEventKind.REOPENED,
            actor=MessageSender.SHOPPER,
            message=message,
        )
    Conversation.objects.filter(pk=conversation.pk).update(**updates)
    for field, value in updates.items():
        setattr(conversation, field, value)

    keyword = keyword_action(account, event.text)
    if keyword == "stop":
        for purpose in ConsentPurpose.values:
            set_consent(contact.pk, account.kind, purpose, False, "keyword_stop")
        return "opted out"
    if keyword == "start":
        set_consent(
            contact.pk,
            account.kind,
            ConsentPurpose.TRANSACTIONAL,
            True,
            "keyword_start",
        )
    elif consent_state(contact.pk, account.kind, ConsentPurpose.TRANSACTIONAL) is None:
        # The shopper started the conversation: the basis for transactional updates.
        set_consent(
            contact.pk,
            account.kind,
            ConsentPurpose.TRANSACTIONAL,
            True,
            "conversation_started",
        )
    if not keyword:
        marketing = policy.marketing_keyword(event.text)
        if marketing:
            set_consent(
                contact.pk,
                account.kind,
                ConsentPurpose.MARKETING,
                marketing == "subscribe",
                f"keyword_{marketing}",
            )
            keyword = f"marketing_{marketing}"

    message_received.send(
        sender=Message,
        conversation=conversation,
        identity=identity,
        message=message,
        keyword=keyword,
    )
    return "message"


def keyword_action(account: MessagingAccount, text: str) -> str:
    """STOP / START / HELP on channels that have keyword rules (SMS)."""
    if not account.capabilities.opt_out_keywords:
        return ""
    word = text.strip().lower().strip(".!")
    extra_stop = {w.lower() for w in account.settings.get("opt_out_keywords", [])}
    extra_start = {w.lower() for w in account.settings.get("opt_in_keywords", [])}
    if word in policy.OPT_OUT_WORDS | extra_stop:
        return "stop"
    if word in policy.OPT_IN_WORDS | extra_start:
        return "start"
    if word in policy.HELP_WORDS:
        return "help"
    return ""


@task(bind=True, max_retries=20)
@allow_writer()
def process_inbound_event(self, event_id: int) -> str:
    try:
        return process_event(event_id)
    except StatusTargetNotFound as exc:
        # A status can overtake the commit that records the provider id: try again.
        raise self.retry(countdown=backoff_seconds(self.request.retries + 1)) from exc
    except Exception as exc:
        if InboundEvent.objects.filter(pk=event_id, failed_at__isnull=False).exists():
            return "failed"
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


def requeue_unprocessed(now) -> int:
    """Stored events whose task a broker outage or a lost worker dropped, oldest
    first; failed ones (attempts used up) are left for staff."""
    waiting = (
        InboundEvent.objects.filter(
            processed_at__isnull=True,
            failed_at__isnull=True,
            received_at__lt=now - REQUEUE_UNPROCESSED_AFTER,
        )
        .order_by("received_at")
        .values_list("pk", flat=True)[:1000]
    )
    for event_id in waiting:
        process_inbound_event.delay(event_id)
    return len(waiting)
