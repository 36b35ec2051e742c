"""Web chat sessions the shopper ended: refused from then on, and woken if waiting."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction

from saleor_conversational.channels.webchat.adapter import MAX_SESSION_HOURS
from saleor_conversational.messaging.wakeup import wake
from saleor_conversational.models import (
    ContactIdentity,
    EndedWebChatSession,
    MessagingAccount,
)

END_REASONS = ("reset", "logout")  # what the shopper may give; "signed-out" is ours


def has_ended(account: MessagingAccount, session_id: str) -> bool:
    if EndedWebChatSession.objects.filter(
        account=account, session_id=session_id
    ).exists():
        return True
    if signed_out_everywhere(account, session_id):
        end_session(account, session_id, "signed-out")
        return True
    return False


def signed_out_everywhere(account: MessagingAccount, session_id: str) -> bool:
    """The session was identified as a customer whose Saleor tokens have all been
    revoked since (``tokensDeactivateAll``), or who is no longer linked to it."""
    row = (
        ContactIdentity.objects.filter(account=account, address=session_id)
        .exclude(user_token_key="")
        .values_list("user_token_key", "contact__user__jwt_token_key")
        .first()
    )
    return row is not None and row[0] != row[1]


def remember_identified(account: MessagingAccount, session_id: str, user) -> None:
    """The session was identified as ``user``: it lives as long as their tokens do."""
    ContactIdentity.objects.filter(account=account, address=session_id).update(
        user_token_key=user.jwt_token_key
    )


def end_session(account: MessagingAccount, session_id: str, reason: str) -> None:
    EndedWebChatSession.objects.get_or_create(
        account=account, session_id=session_id, defaults={"reason": reason}
    )
    # A poll still waiting on the session answers now (and its next one is refused).
    transaction.on_commit(lambda: wake(account.pk, session_id))


def purge_ended(now: datetime, batch: int = 10_000) -> int:
    """Forget ended sessions whose tokens have expired anyway: a token is issued before
    its session ends and lives at most MAX_SESSION_HOURS, whatever the account says."""
    cutoff = now - timedelta(hours=MAX_SESSION_HOURS)
    old = EndedWebChatSession.objects.filter(ended_at__lt=cutoff).values("pk")[:batch]
    deleted, _ = EndedWebChatSession.objects.filter(pk__in=old).delete()
    return deleted
