"""What staff (and developers) do with a conversation: reply, note, assign, set status."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from saleor_conversational.channels.messages import Template, Text
from saleor_conversational.contacts.identities import reply_identity
from saleor_conversational.messaging import policy
from saleor_conversational.messaging.outbound import queue_message
from saleor_conversational.models import (
    ContactIdentity,
    Conversation,
    ConversationNote,
    ConversationStatus,
    Direction,
    Message,
    MessageCategory,
)

MAX_TEXT = 4096
MAX_NOTE = 10000


class NotSendable(Exception):
    """The channel rules forbid this message now; nothing was queued."""


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
        problem = policy.template_problem(draft, message, identity.account.adapter())
        if problem:
            raise NotSendable(problem)
    reason = policy.blocked_reason(draft, policy.window_fallback(draft, message))
    if reason:
        raise NotSendable(reason)
    with transaction.atomic():
        row = queue_message(conversation, identity, message)
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
    Conversation.objects.filter(pk=conversation.pk).update(
        **updates, updated_at=timezone.now()
    )
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


def hand_over(conversation: Conversation) -> None:
    """People take the conversation: on request, after misunderstanding, or when staff reply."""
    Conversation.objects.filter(pk=conversation.pk).update(
        handed_over=True, misunderstood_count=0
    )
    conversation.handed_over = True


def give_back(conversation: Conversation) -> None:
    """Staff resolve the conversation or hand it back: the bot answers again."""
    Conversation.objects.filter(pk=conversation.pk).update(
        handed_over=False, misunderstood_count=0
    )
    conversation.handed_over = False
