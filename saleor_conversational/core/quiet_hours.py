"""Quiet hours: marketing messages wait while the sales channel's local clock says so.

A period may cross midnight (22:00-08:00). Transactional updates and replies are never
held back: the shopper is waiting for them.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def quiet_until(
    now: datetime, start: time | None, end: time | None, time_zone: str
) -> datetime | None:
    """When the quiet period that ``now`` falls in ends (aware, UTC), or None if not quiet."""
    if start is None or end is None or start == end:
        return None
    local = now.astimezone(zone(time_zone))
    clock = local.time().replace(tzinfo=None)
    crosses_midnight = start > end
    inside = (
        (start <= clock or clock < end) if crosses_midnight else (start <= clock < end)
    )
    if not inside:
        return None
    day = local.date()
    if clock >= end:  # the period ends tomorrow (only when it crosses midnight)
        day += timedelta(days=1)
    # Build the local wall-clock time, then convert: correct across DST changes.
    ends = datetime.combine(day, end, tzinfo=zone(time_zone))
    return ends.astimezone(ZoneInfo("UTC"))
