"""Web chat sessions the shopper ended: refused from then on, and woken if waiting."""

from __future__ import annotations

from django.db import transaction

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
