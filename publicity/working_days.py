"""Working days ("ngày làm việc"), in one place.

Vietnamese working days as the `holidays` package (country VN) knows them: Monday to
Friday minus the public holidays of Bộ luật Lao động 2019 Điều 112 (lunar dates
computed, not typed in) and the government's swapped days off, plus the Saturdays the
government declares make-up working days (`weekend_workdays`). The DISCLOSURE_HOLIDAYS
setting (ISO dates) adds extra official days off decided locally; it never removes a
national one. A school break is not a holiday and is never consulted here.
"""

import datetime
from functools import lru_cache

from django.conf import settings

import holidays as holidays_package

COUNTRY = "VN"


@lru_cache(maxsize=8)
def _local(raw):
    return frozenset(datetime.date.fromisoformat(str(day)) for day in raw)


def local_holidays():
    return _local(tuple(getattr(settings, "DISCLOSURE_HOLIDAYS", ())))


@lru_cache(maxsize=1)
def national_calendar():
    """One calendar object; the package fills in years lazily as dates are asked for."""
    return holidays_package.country_holidays(COUNTRY, language="vi")


def holiday_name(day):
    """The official name of a day off (Vietnamese), or None."""
    if day in local_holidays():
        return "Ngày nghỉ do địa phương quyết định"
    return national_calendar().get(day)


def is_working_day(day):
    return national_calendar().is_working_day(day) and day not in local_holidays()


@lru_cache(maxsize=4096)
def _add(start, count, local):
    day, remaining = start, count
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if national_calendar().is_working_day(day) and day not in local:
            remaining -= 1
    return day


def add_working_days(start, count):
    """The date `count` working days after `start` (the start day itself is not counted):
    a change on Friday 5/6/2026 with 10 working days is due by Friday 19/6/2026."""
    return _add(start, count, local_holidays())


def holidays():
    """Kept for callers that listed the local days off."""
    return local_holidays()
