"""Who on the team is replying to a conversation right now (a short-lived cache entry)."""

from __future__ import annotations

import time

from django.core.cache import cache

REPLYING_SECONDS = 20


def _key(conversation_id) -> str:
    return f"saleor-conversational:replying:{conversation_id}"


def mark_replying(conversation_id, user_id: int) -> None:
    """``user_id`` is typing a reply; it counts for REPLYING_SECONDS."""
    now = time.time()
    current = {
        int(k): v
        for k, v in (cache.get(_key(conversation_id)) or {}).items()
        if now - v < REPLYING_SECONDS
    }
    current[user_id] = now
    cache.set(_key(conversation_id), current, REPLYING_SECONDS)


def replying_user_ids(conversation_id) -> list[int]:
    now = time.time()
    current = cache.get(_key(conversation_id)) or {}
    return sorted(int(k) for k, v in current.items() if now - v < REPLYING_SECONDS)
