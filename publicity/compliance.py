"""Compliance engine: for every school × requirement × period, a status that explains
itself (see publicity/rules.py for the choices and README.md for the table).

What a "period" is, per timing rule (the reference's open question 6):

* Yearly items (and "before enrolment" items such as fees) are labelled by the school
  year they serve, and the deadline falls in the calendar year the school year starts:
  the disclosures for 2025-2026 are due by 30/6/2025 (the plans, fees and conditions for
  the coming year and the results of the year just ended). Each recorded change
  (DisclosureChange) adds its own window of N working days; a deferral ("chưa ban
  hành") moves the deadline to N working days after the information came into being.
* Monthly items are due by day N (25) of the preceding month, weekly items by the
  Saturday before the week — for the teaching months and weeks of the office's
  school-year calendar only (publicity.school_calendar).
* Nothing is owed before the catalogue's effective date (19/7/2024): an earlier deadline
  becomes N working days after it.
* Only what was publicly visible counts (publicity.visibility): live, not expired, no
  view restriction on the page or an ancestor; "as of" a past day, what Wagtail's page
  log says was published at the end of that day.

The first visible version of a period decides it; later versions are corrections or
updates and change no verdict unless tied to a recorded change (rules 2 and 6).
A handful of queries whatever the number of schools.
"""

import datetime
import gc
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from sites.models import School
from sites.school_year import parse_school_year

from .models import (
    DisclosureChange,
    DisclosureDeferral,
    DisclosurePage,
    DisclosureRequirement,
    TimingRule,
    disclosure_year_of,
)
from .rules import RULE_TEXT, Basis, fmt
from .school_calendar import calendars_for, monthly_periods, national_default, weekly_periods
from .visibility import end_of_day, is_restricted, online_at, publication_events, restricted_paths
from .working_days import add_working_days

DUE_SOON_DAYS = 30


class Status(models.TextChoices):
    ON_TIME = "dung_han", gettext_lazy("Đúng hạn")
    LATE = "tre_han", gettext_lazy("Trễ hạn")
    MISSING = "qua_han", gettext_lazy("Chưa công khai – quá hạn")
    NOT_DUE = "chua_den_han", gettext_lazy("Chưa đến hạn")
    NOT_APPLICABLE = "khong_ap_dung", gettext_lazy("Không áp dụng")
    OPTIONAL = "tuy_chon", gettext_lazy("Không bắt buộc (nếu có)")


# Plain strings for the hot loops (enum attribute access is slow at 100,000 cells).
ON_TIME, LATE, MISSING, NOT_DUE, NOT_APPLICABLE, OPTIONAL = (
    Status.ON_TIME.value,
    Status.LATE.value,
    Status.MISSING.value,
    Status.NOT_DUE.value,
    Status.NOT_APPLICABLE.value,
    Status.OPTIONAL.value,
)
DONE = frozenset({ON_TIME, LATE, NOT_APPLICABLE})
NOT_OWED = frozenset({NOT_DUE, OPTIONAL})
ON_CHANGE_RULE = TimingRule.ON_CHANGE.value
MONTHLY_RULE = TimingRule.MONTHLY.value
WEEKLY_RULE = TimingRule.WEEKLY.value
PERIODIC_RULES = frozenset({MONTHLY_RULE, WEEKLY_RULE})
SEVERITY = (MISSING, LATE, ON_TIME, NOT_DUE, OPTIONAL)

_LABELS = {}


def status_labels():
    """{status: label} translated once per call site instead of once per cell."""
    language = get_language()
    cached = _LABELS.get(language)
    if cached is None:
        cached = _LABELS[language] = {value: str(label) for value, label in Status.choices}
    return cached


_RULES = {}


def rule_template(basis):
    """RULE_TEXT translated once per language (the report explains thousands of cells)."""
    key = (get_language(), basis)
    text = _RULES.get(key)
    if text is None:
        text = _RULES[key] = str(RULE_TEXT[basis])
    return text


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


def in_force_deadline(requirement, deadline, basis):
    """Nothing is owed before the circular's start: an earlier deadline becomes N
    working days after the start (rule 4)."""
    start = requirement.catalogue.effective_from
    if deadline < start:
        return add_working_days(start, requirement.working_days), Basis.CIRCULAR_START, start
    return deadline, basis, None


def scheduled_periods(requirement, school_year, calendar=None):
    """[(period label, deadline, basis, basis date, period start)] of the school year."""
    start, end = parse_school_year(school_year)
    if end <= requirement.catalogue.effective_from.year - 1:
        return []  # school years wholly before the circular
    calendar = calendar or national_default(school_year)
    if requirement.timing in (TimingRule.YEARLY, TimingRule.BEFORE_ENROLMENT):
        deadline, basis, basis_date = in_force_deadline(
            requirement, yearly_deadline(requirement, school_year), Basis.YEARLY
        )
        return [(school_year, deadline, basis, basis_date, calendar.first_day)]
    rows = []
    if requirement.timing == MONTHLY_RULE:
        for label, month in monthly_periods(calendar):
            deadline, basis, basis_date = in_force_deadline(
                requirement, monthly_deadline(requirement, month), Basis.MONTHLY
            )
            rows.append((label, deadline, basis, basis_date, month))
    elif requirement.timing == WEEKLY_RULE:
        for label, monday in weekly_periods(calendar):
            deadline, basis, basis_date = in_force_deadline(
                requirement, weekly_deadline(monday), Basis.WEEKLY
            )
            rows.append((label, deadline, basis, basis_date, monday))
    return rows


# --- Results -------------------------------------------------------------------------


@dataclass(slots=True)
class Version:
    page_id: int
    period: str
    published_on: datetime.date
    changed_on: datetime.date | None
    not_applicable: bool
    change_id: int | None = None
    reason: str = ""


@dataclass(slots=True)
class PeriodResult:
    period: str
    deadline: datetime.date | None
    status: str
    published_on: datetime.date | None = None  # the newest visible version
    page_id: int | None = None  # the newest visible version, for links
    basis: str = Basis.YEARLY
    basis_date: datetime.date | None = None
    note: str = ""
    working_days: int = 10
    deadline_day: int = 25
    start: datetime.date | None = None  # first day of a week/month, for semesters
    change_id: int | None = None
    decided_on: datetime.date | None = None  # the first visible version: it decides

    def rule_text(self):
        return rule_template(self.basis) % {
            "deadline": fmt(self.deadline),
            "basis": fmt(self.basis_date),
            "note": self.note,
            "n": self.working_days,
            "period": self.period,
            "year": self.period,
            "day": self.deadline_day,
        }

    def outcome_text(self, today):
        if self.status == NOT_APPLICABLE or self.status == OPTIONAL and not self.decided_on:
            return ""
        if self.decided_on is None:
            if self.status == MISSING:
                return _(
                    "Đến ngày %(today)s chưa có bản nào đang hiển thị công khai: quá hạn từ "
                    "%(after)s."
                ) % {
                    "today": fmt(today),
                    "after": fmt(self.deadline + datetime.timedelta(days=1)),
                }
            return _("Chưa có bản công khai; chưa đến hạn.")
        if self.deadline is None or self.decided_on <= self.deadline:
            return _("Công khai ngày %(day)s (bản đầu tiên đang hiển thị): đúng hạn.") % {
                "day": fmt(self.decided_on)
            }
        return _("Công khai ngày %(day)s (bản đầu tiên đang hiển thị): trễ %(n)d ngày.") % {
            "day": fmt(self.decided_on),
            "n": (self.decided_on - self.deadline).days,
        }

    def explain(self, today):
        """The verdict in Vietnamese: the rule, the deadline, the date used."""
        return " ".join(filter(None, [self.rule_text(), self.outcome_text(today)]))


@dataclass(slots=True)
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
        return self.status not in NOT_OWED

    @property
    def due_count(self):
        return sum(1 for p in self.periods if p.status not in NOT_OWED)

    @property
    def done_count(self):
        return sum(1 for p in self.periods if p.status in DONE)

    @property
    def published_on(self):
        dates = [p.published_on for p in self.periods if p.published_on]
        return max(dates) if dates else None

    @property
    def next_deadline(self):
        dates = [p.deadline for p in self.periods if p.status == NOT_DUE and p.deadline]
        return min(dates) if dates else None

    def worst(self):
        """The periods that make the cell's status (which change came late, which week is
        missing), for the explanation."""
        return [p for p in self.periods if p.status == self.status]

    def short(self, labels=None):
        """Text for a matrix cell: the status, and n/m for monthly and weekly items."""
        label = (labels or status_labels())[self.status]
        if self.status != NOT_APPLICABLE and self.requirement.timing in PERIODIC_RULES:
            return f"{label} ({self.done_count}/{self.due_count})"
        return label


def _judge(result, versions, today):
    """Fill `result` from the versions that count for it (visible as of today)."""
    if not versions:
        late = result.deadline is not None and today > result.deadline
        result.status = MISSING if late else NOT_DUE
        return result
    first = min(versions, key=lambda v: (v.published_on, v.page_id))
    latest = max(versions, key=lambda v: (v.published_on, v.page_id))
    on_time = result.deadline is None or first.published_on <= result.deadline
    result.status = ON_TIME if on_time else LATE
    result.decided_on = first.published_on
    result.published_on = latest.published_on
    result.page_id = latest.page_id
    return result


def judge_cell(school_id, requirement, school_year, versions, today, schedule, extra):
    """`extra`: (changes [(pk, date, description)], deferral (expected, reason) or None)."""
    changes, deferral = extra
    n = requirement.working_days
    applicable = [v for v in versions if not v.not_applicable]
    marks = [v for v in versions if v.not_applicable]
    if marks and requirement.is_conditional:
        newest_mark = max(marks, key=lambda m: (m.published_on, m.page_id))
        if not applicable or newest_mark.published_on >= max(v.published_on for v in applicable):
            result = PeriodResult(
                school_year,
                None,
                NOT_APPLICABLE,
                newest_mark.published_on,
                newest_mark.page_id,
                Basis.NOT_APPLICABLE,
                note=newest_mark.reason,
            )
            return Cell(school_id, requirement, NOT_APPLICABLE, [result])

    results = []
    by_change = defaultdict(list)
    by_period = defaultdict(list)
    for version in applicable:
        if version.change_id is not None:
            by_change[version.change_id].append(version)
        by_period[version.period].append(version)

    if requirement.timing == ON_CHANGE_RULE:
        for period, group in sorted(by_period.items()):
            legacy = [v for v in group if v.change_id is None and v.changed_on]
            if legacy:
                first = min(legacy, key=lambda v: (v.published_on, v.page_id))
                result = PeriodResult(
                    period,
                    add_working_days(first.changed_on, n),
                    NOT_DUE,
                    basis=Basis.LEGACY_CHANGE,
                    basis_date=first.changed_on,
                    working_days=n,
                )
                results.append(_judge(result, legacy, today))
    else:
        for period, deadline, basis, basis_date, start in schedule:
            group = by_period.get(period, [])
            note = ""
            if basis in (Basis.YEARLY, Basis.CIRCULAR_START):
                # Rule 3: information that came into being after the deadline.
                came = min((v.changed_on for v in group if v.changed_on), default=None)
                if came is None and deferral is not None:
                    came, note = deferral
                    basis_if_later = Basis.DEFERRED
                else:
                    basis_if_later = Basis.CAME_INTO_BEING
                if came is not None:
                    window = add_working_days(came, n)
                    if window > deadline:
                        deadline, basis, basis_date = window, basis_if_later, came
            result = PeriodResult(
                period,
                deadline,
                NOT_DUE,
                basis=basis,
                basis_date=basis_date,
                note=note,
                working_days=n,
                deadline_day=requirement.deadline_day,
                start=start,
            )
            if requirement.is_optional and not group:
                result.status, result.basis = OPTIONAL, Basis.OPTIONAL  # rule 8
                results.append(result)
            else:
                results.append(_judge(result, group, today))

    # Rule 2: each recorded change opens its own window.
    for change_id, changed_on, description in changes:
        if changed_on > today:
            continue
        result = PeriodResult(
            school_year,
            add_working_days(changed_on, n),
            NOT_DUE,
            basis=Basis.CHANGE,
            basis_date=changed_on,
            note=description,
            working_days=n,
            start=changed_on,
            change_id=change_id,
        )
        results.append(_judge(result, by_change.get(change_id, []), today))

    if not results and requirement.is_optional:
        results = [PeriodResult(school_year, None, OPTIONAL, basis=Basis.OPTIONAL)]
    if not results:
        return Cell(school_id, requirement, NOT_DUE, results)
    return Cell(school_id, requirement, aggregate(results), results)


def aggregate(results):
    statuses = {r.status for r in results}
    for status in SEVERITY:
        if status in statuses:
            return status
    return OPTIONAL


@dataclass
class ComplianceMatrix:
    school_year: str
    today: datetime.date
    requirements: list
    schools: list
    cells: dict
    calendars: dict = field(default_factory=dict)

    def cell(self, school, requirement):
        return self.cells.get((school.pk, requirement.pk))

    def calendar_of(self, school):
        return self.calendars.get(school.office_id) or national_default(self.school_year)

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
        on_time = counts[ON_TIME] + counts[NOT_APPLICABLE]
        return {
            "due": due,
            "done": done,
            "percent": round(100 * done / due) if due else None,
            "percent_on_time": round(100 * on_time / due) if due else None,
            "counts": counts,
            "total": len(cells),
        }

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
                    result.status == NOT_DUE
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
                if result.status == MISSING:
                    rows.append((cell.requirement, result.period, result.deadline))
        return rows


# --- Reading the database -------------------------------------------------------------


def visible_versions(school_year, today, school_ids=None):
    """{(school_id, requirement_id): [Version]} of the versions publicly visible at the
    end of `today` (rule 9; rule 5 for a past day). Two or three queries."""
    pages = DisclosurePage.objects.filter(school_year=school_year, first_published_at__isnull=False)
    if school_ids is not None:
        pages = pages.filter(disclosing_school_id__in=school_ids)
    else:
        pages = pages.filter(disclosing_school__is_active=True)
    looking_back = today < timezone.localdate()
    if not looking_back:
        pages = pages.filter(live=True, expired=False)
    rows = list(
        pages.values_list(
            "pk",
            "disclosing_school_id",
            "requirement_id",
            "period",
            "first_published_at",
            "changed_on",
            "not_applicable",
            "change_id",
            "not_applicable_reason",
            "path",
        )
    )
    restricted = restricted_paths()
    events = publication_events(pages.values("pk")) if looking_back and rows else {}
    moment = end_of_day(today)
    zone = timezone.get_current_timezone()  # once, not per row
    found = defaultdict(list)
    for (
        pk,
        school_id,
        requirement_id,
        period,
        first,
        changed_on,
        na,
        change_id,
        reason,
        path,
    ) in rows:
        published_on = first.astimezone(zone).date()
        if published_on > today:  # looking back: it did not exist yet
            continue
        if restricted and is_restricted(path, restricted):
            continue
        if looking_back and not online_at(events.get(pk, ()), moment):
            continue
        found[(school_id, requirement_id)].append(
            Version(pk, period, published_on, changed_on, na, change_id, reason)
        )
    return found


def published_versions(school_year, today, school_ids=None):
    """Kept name: the versions that count are the visible ones."""
    return visible_versions(school_year, today, school_ids)


def recorded_events(school_year, today, school_ids=None):
    """({(school, requirement): [(pk, date, description)]}, {(school, requirement):
    (expected, reason)}); two queries."""
    changes = DisclosureChange.objects.filter(school_year=school_year, changed_on__lte=today)
    deferrals = DisclosureDeferral.objects.filter(school_year=school_year, declared_on__lte=today)
    if school_ids is not None:
        changes = changes.filter(school_id__in=school_ids)
        deferrals = deferrals.filter(school_id__in=school_ids)
    by_key = defaultdict(list)
    for pk, school_id, requirement_id, changed_on, description in changes.order_by(
        "changed_on", "pk"
    ).values_list("pk", "school_id", "requirement_id", "changed_on", "description"):
        by_key[(school_id, requirement_id)].append((pk, changed_on, description))
    deferred = {
        (school_id, requirement_id): (expected, reason)
        for school_id, requirement_id, expected, reason in deferrals.values_list(
            "school_id", "requirement_id", "expected_on", "reason"
        )
    }
    return by_key, deferred


def compute(school_year=None, today=None, schools=None, requirements=None):
    """The matrix for `school_year` (default: disclosure_year_of(today)) as of `today`.

    `schools`: a School queryset or list (default: every active school)."""
    today = today or timezone.localdate()
    school_year = school_year or disclosure_year_of(today)
    parse_school_year(school_year)
    if requirements is None:
        requirements = list(DisclosureRequirement.objects.in_force())
    if schools is None:
        school_list = list(School.objects.active().order_by("name"))
        ids = None
    else:
        school_list = list(schools)
        # A queryset filters as a subquery, so the query stays the same size.
        ids = (
            schools.values("pk")
            if isinstance(schools, models.QuerySet)
            else [s.pk for s in school_list]
        )
    versions = visible_versions(school_year, today, ids)
    changes, deferrals = recorded_events(school_year, today, ids)
    office_ids = {s.office_id for s in school_list}
    calendars = calendars_for(office_ids, school_year) if office_ids else {}
    default = national_default(school_year)
    schedules = {}
    for office_id in office_ids | {None}:
        calendar = calendars.get(office_id, default)
        for r in requirements:
            schedules[(office_id, r.pk)] = scheduled_periods(r, school_year, calendar)
    cells = {}
    # ~100,000 small objects at 2,000 schools: the cyclic GC would rescan the heap many
    # times over while they are built (it doubles the time); none of them form cycles.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        by_level = {}  # the applicable requirements depend only on the stages
        no_events = ((), None)
        # A cell with no version, change or deferral depends only on the office's
        # calendar and the day: judge it once and share its (read-only) periods.
        blank = {}
        for school in school_list:
            applicable = by_level.get(school.level)
            if applicable is None:
                stages = school.stages
                applicable = by_level[school.level] = [
                    (r.pk, r) for r in requirements if r.applies_to(stages)
                ]
            pk, office_id = school.pk, school.office_id
            for rpk, requirement in applicable:
                rk = (pk, rpk)
                found = versions.get(rk)
                if not found and rk not in changes and rk not in deferrals:
                    bk = (office_id, rpk)
                    template = blank.get(bk)
                    if template is None:
                        template = blank[bk] = judge_cell(
                            None,
                            requirement,
                            school_year,
                            (),
                            today,
                            schedules[bk],
                            no_events,
                        )
                    cells[rk] = Cell(pk, requirement, template.status, template.periods)
                    continue
                extra = (changes.get(rk, ()), deferrals.get(rk))
                cells[rk] = judge_cell(
                    pk,
                    requirement,
                    school_year,
                    found or (),
                    today,
                    schedules[(office_id, rpk)],
                    extra,
                )
    finally:
        if gc_was_enabled:
            gc.enable()
    return ComplianceMatrix(school_year, today, requirements, school_list, cells, calendars)
