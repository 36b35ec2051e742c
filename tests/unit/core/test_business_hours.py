"""Business-hours arithmetic (Django-free)."""

from datetime import datetime, timezone

import pytest

from saleor_conversational.core.business_hours import (
    InvalidHours,
    describe,
    next_opening,
    parse,
)

WEEKDAYS = {day: ["09:00-17:00"] for day in ("mon", "tue", "wed", "thu", "fri")}
AMS = "Europe/Amsterdam"


def utc(*args):
    return datetime(*args, tzinfo=timezone.utc)


def test_open_hours_and_no_hours_mean_people_are_there():
    assert (
        next_opening(utc(2026, 11, 23, 10, 0), WEEKDAYS, AMS) is None
    )  # Monday 11:00 local
    assert next_opening(utc(2026, 11, 22, 3, 0), {}, AMS) is None


def test_after_closing_on_friday_the_next_opening_is_monday_morning():
    friday_evening = utc(2026, 11, 27, 18, 0)  # 19:00 in Amsterdam
    opening = next_opening(friday_evening, WEEKDAYS, AMS)
    assert opening == datetime(2026, 11, 30, 8, 0, tzinfo=timezone.utc)
    assert (
        describe(opening, friday_evening, AMS)
        == "Monday at 09:00 (Europe/Amsterdam time)"
    )


def test_before_opening_today_and_after_closing_tomorrow():
    early = utc(2026, 11, 24, 6, 0)  # Tuesday 07:00 local
    assert (
        describe(next_opening(early, WEEKDAYS, AMS), early, AMS)
        == "today at 09:00 (Europe/Amsterdam time)"
    )
    late = utc(2026, 11, 24, 20, 0)
    assert (
        describe(next_opening(late, WEEKDAYS, AMS), late, AMS)
        == "tomorrow at 09:00 (Europe/Amsterdam time)"
    )


def test_split_days_use_the_next_period():
    hours = {"sat": ["10:00-12:00", "13:00-15:00"]}
    lunch = utc(2026, 11, 28, 11, 30)  # Saturday 12:30 local
    assert next_opening(lunch, hours, AMS) == utc(2026, 11, 28, 12, 0)


@pytest.mark.parametrize(
    "hours",
    [
        {"monday": ["09:00-17:00"]},
        {"mon": ["9-5"]},
        {"mon": ["17:00-09:00"]},
        {"mon": "09:00-17:00"},
        [],
    ],
)
def test_invalid_hours_are_rejected_with_a_reason(hours):
    with pytest.raises(InvalidHours):
        parse(hours)
    assert next_opening(utc(2026, 11, 23, 10, 0), hours, AMS) is None
