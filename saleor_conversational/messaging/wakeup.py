"""Long polling for web chat without holding a database connection while waiting.

A waiting poll subscribes to its session's Redis channel; the send task publishes
there when a reply is ready. Without Redis the poll re-checks the database every
second and closes its connection in between.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.db import connection

from saleor_conversational.core.ratelimit import redis_client

logger = logging.getLogger(__name__)

MAX_WAIT_SECONDS = 25


def _channel(account_id, session_id: str) -> str:
    return f"conversational:webchat:{account_id}:{session_id}"


def wake(account_id, session_id: str) -> None:
    client = redis_client()
    if client is None:
        return
    try:
        client.publish(_channel(account_id, session_id), b"1")
    except Exception:  # a missed wake-up only delays the reply to the next poll
        logger.info("Could not wake web chat session %s", session_id)


def wait_for_reply(
    account_id, session_id: str, seconds: float, ready: Callable[[], bool]
) -> None:
    """Return when ``ready()`` is true or ``seconds`` have passed."""
    deadline = time.monotonic() + min(seconds, MAX_WAIT_SECONDS)
    client = redis_client()
    pubsub = None
    if client is not None:
        try:
            pubsub = client.pubsub(ignore_subscribe_messages=True)
            pubsub.subscribe(_channel(account_id, session_id))
        except Exception:
            pubsub = None
    try:
        while time.monotonic() < deadline:
            if ready():
                return
            if not connection.in_atomic_block:
                connection.close()  # nobody waits holding a database connection
            remaining = deadline - time.monotonic()
            if pubsub is not None:
                pubsub.get_message(timeout=max(0.0, min(remaining, 5.0)))
            else:
                time.sleep(max(0.0, min(remaining, 1.0)))
    finally:
        if pubsub is not None:
            pubsub.close()
