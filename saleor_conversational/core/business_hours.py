"""When people answer: per sales channel, weekly opening hours in its time zone.

``{"mon": ["09:00-17:00"], "sat": ["10:00-12:00", "13:00-15:00"]}``; a day left out is
closed; no hours at all means people answer at any time (nothing to tell the shopper).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from saleor_conversational.core.quiet_hours import zone

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)


class InvalidHours(ValueError):
    pass


def parse(hours: dict) -> dict[int, list[tuple[time, time]]]:
    """Weekday (0 = Monday) -> sorted (start, end) periods; raises InvalidHours."""
    if not isinstance(hours, dict):
        raise InvalidHours("business hours must be an object of weekdays")
    periods: dict[int, list[tuple[time, time]]] = {}
    for day, ranges in hours.items():
        if day not in DAYS:
            raise InvalidHours(f"unknown weekday {day!r} (use {', '.join(DAYS)})")
        if not isinstance(ranges, list):
            raise InvalidHours(f'{day}: a list of "HH:MM-HH:MM" periods is expected')
        for period in ranges:
            try:
                start, end = (
                    time.fromisoformat(part.strip()) for part in str(period).split("-")
                )
            except ValueError:
                raise InvalidHours(f'{day}: {period!r} is not "HH:MM-HH:MM"') from None
            if start >= end:
                raise InvalidHours(f"{day}: {period!r} ends before it starts")
            periods.setdefault(DAYS.index(day), []).append((start, end))
    return {day: sorted(ranges) for day, ranges in periods.items()}


def next_opening(now: datetime, hours: dict, time_zone: str) -> datetime | None:
    """None when people are there now (or no hours are set); else when they next are."""
    try:
        periods = parse(hours or {})
    except InvalidHours:
        return None  # a broken setting must not silence the hand-over
    if not periods:
        return None
    tz = zone(time_zone)
    local = now.astimezone(tz)
    for offset in range(8):
        day = local.date() + timedelta(days=offset)
        for start, end in periods.get(day.weekday(), []):
            opens, closes = (datetime.combine(day, t, tzinfo=tz) for t in (start, end))
            if offset == 0 and opens <= local < closes:
                return None
            if opens > local:
                return opens
    return None


def describe(opening: datetime, now: datetime, time_zone: str) -> str:
    """'today at 09:00', 'tomorrow at 09:00' or 'Monday at 09:00' (sales channel's time)."""
    tz = zone(time_zone)
    days = (opening.astimezone(tz).date() - now.astimezone(tz).date()).days
    when = (
        "today"
        if days == 0
        else "tomorrow"
        if days == 1
        else DAY_NAMES[opening.weekday()]
    )
    return f"{when} at {opening.astimezone(tz):%H:%M} ({tz.key} time)"
