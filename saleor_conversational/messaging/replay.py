"""Storing inbound events once, for good: the de-duplicating insert and its replay keys.

A provider's de-duplication key (its message or status id) is the only replay defence
for Meta, Telegram, Twilio and Viber, whose requests carry no usable timestamp. The key
is kept twice: on the ``InboundEvent`` row, which goes with the customer's contact when
the customer is erased, and as an ``InboundReplayKey`` (a keyed hash, nothing personal),
which stays for the replay window. One statement writes both: the replay key first, and
the event only where the replay key is new, so a replay after an erasure stores nothing,
and a duplicate is one round trip that logs no error.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connections, router

from saleor_conversational.core.crypto import keyed_digest
from saleor_conversational.models import InboundEvent, InboundReplayKey

DEFAULT_WINDOW_DAYS = 30
PURGE_BATCH = 10_000


@dataclass(frozen=True)
class NewEvent:
    dedupe_key: str
    payload: dict
    sender: str


def window() -> timedelta:
    """How long replay keys are kept (``CONVERSATIONAL_INBOUND_REPLAY_WINDOW_DAYS``)."""
    configured = os.environ.get("CONVERSATIONAL_INBOUND_REPLAY_WINDOW_DAYS") or getattr(
        settings, "CONVERSATIONAL_INBOUND_REPLAY_WINDOW_DAYS", DEFAULT_WINDOW_DAYS
    )
    try:
        days = float(configured)
    except (TypeError, ValueError):
        days = DEFAULT_WINDOW_DAYS
    return timedelta(days=days if days > 0 else DEFAULT_WINDOW_DAYS)


def replay_key(account_id, dedupe_key: str) -> str:
    """The keyed hash's first 128 bits, as a uuid (``InboundReplayKey.key_hash``)."""
    return str(uuid.UUID(keyed_digest(f"{account_id}:{dedupe_key}")[:32]))


def _sql(rows: int) -> str:
    event, key = InboundEvent._meta.db_table, InboundReplayKey._meta.db_table
    values = ", ".join(["(%s::uuid, %s, %s::jsonb, %s)"] * rows)
    return (
        f"WITH incoming (key_hash, dedupe_key, payload, sender) AS (VALUES {values}), "
        f"fresh AS (INSERT INTO {key} (key_hash, seen_at) "
        "SELECT key_hash, %s FROM incoming ON CONFLICT DO NOTHING RETURNING key_hash) "
        f"INSERT INTO {event} "
        "(account_id, dedupe_key, payload, sender, received_at, attempts, error) "
        "SELECT %s, incoming.dedupe_key, incoming.payload, incoming.sender, %s, 0, '' "
        "FROM incoming JOIN fresh USING (key_hash) "
        # An event older than the window whose row was kept (not erased) is still
        # known: its replay key is written again, the event is not.
        "ON CONFLICT (account_id, dedupe_key) DO NOTHING RETURNING id"
    )


def insert_new(account_id, events: list[NewEvent], now: datetime) -> list[int]:
    """Insert the events whose replay key is new, in one statement (atomic on its own:
    in autocommit it is also the commit); the ids of those stored, in order.
    ``events`` must not repeat a key."""
    if not events:
        return []
    params: list = []
    for event in events:
        params += [
            replay_key(account_id, event.dedupe_key),
            event.dedupe_key,
            json.dumps(event.payload),
            event.sender,
        ]
    params += [now, account_id, now]
    with connections[router.db_for_write(InboundEvent)].cursor() as cursor:
        cursor.execute(_sql(len(events)), params)
        return sorted(row[0] for row in cursor.fetchall())


def purge(now: datetime) -> int:
    """Delete replay keys older than the window, in batches; how many went."""
    cutoff = now - window()
    return _purge_in_batches(InboundReplayKey.objects.filter(seen_at__lt=cutoff))


def purge_processed_events(now: datetime) -> int:
    """Delete processed events older than the window: their payload is already gone,
    but their dedupe keys hold chat ids and session ids (personal data). Failed events
    stay for staff until the customer is erased."""
    cutoff = now - window()
    return _purge_in_batches(
        InboundEvent.objects.filter(processed_at__lt=cutoff, failed_at__isnull=True)
    )


def _purge_in_batches(queryset) -> int:
    purged = 0
    while True:
        batch = list(queryset.values_list("pk", flat=True)[:PURGE_BATCH])
        if not batch:
            return purged
        purged += queryset.model.objects.filter(pk__in=batch).delete()[0]
