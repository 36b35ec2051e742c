"""When people answer: per sales channel, weekly opening hours in its time zone.

``{"mon": ["09:00-17:00"], "sat": ["10:00-12:00", "13:00-15:00"]}``; a day left out is
closed; no hours at all means people answer at any time (nothing to tell the shopper).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from saleor_conversational.core.quiet_hours import zone

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = (
    pgettext_lazy("weekday", "Monday"),
    pgettext_lazy("weekday", "Tuesday"),
    pgettext_lazy("weekday", "Wednesday"),
    pgettext_lazy("weekday", "Thursday"),
    pgettext_lazy("weekday", "Friday"),
    pgettext_lazy("weekday", "Saturday"),
    pgettext_lazy("weekday", "Sunday"),
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
    """'today at 09:00', 'tomorrow at 09:00' or 'Monday at 09:00' (sales channel's time),
    in the active language."""
    tz = zone(time_zone)
    days = (opening.astimezone(tz).date() - now.astimezone(tz).date()).days
    values = {"time": f"{opening.astimezone(tz):%H:%M}", "zone": tz.key}
    if days == 0:
        # Translators: completes "Someone will answer from %(when)s." (the hand-over
        # text); %(zone)s is a time zone such as "Europe/Amsterdam". Where "from" reads
        # better inside this phrase ("ab morgen", "demain à partir de"), say it here and
        # leave it out of that sentence.
        return _("today at %(time)s (%(zone)s time)") % values
    if days == 1:
        # Translators: as "today at %(time)s (%(zone)s time)".
        return _("tomorrow at %(time)s (%(zone)s time)") % values
    values["day"] = DAY_NAMES[opening.weekday()]
    # Translators: as "today at %(time)s (%(zone)s time)"; %(day)s is a weekday name.
    return _("%(day)s at %(time)s (%(zone)s time)") % values
