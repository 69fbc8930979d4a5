"""Working-time clocks on an organisation's calendar: time zone, hours, weekdays, public holidays."""

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.utils import timezone
from django.utils.translation import gettext as _


@lru_cache(maxsize=256)
def _holidays(country: str, subdivision: str, year: int) -> frozenset[date]:
    try:
        calendar = holidays.country_holidays(country, subdiv=subdivision or None, years=year)
    except NotImplementedError:
        return frozenset()
    return frozenset(calendar.keys())


def org_today(org) -> date:
    """Today where the organisation is, whatever time zone the request or task has active."""
    return timezone.localdate(timezone=ZoneInfo(org.time_zone))


def is_working_day(org, day: date) -> bool:
    return str(day.weekday()) in org.working_weekdays and day not in _holidays(
        org.country, org.subdivision, day.year
    )


def add_working_days(org, start: datetime, days: int = 1) -> datetime:
    """The moment `days` working days of working hours after `start`.

    Time outside working hours does not count: a message at 16:00 on a Friday with a
    9–17 day is due at 16:00 on the next working day (Monday, or Tuesday after a holiday).
    """
    tz = ZoneInfo(org.time_zone)
    local = start.astimezone(tz)
    day_length = datetime.combine(date.min, org.workday_end) - datetime.combine(date.min, org.workday_start)
    remaining = day_length * days
    cursor = local
    for _day in range(3660):  # ten years of days: a calendar with no working day must not loop forever
        opens = datetime.combine(cursor.date(), org.workday_start, tzinfo=tz)
        closes = datetime.combine(cursor.date(), org.workday_end, tzinfo=tz)
        if is_working_day(org, cursor.date()) and cursor < closes:
            begin = max(cursor, opens)
            available = closes - begin
            if available >= remaining:
                return begin + remaining
            remaining -= available
        next_day = cursor.date() + timedelta(days=1)
        cursor = datetime.combine(next_day, org.workday_start, tzinfo=tz)
    raise ValueError("The organisation's calendar has no working days.")


# Moments people type: nothing before 1900 (it cannot be a record of this work, and a date at the
# edge of the calendar breaks when shown in another time zone), nothing further ahead than ten years.
EARLIEST_MOMENT = datetime(1900, 1, 1, tzinfo=UTC)
FURTHEST_AHEAD = timedelta(days=3653)


def moment_problem(value: datetime | None) -> str:
    """Why a typed date and time cannot be kept, or "" when it can."""
    if value is None:
        return ""
    if value.tzinfo is None or value < EARLIEST_MOMENT:
        return _("Check the date: it is before 1900.")
    if value > timezone.now() + FURTHEST_AHEAD:
        return _("Check the date: it is more than ten years ahead.")
    return ""
