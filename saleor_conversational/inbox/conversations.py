"""What staff (and developers) do with a conversation: reply, note, assign, set status."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from saleor_conversational.channels.errors import ConfigurationError
from saleor_conversational.channels.messages import Template, Text
from saleor_conversational.contacts.identities import reply_identity
from saleor_conversational.core.crypto import DecryptionError
from saleor_conversational.messaging import policy
from saleor_conversational.messaging.outbound import queue_message
from saleor_conversational.messaging.senders import current_speaker
from saleor_conversational.models import (
    ContactIdentity,
    Conversation,
    ConversationEvent,
    ConversationEventKind,
    ConversationNote,
    ConversationStatus,
    Direction,
    Message,
    MessageCategory,
    MessageSender,
)

MAX_TEXT = 4096
MAX_NOTE = 10000


class NotSendable(Exception):
    """The channel rules forbid this message now; nothing was queued."""


def _adapter(identity: ContactIdentity):
    # Caught here: an adapter error's frames hold the decrypted configuration.
    try:
        return identity.account.adapter()
    except ConfigurationError as exc:
        raise NotSendable(f"the messaging account is not configured: {exc}") from None
    except DecryptionError:
        raise NotSendable(
            "the messaging account's credentials cannot be decrypted: enter them again"
        ) from None


def send_staff_message(
    conversation: Conversation,
    *,
    text: str = "",
    template: Template | None = None,
    identity: ContactIdentity | None = None,
    content=None,
) -> Message:
    """Queue a staff reply (``text``, a ``template``, or a ready message such as product
    cards as ``content``) after checking the rules, and take the conversation from the bot."""
    if conversation.channel_id is None:
        raise NotSendable(
            "the conversation's sales channel was deleted: it is kept as history"
        )
    identity = identity or reply_identity(conversation)
    if identity is None:
        raise NotSendable(
            "the contact has no address on a messaging channel of this sales channel"
        )
    message = template or content or Text(text=text)
    draft = Message(
        conversation=conversation,
        identity=identity,
        account=identity.account,
        direction=Direction.OUTBOUND,
        kind=message.kind,
        category=MessageCategory.REPLY,
    )
    if template is not None:
        problem = policy.template_problem(draft, message, _adapter(identity))
        if problem:
            raise NotSendable(problem)
    reason = policy.blocked_reason(draft, policy.window_fallback(draft, message))
    if reason:
        raise NotSendable(reason)
    with transaction.atomic():
        row = queue_message(conversation, identity, message, sender=MessageSender.STAFF)
        if _status_of(conversation) == ConversationStatus.RESOLVED:
            record(conversation, ConversationEventKind.REOPENED, MessageSender.STAFF)
        updates = {
            "handed_over": True,
            "misunderstood_count": 0,
            "last_read_at": timezone.now(),
        }
        if conversation.status in (
            ConversationStatus.RESOLVED,
            ConversationStatus.SNOOZED,
        ):
            updates.update(status=ConversationStatus.OPEN, snoozed_until=None)
        Conversation.objects.filter(pk=conversation.pk).update(**updates)
    return row


def set_status(
    conversation: Conversation, status: str, snoozed_until=None
) -> Conversation:
    updates = {
        "status": status,
        "snoozed_until": snoozed_until
        if status == ConversationStatus.SNOOZED
        else None,
    }
    before = _status_of(conversation)
    Conversation.objects.filter(pk=conversation.pk).update(
        **updates, updated_at=timezone.now()
    )
    if before != status and ConversationStatus.RESOLVED in (before, status):
        kind = (
            ConversationEventKind.RESOLVED
            if status == ConversationStatus.RESOLVED
            else ConversationEventKind.REOPENED
        )
        record(conversation, kind)
    if status == ConversationStatus.RESOLVED:
        give_back(conversation)
    conversation.refresh_from_db()
    return conversation


def assign(conversation: Conversation, user) -> Conversation:
    Conversation.objects.filter(pk=conversation.pk).update(
        assignee=user, updated_at=timezone.now()
    )
    conversation.refresh_from_db()
    return conversation


def add_note(
    conversation: Conversation, text: str, *, author=None, app=None
) -> ConversationNote:
    return ConversationNote.objects.create(
        conversation=conversation, text=text, author=author, app=app
    )


def mark_read(conversation: Conversation) -> Conversation:
    Conversation.objects.filter(pk=conversation.pk).update(last_read_at=timezone.now())
    conversation.refresh_from_db()
    return conversation


def wake_snoozed(now=None) -> int:
    """Snoozed conversations whose time has come are open again."""
    return Conversation.objects.filter(
        status=ConversationStatus.SNOOZED, snoozed_until__lte=now or timezone.now()
    ).update(status=ConversationStatus.OPEN, snoozed_until=None)


def hand_over(conversation: Conversation, *, requested: bool = False) -> None:
    """People take the conversation: on request (``requested``: the shopper asked),
    after misunderstanding, when the assistant cannot help, or when staff take it."""
    changed = Conversation.objects.filter(pk=conversation.pk, handed_over=False).update(
        handed_over=True, misunderstood_count=0
    )
    if changed:
        actor = MessageSender.SHOPPER if requested else None
        record(conversation, ConversationEventKind.HANDED_OVER, actor)
    else:
        Conversation.objects.filter(pk=conversation.pk).update(misunderstood_count=0)
    conversation.handed_over = True
    conversation.misunderstood_count = 0


def give_back(conversation: Conversation) -> None:
    """Staff resolve the conversation or hand it back: the bot answers again."""
    changed = Conversation.objects.filter(pk=conversation.pk, handed_over=True).update(
        handed_over=False, misunderstood_count=0
    )
    if not changed:
        Conversation.objects.filter(pk=conversation.pk).update(misunderstood_count=0)
    else:
        record(conversation, ConversationEventKind.GIVEN_BACK)
    conversation.handed_over = False


def record(
    conversation: Conversation, kind: str, actor: str | None = None
) -> ConversationEvent:
    """Keep a change of hands or status in the conversation's history, by whoever is
    speaking (``messaging.senders``) unless ``actor`` says otherwise."""
    speaker = current_speaker()
    return ConversationEvent.objects.create(
        conversation=conversation,
        kind=kind,
        actor=actor or speaker.sender,
        message=speaker.reply_to,
    )


def _status_of(conversation: Conversation) -> str | None:
    return (
        Conversation.objects.filter(pk=conversation.pk)
        .values_list("status", flat=True)
        .first()
    )
