"""Compliance engine: for every school × requirement × period, a status.

What a "period" is, per timing rule (the reference's open question 6):

* Yearly items (and "before enrolment" items such as fees) are labelled by the school
  year they serve, and the deadline falls in the calendar year the school year starts:
  the disclosures for 2025-2026 are due by 30/6/2025. Reason: TT 09/2024 has schools
  publish by 30/6 what families need going into the next school year — the enrolment
  plan, fees "before enrolment", the conditions in place — together with the results of
  the school year that has just ended ("năm học trước"); a school year runs from August,
  so 30/6/2025 closes 2024-2025 and opens 2025-2026. An office checking "2025-2026"
  therefore checks what was due on 30/6/2025; from June on, the default period is the
  coming school year (models.disclosure_year_of). The deadline date is per requirement
  (office administrators can change it), always in the school year's first calendar year.
* Monthly items (preschool monthly plan) are labelled "2025-10" and due by day N (25)
  of the preceding month; weekly items (weekly plan, menus) are labelled by ISO week
  "2025-W41" and due by the Saturday before that week. A school year's monthly and
  weekly periods are its teaching months, September to May (TEACHING_MONTHS).
* "Within N working days of a change" items have no calendar: each disclosure is judged
  against the change date its editor records; without one, nothing is due yet.

A publication counts on its first publication date (first_published_at, local time) and
is on time when published on or before the deadline day. A yearly item published after
its deadline is still on time when it went out within the requirement's working-day
window (10 by default) of the change date recorded on it — the circular's rule for
information that changed or was not yet available by 30/6. Later versions of the same
period are updates: they never change the period's status.

Everything is computed in three queries whatever the number of schools.
"""

import datetime
import gc
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.visibility import without_restricted
from sites.school_year import parse_school_year

from .models import (
    DisclosurePage,
    DisclosureRequirement,
    TimingRule,
    disclosure_year_of,
    month_label,
    week_label,
)
from .working_days import add_working_days

TEACHING_MONTHS = (9, 10, 11, 12, 1, 2, 3, 4, 5)
DUE_SOON_DAYS = 30


class Status(models.TextChoices):
    ON_TIME = "dung_han", _("Đúng hạn")
    LATE = "tre_han", _("Trễ hạn")
    MISSING = "qua_han", _("Chưa công khai – quá hạn")
    NOT_DUE = "chua_den_han", _("Chưa đến hạn")
    NOT_APPLICABLE = "khong_ap_dung", _("Không áp dụng")


# Plain strings for the hot loops (enum attribute access is slow at 100,000 cells).
ON_TIME, LATE, MISSING, NOT_DUE, NOT_APPLICABLE = (
    Status.ON_TIME.value,
    Status.LATE.value,
    Status.MISSING.value,
    Status.NOT_DUE.value,
    Status.NOT_APPLICABLE.value,
)
DONE = frozenset({ON_TIME, LATE, NOT_APPLICABLE})
ON_CHANGE_RULE = TimingRule.ON_CHANGE.value
PERIODIC_RULES = frozenset({TimingRule.MONTHLY.value, TimingRule.WEEKLY.value})


def status_labels():
    """{status: label} translated once per call site instead of once per cell."""
    from django.utils.translation import get_language

    language = get_language()
    cached = _LABELS.get(language)
    if cached is None:
        cached = _LABELS[language] = {value: str(label) for value, label in Status.choices}
    return cached


_LABELS = {}


# --- Deadlines -----------------------------------------------------------------------


def yearly_deadline(requirement, school_year):
    start, _end = parse_school_year(school_year)
    day = requirement.deadline_day
    while True:
        try:
            return datetime.date(start, requirement.deadline_month, day)
        except ValueError:  # 31/4 typed by mistake: the month's last day
            day -= 1


def monthly_deadline(requirement, month_first):
    """Day N of the month before: the October plan is due by 25 September."""
    previous = month_first - datetime.timedelta(days=1)
    return previous.replace(day=min(requirement.deadline_day, 28))


def weekly_deadline(monday):
    """The Saturday of the week before."""
    return monday - datetime.timedelta(days=2)


def scheduled_periods(requirement, school_year):
    """[(period label, deadline)] that the school year holds for this requirement."""
    start, end = parse_school_year(school_year)
    if requirement.timing in (TimingRule.YEARLY, TimingRule.BEFORE_ENROLMENT):
        return [(school_year, yearly_deadline(requirement, school_year))]
    if requirement.timing == TimingRule.MONTHLY:
        months = [datetime.date(start if m >= 8 else end, m, 1) for m in TEACHING_MONTHS]
        return [(month_label(m), monthly_deadline(requirement, m)) for m in months]
    if requirement.timing == TimingRule.WEEKLY:
        first = datetime.date(start, TEACHING_MONTHS[0], 1)
        last_month = TEACHING_MONTHS[-1]
        last = datetime.date(end, last_month + 1, 1) - datetime.timedelta(days=1)
        monday = first + datetime.timedelta(days=(7 - first.weekday()) % 7)
        periods = []
        while monday <= last:
            periods.append((week_label(monday), weekly_deadline(monday)))
            monday += datetime.timedelta(days=7)
        return periods
    return []


# --- Results -------------------------------------------------------------------------


@dataclass(slots=True)
class Version:
    page_id: int
    period: str
    published_on: datetime.date
    changed_on: datetime.date | None
    not_applicable: bool


@dataclass(slots=True)
class PeriodResult:
    period: str
    deadline: datetime.date | None
    status: str
    published_on: datetime.date | None = None
    page_id: int | None = None


@dataclass
class Cell:
    school_id: int
    requirement: DisclosureRequirement
    status: str
    periods: list = field(default_factory=list)

    @property
    def label(self):
        return status_labels()[self.status]

    @property
    def is_done(self):
        return self.status in DONE

    @property
    def is_due(self):
        return self.status != Status.NOT_DUE

    @property
    def due_count(self):
        return sum(1 for p in self.periods if p.status != Status.NOT_DUE)

    @property
    def done_count(self):
        return sum(1 for p in self.periods if p.status in DONE)

    @property
    def published_on(self):
        dates = [p.published_on for p in self.periods if p.published_on]
        return max(dates) if dates else None

    @property
    def next_deadline(self):
        dates = [p.deadline for p in self.periods if p.status == Status.NOT_DUE and p.deadline]
        return min(dates) if dates else None

    def short(self, labels=None):
        """Text for a matrix cell: the status, and n/m for monthly and weekly items."""
        label = (labels or status_labels())[self.status]
        if self.status != NOT_APPLICABLE and self.requirement.timing in PERIODIC_RULES:
            return f"{label} ({self.done_count}/{self.due_count})"
        return label


def judge_period(requirement, period, deadline, versions, today):
    """Status of one period from its versions (already limited to those published by today)."""
    if not versions:
        status = MISSING if deadline and today > deadline else NOT_DUE
        return PeriodResult(period, deadline, status)
    first = min(versions, key=lambda v: (v.published_on, v.page_id))
    on_time = deadline is None or first.published_on <= deadline
    if not on_time and first.changed_on:
        on_time = first.published_on <= add_working_days(first.changed_on, requirement.working_days)
    status = ON_TIME if on_time else LATE
    latest = max(versions, key=lambda v: (v.published_on, v.page_id))
    return PeriodResult(period, deadline, status, latest.published_on, latest.page_id)


def judge_cell(school_id, requirement, school_year, versions, today, schedule=None):
    applicable = [v for v in versions if not v.not_applicable]
    marks = [v for v in versions if v.not_applicable]
    if marks and requirement.is_conditional:
        newest_mark = max(m.published_on for m in marks)
        if not applicable or newest_mark >= max(v.published_on for v in applicable):
            mark = max(marks, key=lambda m: (m.published_on, m.page_id))
            result = PeriodResult(
                school_year, None, NOT_APPLICABLE, mark.published_on, mark.page_id
            )
            return Cell(school_id, requirement, NOT_APPLICABLE, [result])

    by_period = {}
    for version in applicable:
        by_period.setdefault(version.period, []).append(version)

    if requirement.timing == ON_CHANGE_RULE:
        results = []
        for period, group in sorted(by_period.items()):
            first = min(group, key=lambda v: v.published_on)
            deadline = (
                add_working_days(first.changed_on, requirement.working_days)
                if first.changed_on
                else None
            )
            results.append(judge_period(requirement, period, deadline, group, today))
    else:
        if schedule is None:
            schedule = scheduled_periods(requirement, school_year)
        results = [
            judge_period(requirement, period, deadline, by_period.get(period, []), today)
            for period, deadline in schedule
        ]
    return Cell(school_id, requirement, aggregate(results), results)


def aggregate(results):
    statuses = {r.status for r in results}
    for status in (MISSING, LATE, ON_TIME):
        if status in statuses:
            return status
    return NOT_DUE


@dataclass
class ComplianceMatrix:
    school_year: str
    today: datetime.date
    requirements: list
    schools: list
    cells: dict

    def cell(self, school, requirement):
        return self.cells.get((school.pk, requirement.pk))

    def row(self, school):
        """One entry per requirement; None where the requirement is not for this level."""
        rows = self.__dict__.get("_rows")
        if rows is None:
            rows = self.__dict__["_rows"] = {}
        row = rows.get(school.pk)
        if row is None:
            pk = school.pk
            row = rows[pk] = [self.cells.get((pk, r.pk)) for r in self.requirements]
        return row

    def school_cells(self, school):
        return [c for c in self.row(school) if c is not None]

    def summary(self, cells):
        counts = dict.fromkeys(Status.values, 0)
        for cell in cells:
            counts[cell.status] += 1
        due = sum(1 for c in cells if c.is_due)
        done = sum(1 for c in cells if c.is_done)
        percent = round(100 * done / due) if due else None
        return {"due": due, "done": done, "percent": percent, "counts": counts, "total": len(cells)}

    def school_summary(self, school):
        return self.summary(self.school_cells(school))

    def office_summary(self):
        return self.summary(list(self.cells.values()))

    def statuses_of(self, school):
        return {c.status for c in self.school_cells(school)}

    def due_soon(self, days=DUE_SOON_DAYS, schools=None):
        """[(deadline, school, requirement, period)] due within `days`, soonest first."""
        horizon = self.today + datetime.timedelta(days=days)
        wanted = {s.pk for s in schools} if schools is not None else None
        by_pk = {s.pk: s for s in self.schools}
        rows = []
        for (school_id, _rid), cell in self.cells.items():
            if wanted is not None and school_id not in wanted:
                continue
            for result in cell.periods:
                if (
                    result.status == Status.NOT_DUE
                    and result.deadline
                    and self.today <= result.deadline <= horizon
                ):
                    rows.append(
                        (result.deadline, by_pk[school_id], cell.requirement, result.period)
                    )
        rows.sort(key=lambda row: (row[0], row[1].name, row[2].order))
        return rows

    def missing(self, school):
        """[(requirement, period, deadline)] overdue and not published, for one school."""
        rows = []
        for cell in self.school_cells(school):
            for result in cell.periods:
                if result.status == Status.MISSING:
                    rows.append((cell.requirement, result.period, result.deadline))
        return rows


def published_versions(school_year, today, school_ids=None):
    """{(school_id, requirement_id): [Version]}, one query."""
    # Public only: a version behind a password or login is not disclosed.
    pages = without_restricted(DisclosurePage.objects.live()).filter(school_year=school_year)
    if school_ids is not None:
        pages = pages.filter(disclosing_school_id__in=school_ids)
    else:
        pages = pages.filter(disclosing_school__is_active=True)
    rows = pages.values_list(
        "pk",
        "disclosing_school_id",
        "requirement_id",
        "period",
        "first_published_at",
        "changed_on",
        "not_applicable",
    )
    found = defaultdict(list)
    for pk, school_id, requirement_id, period, first_published_at, changed_on, na in rows:
        if first_published_at is None:
            continue
        published_on = timezone.localdate(first_published_at)
        if published_on > today:  # looking back: it did not exist yet
            continue
        found[(school_id, requirement_id)].append(Version(pk, period, published_on, changed_on, na))
    return found


def compute(school_year=None, today=None, schools=None, requirements=None):
    """The matrix for `school_year` (default: disclosure_year_of(today)) as of `today`.

    `schools`: a School queryset or list (default: every active school). Three queries.
    """
    from sites.models import School

    today = today or timezone.localdate()
    school_year = school_year or disclosure_year_of(today)
    parse_school_year(school_year)
    if requirements is None:
        requirements = list(DisclosureRequirement.objects.in_force())
    if schools is None:
        school_list = list(School.objects.active().order_by("name"))
        versions = published_versions(school_year, today)
    else:
        school_list = list(schools)
        # A queryset filters as a subquery, so the query stays the same size.
        ids = (
            schools.values("pk")
            if isinstance(schools, models.QuerySet)
            else [s.pk for s in school_list]
        )
        versions = published_versions(school_year, today, ids)
    schedules = {r.pk: scheduled_periods(r, school_year) for r in requirements}
    by_level = {}  # the applicable requirements depend only on the level
    cells = {}
    # ~100,000 small objects at 2,000 schools: the cyclic GC would rescan the heap many
    # times over while they are built (it doubles the time); none of them form cycles.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        build_cells(
            cells, school_list, requirements, school_year, versions, today, schedules, by_level
        )
    finally:
        if gc_was_enabled:
            gc.enable()
    return ComplianceMatrix(school_year, today, requirements, school_list, cells)


def build_cells(
    cells, school_list, requirements, school_year, versions, today, schedules, by_level
):
    for school in school_list:
        applicable = by_level.get(school.level)
        if applicable is None:
            stages = school.stages
            applicable = by_level[school.level] = [r for r in requirements if r.applies_to(stages)]
        for requirement in applicable:
            cells[(school.pk, requirement.pk)] = judge_cell(
                school.pk,
                requirement,
                school_year,
                versions.get((school.pk, requirement.pk), ()),
                today,
                schedules[requirement.pk],
            )
