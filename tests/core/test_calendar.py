"""E1 clocks run on the organisation's calendar: time zone, working hours, weekends, public holidays."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from offramp.core.calendar import add_working_days, is_working_day, org_today
from offramp.core.models import Organization

NY = ZoneInfo("America/New_York")


def _org(**kwargs) -> Organization:
    return Organization(name="x", slug="x", country="US", subdivision="NY", time_zone="America/New_York", **kwargs)


def at(*args) -> datetime:
    return datetime(*args, tzinfo=NY)


@pytest.mark.parametrize(("received", "due"), [
    (at(2026, 11, 17, 10, 0), at(2026, 11, 18, 10, 0)),   # Tuesday morning → Wednesday morning
    (at(2026, 11, 20, 16, 0), at(2026, 11, 23, 16, 0)),   # Friday afternoon → Monday afternoon
    (at(2026, 11, 21, 11, 0), at(2026, 11, 23, 17, 0)),   # Saturday → end of Monday
    (at(2026, 11, 17, 6, 30), at(2026, 11, 17, 17, 0)),   # before opening → end of that day
    (at(2026, 11, 17, 20, 0), at(2026, 11, 18, 17, 0)),   # after closing → end of the next day
    (at(2026, 11, 25, 16, 0), at(2026, 11, 27, 16, 0)),   # Wednesday before Thanksgiving → Friday
    (at(2026, 12, 31, 12, 0), at(2027, 1, 4, 12, 0)),     # New Year's Day, then the weekend
])
def test_one_working_day(received, due):
    assert add_working_days(_org(), received, 1) == due


def test_other_country_and_weekend():
    org = Organization(name="x", slug="y", country="DE", subdivision="", time_zone="Europe/Berlin")
    berlin = ZoneInfo("Europe/Berlin")
    # 3 October is German Unity Day; 2026-10-02 is a Friday.
    assert add_working_days(org, datetime(2026, 10, 2, 15, 0, tzinfo=berlin), 1) == datetime(2026, 10, 5, 15, 0, tzinfo=berlin)


def test_custom_working_week():
    org = _org(working_weekdays="0123")  # Monday to Thursday
    assert add_working_days(org, at(2026, 11, 19, 12, 0), 1) == at(2026, 11, 23, 12, 0)


def test_daylight_saving_change_is_respected():
    # Clocks go back on 2026-11-01 in New York: 16:00 local on Friday is due 16:00 local on Monday.
    assert add_working_days(_org(), at(2026, 10, 30, 16, 0), 1) == at(2026, 11, 2, 16, 0)


def test_calendar_without_working_days_fails_loudly():
    with pytest.raises(ValueError):
        add_working_days(_org(working_weekdays=""), at(2026, 11, 17, 10, 0), 1)


@settings(max_examples=200, deadline=None)
@given(st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31)))
def test_due_time_is_later_within_working_hours_on_a_working_day(naive):
    org = _org()
    start = naive.replace(tzinfo=NY)
    due = add_working_days(org, start, 1).astimezone(NY)
    assert due > start
    assert is_working_day(org, due.date())
    assert org.workday_start < due.time() <= org.workday_end
    assert due - start <= timedelta(days=8)


def test_today_is_the_organisations_whatever_zone_is_active():
    """Samples drawn by the week and references numbered by the year must not depend on whether a
    page (the organisation's zone), the API or a task (UTC) asks. UTC+14 and UTC-11 are never on
    the same date, so one of them always disagrees with a clock read in the active zone."""
    org = Organization(name="x", slug="x", time_zone="Pacific/Kiritimati")
    expected = timezone.localtime(timezone=ZoneInfo("Pacific/Kiritimati")).date()
    for active in ("Pacific/Pago_Pago", "UTC", "Pacific/Kiritimati"):
        with timezone.override(ZoneInfo(active)):
            assert org_today(org) == expected
