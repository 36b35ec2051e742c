"""Outbound messages: a row first, sent by a Celery task after the commit."""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from saleor_conversational.channels.events import DeliveryStatus
from saleor_conversational.channels.messages import OutboundMessage
from saleor_conversational.models import (
    ContactIdentity,
    Conversation,
    Direction,
    Message,
    MessageCategory,
)

logger = logging.getLogger(__name__)


def queue_message(
    conversation: Conversation,
    identity: ContactIdentity,
    message: OutboundMessage,
    *,
    purpose: str = "",
    category: str = MessageCategory.REPLY,
) -> Message | None:
    """Store the message and send it once the transaction commits.

    With a ``purpose`` the message exists at most once per conversation: a second call
    (a hook fired twice, two workers racing) returns None and sends nothing.
    """
    fields = dict(
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


def enqueue_send(message_id: str) -> None:
    from saleor_conversational.tasks import send_message

    try:
        send_message.delay(message_id)
    except Exception:  # broker down: the sweeper re-enqueues queued rows
        logger.warning(
            "Could not enqueue message %s; the sweeper will retry", message_id
        )


def record_unsendable(
    conversation: Conversation,
    identity: ContactIdentity | None,
    message: OutboundMessage,
    reason: str,
    *,
    purpose: str = "",
    code: str = "not_sendable",
    category: str = MessageCategory.REPLY,
) -> Message | None:
    """A message the rules forbid is stored as failed with the reason, never dropped."""
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
