"""Working days, in one place: Monday to Friday, minus the dates listed in the
DISCLOSURE_HOLIDAYS setting (ISO dates; empty by default, since the regulation's
deadlines do not require the Vietnamese holiday calendar)."""

import datetime
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _holidays(raw):
    return frozenset(datetime.date.fromisoformat(str(day)) for day in raw)


def holidays():
    return _holidays(tuple(getattr(settings, "DISCLOSURE_HOLIDAYS", ())))


def is_working_day(day):
    return day.weekday() < 5 and day not in holidays()


def add_working_days(start, count):
    """The date `count` working days after `start` (the start day itself is not counted):
    a change on Friday 5/6 with 10 working days is due by Friday 19/6."""
    day = start
    remaining = count
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day
