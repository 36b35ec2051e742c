"""Quiet-hour arithmetic (Django-free): periods crossing midnight, time zones, DST."""

from datetime import datetime, time, timezone

from saleor_conversational.core.quiet_hours import quiet_until

AMS = "Europe/Amsterdam"


def utc(*args):
    return datetime(*args, tzinfo=timezone.utc)


def test_outside_and_unset_periods_are_not_quiet():
    assert quiet_until(utc(2026, 6, 1, 12, 0), time(21), time(9), AMS) is None
    assert quiet_until(utc(2026, 6, 1, 23, 0), None, time(9), AMS) is None
    assert quiet_until(utc(2026, 6, 1, 23, 0), time(9), time(9), AMS) is None


def test_a_period_crossing_midnight_ends_the_next_local_morning():
    # 21:30 UTC on 1 June is 23:30 in Amsterdam (CEST, UTC+2): quiet until 09:00 local.
    assert quiet_until(utc(2026, 6, 1, 21, 30), time(21), time(9), AMS) == utc(
        2026, 6, 2, 7, 0
    )
    # 02:00 local, after midnight: the same morning.
    assert quiet_until(utc(2026, 6, 2, 0, 0), time(21), time(9), AMS) == utc(
        2026, 6, 2, 7, 0
    )


def test_a_daytime_period():
    assert quiet_until(utc(2026, 1, 5, 12, 0), time(12), time(14), AMS) == utc(
        2026, 1, 5, 13, 0
    )
    assert (
        quiet_until(utc(2026, 1, 5, 13, 0), time(12), time(14), AMS) is None
    )  # 14:00 local


def test_the_end_is_local_wall_clock_time_across_a_dst_change():
    # Night of 28-29 March 2026: clocks go from UTC+1 to UTC+2. 09:00 local is 07:00 UTC.
    assert quiet_until(utc(2026, 3, 28, 22, 0), time(21), time(9), AMS) == utc(
        2026, 3, 29, 7, 0
    )


def test_an_unknown_time_zone_falls_back_to_utc():
    assert quiet_until(
        utc(2026, 1, 5, 23, 0), time(22), time(6), "Mars/Olympus"
    ) == utc(2026, 1, 6, 6, 0)
