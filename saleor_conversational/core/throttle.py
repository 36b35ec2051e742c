"""Request limits for public endpoints, counted in Django's cache (Redis in Saleor).

A limit allows ``count`` hits per fixed window of ``seconds`` for one key (a client, a
session, an account). Counting is ``cache.add`` + ``cache.incr``: atomic in Redis and
in the local-memory cache, so concurrent workers never both take the last hit. A
refused hit counts against the limit that refused it: a client that keeps hammering
stays refused until the window ends.

Separately, ``lock``/``locked_until`` keep a key refused until a time (lockouts).
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import math
import time
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache

PREFIX = "conversational:throttle"


@dataclasses.dataclass(frozen=True)
class Limit:
    name: str  # says what is limited, e.g. "webchat-messages-per-client"
    count: int
    seconds: int


@dataclasses.dataclass(frozen=True)
class Refusal:
    limit: Limit
    retry_after: int  # whole seconds until the window that refused ends

    @property
    def reason(self) -> str:
        return (
            f"too many requests: at most {self.limit.count} per "
            f"{_duration(self.limit.seconds)} ({self.limit.name})"
        )


def _duration(seconds: int) -> str:
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return "hour" if hours == 1 else f"{hours} hours"
    if seconds % 60 == 0:
        minutes = seconds // 60
        return "minute" if minutes == 1 else f"{minutes} minutes"
    return f"{seconds} seconds"


def anonymous_key(value: str) -> str:
    """A stable key for ``value`` (an IP address, an email) that does not reveal it."""
    secret = f"conversational-throttle:{settings.SECRET_KEY}".encode()
    return hmac.new(secret, value.encode(), hashlib.sha256).hexdigest()[:32]


def _count(key: str, seconds: int, now: float) -> int:
    window = int(now // seconds)
    name = f"{PREFIX}:{key}:{seconds}:{window}"
    cache.add(name, 0, timeout=seconds + 1)
    try:
        return cache.incr(name)
    except ValueError:  # evicted or expired between add and incr
        cache.add(name, 1, timeout=seconds + 1)
        return 1


def hit(checks: Iterable[tuple[Limit, str]]) -> Refusal | None:
    """Count one hit against each (limit, key) in turn; the first limit exceeded, else
    None. Limits after a refusal are not counted: put the narrowest first.

    A limit with a count below 1 is off.
    """
    now = time.time()
    for limit, key in checks:
        if limit.count < 1:
            continue
        if _count(f"{limit.name}:{key}", limit.seconds, now) > limit.count:
            retry_after = math.ceil(limit.seconds - now % limit.seconds)
            return Refusal(limit, max(1, retry_after))
    return None


def hits(limit: Limit, key: str) -> int:
    """Hits counted so far in the current window."""
    now = time.time()
    window = int(now // limit.seconds)
    return cache.get(f"{PREFIX}:{limit.name}:{key}:{limit.seconds}:{window}", 0)


def reset(limit: Limit, key: str) -> None:
    now = time.time()
    window = int(now // limit.seconds)
    cache.delete(f"{PREFIX}:{limit.name}:{key}:{limit.seconds}:{window}")


def lock(name: str, key: str, seconds: int) -> float:
    """Refuse ``key`` under ``name`` for ``seconds``; the time (epoch) it ends."""
    until = time.time() + seconds
    cache.set(f"{PREFIX}:lock:{name}:{key}", until, timeout=seconds)
    return until


def locked_until(name: str, key: str) -> float | None:
    until = cache.get(f"{PREFIX}:lock:{name}:{key}")
    return until if until is not None and until > time.time() else None
