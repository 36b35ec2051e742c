"""Waking web chat long polls when their reply is sent, without a connection per poll.

The send task publishes on the session's Redis channel. A process's waiting polls share
one pattern subscription (``ReplyWaiters``, one per event loop): the listener sets the
events of the polls waiting for that session. Without Redis a waiting poll re-checks
the database every second.
"""

from __future__ import annotations

import asyncio
import logging
import os
import weakref
from collections.abc import Awaitable, Callable

from saleor_conversational.core.ratelimit import redis_client, redis_url

logger = logging.getLogger(__name__)

MAX_WAIT_SECONDS = 25
PREFIX = "conversational:webchat:"
RECHECK_SECONDS = 1.0  # without a working subscription
SUBSCRIBE_TIMEOUT = 2.0
RECONNECT_SECONDS = 2.0


def session_key(account_id, session_id: str) -> str:
    return f"{account_id}:{session_id}"


def wake(account_id, session_id: str) -> None:
    client = redis_client()
    if client is None:
        return
    try:
        client.publish(PREFIX + session_key(account_id, session_id), b"1")
    except Exception:  # a missed wake-up only delays the reply to the next poll
        logger.info("Could not wake web chat session %s", session_id)


def connection_name() -> str:
    """The Redis client name of this process's one subscription (``CLIENT LIST``)."""
    return f"conversational-webchat-waits-{os.getpid()}"


class ReplyWaiters:
    """The waiting polls of one event loop, woken over one Redis subscription."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._waiting: dict[str, set[asyncio.Event]] = {}
        self._subscribed = asyncio.Event()
        self._listener: asyncio.Task | None = None

    async def wait(
        self, key: str, seconds: float, ready: Callable[[], Awaitable[bool]]
    ) -> None:
        """Return when ``ready()`` is true or ``seconds`` have passed.

        ``ready`` runs once after the subscription is up (a reply sent before that was
        published to nobody), then only when woken, or every second without Redis.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + min(seconds, MAX_WAIT_SECONDS)
        woken = asyncio.Event()
        self._waiting.setdefault(key, set()).add(woken)
        try:
            await self._until_subscribed(deadline)
            while not await ready():
                remaining = deadline - loop.time()
                if remaining <= 0:
                    return
                step = remaining if self._subscribed.is_set() else RECHECK_SECONDS
                woken.clear()
                try:
                    await asyncio.wait_for(woken.wait(), min(step, remaining))
                except TimeoutError:
                    pass
        finally:
            waiting = self._waiting.get(key)
            if waiting is not None:
                waiting.discard(woken)
                if not waiting:
                    del self._waiting[key]

    def wake_local(self, key: str) -> None:
        for event in self._waiting.get(key, ()):
            event.set()

    async def _until_subscribed(self, deadline: float) -> None:
        if not self.url:
            return
        if self._listener is None or self._listener.done():
            self._listener = asyncio.get_running_loop().create_task(self._listen())
        timeout = min(SUBSCRIBE_TIMEOUT, deadline - asyncio.get_running_loop().time())
        try:
            await asyncio.wait_for(self._subscribed.wait(), max(timeout, 0))
        except TimeoutError:
            pass  # re-checks every second until the subscription is up

    async def _listen(self) -> None:
        import redis.asyncio

        while True:
            client = redis.asyncio.Redis.from_url(
                self.url, client_name=connection_name()
            )
            pubsub = client.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.psubscribe(PREFIX + "*")
                self._subscribed.set()
                async for message in pubsub.listen():
                    channel = message.get("channel") or b""
                    if isinstance(channel, bytes):
                        channel = channel.decode(errors="replace")
                    self.wake_local(channel.removeprefix(PREFIX))
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning(
                    "Web chat wake-ups lost their Redis subscription; reconnecting",
                    exc_info=True,
                )
            finally:
                self._subscribed.clear()
                for events in list(self._waiting.values()):
                    for event in events:
                        event.set()  # re-check now, then every second
                try:
                    await pubsub.aclose()
                    await client.aclose()
                except Exception:
                    pass
            await asyncio.sleep(RECONNECT_SECONDS)


_per_loop: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, ReplyWaiters] = (
    weakref.WeakKeyDictionary()
)


def reply_waiters() -> ReplyWaiters:
    """This event loop's waiters (uvicorn runs one loop per process)."""
    loop = asyncio.get_running_loop()
    waiters = _per_loop.get(loop)
    if waiters is None or waiters.url != redis_url():
        if waiters is not None and waiters._listener is not None:
            waiters._listener.cancel()
        waiters = _per_loop[loop] = ReplyWaiters(redis_url())
    return waiters
