"""Periods of a disclosure: what a version is for, stored as a short code and read as
people say it.

    stored        read
    2026-2027     Năm học 2026–2027
    2026-12       Tháng 12/2026
    2026-W50      Tuần 50 (07/12–13/12/2026)

The code stays the key (URLs, the open data, the engine); every screen, file and e-mail
shows `period_label`, and editors pick from `period_choices`, never typing a code.
"""

import datetime
import re

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sites.school_year import parse_school_year, school_year_of


class TimingRule(models.TextChoices):
    YEARLY = "yearly", gettext_lazy("Hằng năm, trước một ngày cố định")
    BEFORE_ENROLMENT = "before_enrolment", gettext_lazy("Trước khi tuyển sinh")
    ON_CHANGE = "on_change", gettext_lazy("Trong N ngày làm việc kể từ khi thay đổi")
    MONTHLY = "monthly", gettext_lazy("Hằng tháng, trước ngày N của tháng trước")
    WEEKLY = "weekly", gettext_lazy("Hằng tuần, trước thứ Bảy của tuần trước")


_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")

DISCLOSURE_YEAR_START_MONTH = 6


def disclosure_year_of(day):
    """The school year whose disclosures are in play on `day`. From June on, the coming
    school year: its yearly items fall due on 30/6 and its monthly and weekly items
    start in August/September (the previous year's periodic items ended in May)."""
    start = day.year if day.month >= DISCLOSURE_YEAR_START_MONTH else day.year - 1
    return f"{start}-{start + 1}"


def month_label(day):
    """The code of the month of `day`: "2026-12"."""
    return f"{day.year}-{day.month:02d}"


def week_label(day):
    """The code of the ISO week of `day`: "2026-W50"."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def _examples(today=None):
    """Codes of the current disclosure year, for the messages (never a stale year)."""
    today = today or timezone.localdate()
    year = disclosure_year_of(today)
    start = int(year[:4])
    return {
        "year": year,
        "month": f"{start}-09",
        "week": week_label(datetime.date(start, 9, 8)),
    }


def parse_month(text):
    match = _MONTH.match(text or "")
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(
            _("Tháng không hợp lệ: %(v)s (ví dụ đúng: %(example)s).")
            % {"v": text, "example": _examples()["month"]}
        )
    return datetime.date(int(match.group(1)), int(match.group(2)), 1)


def parse_week(text):
    """Monday of an ISO week "2026-W36"."""
    match = _WEEK.match(text or "")
    try:
        if not match:
            raise ValueError
        return datetime.date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
    except ValueError:
        raise ValueError(
            _("Tuần không hợp lệ: %(v)s (ví dụ đúng: %(example)s).")
            % {"v": text, "example": _examples()["week"]}
        ) from None


def school_year_of_period(period):
    """The school year a period belongs to: itself, or the year of the month/week."""
    if _MONTH.match(period or ""):
        return school_year_of(parse_month(period))
    if _WEEK.match(period or ""):
        return school_year_of(parse_week(period))
    parse_school_year(period)
    return period


def validate_period(requirement, period, not_applicable=False):
    """Raise ValueError with a Vietnamese message when `period` does not fit the rule.
    A "không áp dụng" mark always covers a whole school year."""
    if requirement.timing == TimingRule.MONTHLY and not not_applicable:
        parse_month(period)
    elif requirement.timing == TimingRule.WEEKLY and not not_applicable:
        parse_week(period)
    else:
        parse_school_year(period)


def default_period(requirement, today=None):
    """What an editor most likely publishes next for this requirement."""
    today = today or timezone.localdate()
    if requirement.timing == TimingRule.MONTHLY:
        first_next = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
        return month_label(first_next)
    if requirement.timing == TimingRule.WEEKLY:
        return week_label(today + datetime.timedelta(days=7))
    return disclosure_year_of(today)


# --- Read as people say it ----------------------------------------------------------


def _dm(day):
    return day.strftime("%d/%m")


def _dmy(day):
    return day.strftime("%d/%m/%Y")


def school_year_label(code):
    start, end = parse_school_year(code)
    return _("Năm học %(start)d–%(end)d") % {"start": start, "end": end}


def month_text(day):
    return _("Tháng %(month)d/%(year)d") % {"month": day.month, "year": day.year}


def week_text(monday):
    sunday = monday + datetime.timedelta(days=6)
    days = (
        f"{_dm(monday)}–{_dmy(sunday)}"
        if monday.year == sunday.year
        else f"{_dmy(monday)}–{_dmy(sunday)}"
    )
    return _("Tuần %(week)d (%(days)s)") % {"week": monday.isocalendar()[1], "days": days}


def period_label(code):
    """ "Năm học 2026–2027", "Tháng 12/2026", "Tuần 50 (07/12–13/12/2026)"; anything
    else (a legacy value) as it is."""
    code = code or ""
    try:
        if _MONTH.match(code):
            return month_text(parse_month(code))
        if _WEEK.match(code):
            return week_text(parse_week(code))
        return school_year_label(code)
    except ValueError:
        return code


def _school_years(today):
    """The current disclosure year first, then the next, then back to the circular's
    first year (2024-2025) or at most five years."""
    current = int(disclosure_year_of(today)[:4])
    starts = [current, current + 1] + [y for y in range(current - 1, current - 6, -1) if y >= 2024]
    return [f"{y}-{y + 1}" for y in starts]


def _months(school_year):
    start, end = parse_school_year(school_year)
    return [datetime.date(start, m, 1) for m in range(8, 13)] + [
        datetime.date(end, m, 1) for m in range(1, 8)
    ]


def _mondays(school_year):
    start, end = parse_school_year(school_year)
    first = datetime.date(start, 8, 1)
    monday = first - datetime.timedelta(days=first.weekday())
    last = datetime.date(end, 7, 31)
    found = []
    while monday <= last:
        found.append(monday)
        monday += datetime.timedelta(days=7)
    return found


def school_year_options(today=None):
    """[(code, "Năm học 2026–2027")], the current disclosure year first, then the next,
    then the earlier ones."""
    return [(y, school_year_label(y)) for y in _school_years(today or timezone.localdate())]


def period_choices(timing=None, today=None, with_years=False):
    """Grouped choices for a select: [(group label, [(code, label)])], the current
    disclosure year first. `timing`: a TimingRule value, or None for every kind (the
    requirement is not chosen yet); `with_years`: school years for a weekly or monthly
    item too (its "không áp dụng" mark covers a school year)."""
    today = today or timezone.localdate()
    years = _school_years(today)
    current, previous = years[0], years[2] if len(years) > 2 else None
    groups = []
    periodic = (TimingRule.MONTHLY, TimingRule.WEEKLY)
    if timing is None or timing not in periodic or with_years:
        groups.append((_("Năm học"), school_year_options(today)))
    for year in filter(None, [current, previous]):
        if timing in (None, TimingRule.MONTHLY):
            groups.append(
                (
                    _("Tháng – %(year)s") % {"year": school_year_label(year)},
                    [(month_label(m), month_text(m)) for m in _months(year)],
                )
            )
        if timing in (None, TimingRule.WEEKLY):
            groups.append(
                (
                    _("Tuần – %(year)s") % {"year": school_year_label(year)},
                    [(week_label(m), week_text(m)) for m in _mondays(year)],
                )
            )
    if with_years and timing in periodic:
        groups.append(groups.pop(0))  # the weeks or months first, the years for a mark
    return groups


def period_help(today=None):
    """The period field's help, with examples of the current year."""
    examples = {key: period_label(code) for key, code in _examples(today).items()}
    return (
        _(
            "Chọn trong danh sách: năm học (ví dụ %(year)s) cho mục hằng năm; tháng (%(month)s) "
            "cho kế hoạch tháng; tuần (%(week)s) cho kế hoạch tuần và thực đơn."
        )
        % examples
    )
