"""A deleted Saleor customer leaves no chat data behind.

``Contact.user`` cascades, so Saleor's own delete removes linked contacts with their
identities, conversations, messages and consents in the same transaction. This task
is the safety net run from the deletion hooks: anything still pointing at the user.
"""

from __future__ import annotations

from saleor_conversational.models import Contact


def erase_customer(user_id: int, email: str = "") -> int:
    deleted, _ = Contact.objects.filter(user_id=user_id).delete()
    return deleted
