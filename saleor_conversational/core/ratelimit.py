"""Per-account send pacing shared by every worker (Redis), at the provider's rate.

Each send reserves the next free slot ``1/rate`` seconds after the previous one; the
send task is rescheduled for its slot (``messaging/outbound.py``), never put to sleep,
so a backlog holds no worker. A steady rate at or below the limit across any number of
workers; without Redis the pacing is per process.
"""

from __future__ import annotations

import os
import threading
import time

from django.conf import settings

_RESERVE = """
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, nxt)
-- Kept for as long as reservations run ahead (plus a minute), or a pause in a long
-- backlog would forget the slots still waiting.
local ttl = math.ceil((slot + interval - now) * 1000) + 60000
redis.call('SET', KEYS[1], tostring(slot + interval), 'PX', ttl)
return tostring(slot)
"""

_local_next: dict[str, float] = {}
_local_lock = threading.Lock()
_redis_client = None


def redis_url() -> str:
    url = os.environ.get("CONVERSATIONAL_REDIS_URL") or getattr(
        settings, "CONVERSATIONAL_REDIS_URL", ""
    )
    if not url:
        broker = getattr(settings, "CELERY_BROKER_URL", "") or ""
        url = broker if broker.startswith("redis") else ""
    return url


def redis_client():
    return _redis()


def _redis():
    global _redis_client
    if _redis_client is None and redis_url():
        import redis

        _redis_client = redis.Redis.from_url(redis_url())
    return _redis_client


# Slots are spaced a little wider than 1/rate: network jitter can bunch sends that left
# on time, and the provider counts arrivals.
HEADROOM = 0.98


# The rates an account may be set to: below 0.1/s a backlog waits for hours; a negative
# or zero rate would turn pacing off (or divide by zero).
MIN_RATE = 0.1
MAX_RATE = 1000.0


def rate_problem(rate: float) -> str:
    """Why ``rate`` (messages per second) cannot pace an account, or ""."""
    if MIN_RATE <= rate <= MAX_RATE:  # False for NaN too
        return ""
    return (
        f"messages per second must be between {MIN_RATE:g} and {MAX_RATE:g}, "
        f"not {rate:g}."
    )


def bounded_rate(rate: float) -> float:
    return rate if not rate_problem(rate) else min(max(rate, MIN_RATE), MAX_RATE)


def reserve_slot(key: str, rate: float) -> float:
    """Reserve the next send slot of ``key``: its time (``time.time()`` clock)."""
    interval = 1.0 / (bounded_rate(rate) * HEADROOM)
    now = time.time()
    client = _redis()
    if client is not None:
        return float(
            client.eval(_RESERVE, 1, f"conversational:rate:{key}", now, interval)
        )
    with _local_lock:
        slot = max(now, _local_next.get(key, 0.0))
        _local_next[key] = slot + interval
    return slot
