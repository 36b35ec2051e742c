"""Web chat sessions the shopper ended: refused from then on, and woken if waiting."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction

from saleor_conversational.channels.webchat.adapter import MAX_SESSION_HOURS
from saleor_conversational.messaging.wakeup import wake
from saleor_conversational.models import EndedWebChatSession, MessagingAccount

END_REASONS = ("reset", "logout")


def has_ended(account: MessagingAccount, session_id: str) -> bool:
    return EndedWebChatSession.objects.filter(
        account=account, session_id=session_id
    ).exists()


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
