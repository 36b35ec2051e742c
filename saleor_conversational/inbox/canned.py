"""Canned responses: saved replies with variables, and who else is replying right now."""

from __future__ import annotations

import re

from django.core.cache import cache

from saleor_conversational.models import Conversation

VARIABLE = re.compile(r"\{\{\s*(\w+)\s*\}\}")
VARIABLES = ("first_name", "name", "email", "shop_channel", "agent_first_name")
REPLYING_SECONDS = 20


def render(text: str, conversation: Conversation, agent=None) -> str:
    """``text`` with its known variables filled; unknown ones are left as written."""
    contact = conversation.contact
    user = contact.user if contact.user_id else None
    name = (
        f"{user.first_name} {user.last_name}".strip() if user else ""
    ) or contact.name
    values = {
        "first_name": (
            user.first_name
            if user and user.first_name
            else name.split(" ")[0]
            if name
            else ""
        ),
        "name": name,
        "email": contact.email or (user.email if user else ""),
        "shop_channel": conversation.channel.name,
        "agent_first_name": getattr(agent, "first_name", "") or "",
    }
    return VARIABLE.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def _key(conversation_id) -> str:
    return f"saleor-conversational:replying:{conversation_id}"


def mark_replying(conversation_id, user_id: int) -> None:
    """``user_id`` is typing a reply; it counts for REPLYING_SECONDS."""
    import time

    now = time.time()
    current = {
        int(k): v
        for k, v in (cache.get(_key(conversation_id)) or {}).items()
        if now - v < REPLYING_SECONDS
    }
    current[user_id] = now
    cache.set(_key(conversation_id), current, REPLYING_SECONDS)


def replying_user_ids(conversation_id) -> list[int]:
    import time

    now = time.time()
    current = cache.get(_key(conversation_id)) or {}
    return sorted(int(k) for k, v in current.items() if now - v < REPLYING_SECONDS)
