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
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sites.models import School
from sites.school_year import parse_school_year

from .disclosures import DisclosurePage, retention_until
from .figures import Figures
from .periods import TimingRule, disclosure_year_of, period_label
from .requirements import DisclosureChange, DisclosureDeferral, DisclosureRequirement
from .rules import RULE_TEXT, Basis, fmt
from .school_calendar import calendars_for, monthly_periods, national_default, weekly_periods
from .statuses import (
    LATE,
    MISSING,
    NOT_APPLICABLE,
    NOT_DUE,
    ON_TIME,
    OPTIONAL,
    status_labels,
)
from .statuses import Status as Status  # the engine's verdicts, imported from here too
from .visibility import (
    end_of_day,
    is_restricted,
    online_spans,
    publication_events,
    restricted_paths,
    taken_down,
)
from .working_days import add_working_days

DUE_SOON_DAYS = 30


DONE = frozenset({ON_TIME, LATE, NOT_APPLICABLE})
NOT_OWED = frozenset({NOT_DUE, OPTIONAL})
ON_CHANGE_RULE = TimingRule.ON_CHANGE.value
MONTHLY_RULE = TimingRule.MONTHLY.value
WEEKLY_RULE = TimingRule.WEEKLY.value
PERIODIC_RULES = frozenset({MONTHLY_RULE, WEEKLY_RULE})
SEVERITY = (MISSING, LATE, ON_TIME, NOT_DUE, OPTIONAL)
# Results judged by the version published for a change (recorded or dated on the version).
UPDATE_BASES = frozenset({Basis.CHANGE, Basis.UPDATE, Basis.LEGACY_CHANGE})

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
    published_on: datetime.date  # first publication, local date
    changed_on: datetime.date | None
    not_applicable: bool
    change_id: int | None = None
    reason: str = ""
    published_at: datetime.datetime | None = None  # first publication, for the order
    # When the version was online, up to the end of the day judged: ((from, until or
    # None), ...); empty for the usual case, online since its first publication.
    spans: tuple = ()

    @property
    def visible(self):
        return not self.spans or self.spans[-1][1] is None

    def online(self):
        return self.spans or ((self.published_at, None),)

    def order(self):
        return (self.published_at or self.published_on, self.page_id)


@dataclass(slots=True)
class Removal:
    """A version taken offline within its 5 years (rule 12): a retention breach. With
    another version visible at that moment (`resumed_on` None and `replaced`), the period
    stays disclosed; otherwise the gap runs to `resumed_on` (None: still offline)."""

    published_on: datetime.date
    removed_on: datetime.date
    replaced: bool
    resumed_on: datetime.date | None = None
    late_days: int = 0


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
    decided_on: datetime.date | None = None  # the first version: it decides
    removals: list = field(default_factory=list)  # Removal, rule 12

    @property
    def period_label(self):
        return period_label(self.period)

    def rule_text(self):
        return rule_template(self.basis) % {
            "deadline": fmt(self.deadline),
            "basis": fmt(self.basis_date),
            "note": self.note,
            "n": self.working_days,
            "period": period_label(self.period),
            "year": period_label(self.period),
            "day": self.deadline_day,
            "published": fmt(self.decided_on),
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
        which = _("bản cập nhật") if self.basis in UPDATE_BASES else _("bản đầu tiên")
        if self.deadline is None or self.decided_on <= self.deadline:
            first = _("Công khai ngày %(day)s (%(which)s): đúng hạn.") % {
                "day": fmt(self.decided_on),
                "which": which,
            }
        else:
            first = _("Công khai ngày %(day)s (%(which)s): trễ %(n)d ngày.") % {
                "day": fmt(self.decided_on),
                "which": which,
                "n": (self.decided_on - self.deadline).days,
            }
        return " ".join([first] + [self.removal_text(r, today) for r in self.removals])

    def removal_text(self, removal, today):
        words = {
            "published": fmt(removal.published_on),
            "removed": fmt(removal.removed_on),
            "resumed": fmt(removal.resumed_on),
            "today": fmt(today),
            "deadline": fmt(self.deadline),
            "n": removal.late_days,
        }
        breach = _(
            "Bản công khai ngày %(published)s bị gỡ ngày %(removed)s khi chưa đủ 5 năm: vi "
            "phạm thời gian lưu giữ."
        )
        if removal.replaced:
            outcome = _(
                "Khi đó đã có bản khác đang hiển thị nên thông tin không bị gián đoạn: kỳ này "
                "không bị tính trễ hạn."
            )
        elif removal.resumed_on is not None and removal.late_days:
            outcome = _(
                "Từ ngày gỡ đến ngày %(resumed)s không có bản nào hiển thị; tính từ ngày gỡ, "
                "bản công khai lại trễ %(n)d ngày."
            )
        elif removal.resumed_on is not None:
            outcome = _(
                "Bản công khai lại ngày %(resumed)s, trong hạn (tính từ ngày gỡ, hạn "
                "%(deadline)s): không bị tính trễ hạn."
            )
        elif self.status == MISSING:
            outcome = _("Đến ngày %(today)s chưa có bản nào hiển thị lại: quá hạn tính từ ngày gỡ.")
        else:
            outcome = _(
                "Đến ngày %(today)s chưa có bản nào hiển thị lại; hạn công khai là %(deadline)s."
            )
        return f"{breach % words} {outcome % words}"

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
    """Fill `result` from the versions that count for it: the first publication decides
    (rule 6); a removal within 5 years is judged by continuity (rule 12)."""
    if not versions:
        late = result.deadline is not None and today > result.deadline
        result.status = MISSING if late else NOT_DUE
        return result
    first = min(versions, key=Version.order)
    on_time = result.deadline is None or first.published_on <= result.deadline
    result.status = ON_TIME if on_time else LATE
    result.decided_on = first.published_on
    visible = [v for v in versions if v.visible] or versions
    latest = max(visible, key=Version.order)
    result.published_on = latest.published_on
    result.page_id = latest.page_id
    if any(v.spans for v in versions):
        _judge_continuity(result, versions, today)
    return result


def _local_date(moment):
    return timezone.localdate(moment)


def _judge_continuity(result, versions, today):
    """Rule 12. A version taken down within its 5 years is a retention breach. While
    another version stays visible (it went live before the removal) the period stays
    disclosed and its verdict stands. A gap, nothing visible from a removal on, is
    judged from the removal: the period is owed again from that day (or from its
    deadline, if later), so a version published after that day is late by the days in
    between, and none at all is overdue once the deadline has passed."""
    spans = []
    for version in versions:
        kept_until = retention_until(version.published_on)
        for start, until in version.online():
            if until is not None and _local_date(until) >= kept_until:
                until = None  # taken down after its 5 years: nothing is owed any more
            spans.append((start, until, version))
    spans.sort(key=lambda span: (span[0], span[2].page_id))
    for index, (_start, until, version) in enumerate(spans):
        if until is None:
            continue
        replaced = any(
            s <= until and (u is None or u > until)
            for other, (s, u, _v) in enumerate(spans)
            if other != index
        )
        result.removals.append(Removal(version.published_on, _local_date(until), replaced))
    segments = []  # when something was visible: [from, until or None]
    for start, until, _version in spans:
        if segments and (segments[-1][1] is None or start <= segments[-1][1]):
            if segments[-1][1] is not None and (until is None or until > segments[-1][1]):
                segments[-1][1] = until
        else:
            segments.append([start, until])
    statuses = [result.status]
    for (_start, removed_at), (resumed_at, _until) in zip(segments, segments[1:], strict=False):
        statuses.append(_close_gap(result, removed_at, resumed_at))
    if segments[-1][1] is not None:  # nothing visible now
        if result.deadline is None or today > result.deadline:
            statuses.append(MISSING)
        else:
            statuses = [NOT_DUE]
    result.status = worst_of(statuses)


def _close_gap(result, removed_at, resumed_at):
    """The verdict of a gap from a removal to the next publication."""
    removed_on, resumed_on = _local_date(removed_at), _local_date(resumed_at)
    owed_from = max(result.deadline, removed_on) if result.deadline else removed_on
    late_days = max((resumed_on - owed_from).days, 0)
    for removal in result.removals:
        if removal.removed_on == removed_on and not removal.replaced:
            removal.resumed_on, removal.late_days = resumed_on, late_days
    return LATE if late_days else ON_TIME


def _updates(versions, first, result, n, today):
    """Rule 2b: later versions of a period that carry their own "ngày thông tin thay
    đổi" (and no recorded change) are updates: each date opens its own window of N
    working days (never ending before the period's deadline), judged by the first
    version that carries it. A later version without a date is a correction."""
    by_date = defaultdict(list)
    for version in versions:
        if (
            version is not first
            and version.changed_on
            and version.change_id is None
            and version.changed_on != first.changed_on
        ):
            by_date[version.changed_on].append(version)
    found = []
    for changed_on, group in sorted(by_date.items()):
        window = add_working_days(changed_on, n)
        if result.deadline is not None:
            window = max(window, result.deadline)
        update = PeriodResult(
            result.period,
            window,
            NOT_DUE,
            basis=Basis.UPDATE,
            basis_date=changed_on,
            working_days=n,
            start=changed_on,
        )
        found.append(_judge(update, group, today))
    return found


def judge_cell(school_id, requirement, school_year, versions, today, schedule, extra):
    """`extra`: (changes [(pk, date, description)], deferral (expected, reason) or None)."""
    changes, deferral = extra
    n = requirement.working_days
    applicable = [v for v in versions if not v.not_applicable]
    marks = [v for v in versions if v.not_applicable and v.visible]
    if marks and requirement.is_conditional:
        newest_mark = max(marks, key=Version.order)
        if not applicable or newest_mark.order() >= max(v.order() for v in applicable):
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
        # Each date a version carries is a change with its own window (rule 2b).
        for period, group in sorted(by_period.items()):
            by_date = defaultdict(list)
            for version in group:
                if version.change_id is None and version.changed_on:
                    by_date[version.changed_on].append(version)
            for changed_on, dated in sorted(by_date.items()):
                result = PeriodResult(
                    period,
                    add_working_days(changed_on, n),
                    NOT_DUE,
                    basis=Basis.LEGACY_CHANGE,
                    basis_date=changed_on,
                    working_days=n,
                    start=changed_on,
                )
                results.append(_judge(result, dated, today))
    else:
        for period, deadline, basis, basis_date, start in schedule:
            group = by_period.get(period, [])
            first = min(group, key=Version.order) if group else None
            note = ""
            if basis in (Basis.YEARLY, Basis.CIRCULAR_START):
                # Rule 3: information that came into being after the deadline, as the
                # first version dates it (a later version's date is an update).
                came = first.changed_on if first is not None and first.change_id is None else None
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
                continue
            results.append(_judge(result, group, today))
            if len(group) > 1:
                results.extend(_updates(group, first, result, n, today))

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


def worst_of(statuses):
    statuses = set(statuses)
    for status in SEVERITY:
        if status in statuses:
            return status
    return OPTIONAL


def aggregate(results):
    return worst_of(r.status for r in results)


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
        """The figures (publicity.figures) of `cells`."""
        return Figures.from_cells(cells)

    def school_summary(self, school):
        return self.summary(self.school_cells(school))

    def office_summary(self):
        return self.summary(self.cells.values())

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
    """{(school_id, requirement_id): [Version]} of the versions publicly visible at some
    time up to the end of `today` (rule 9; rule 5 for a past day), with when they were
    online if one was ever taken down (rule 12). Three or four queries."""
    moment = end_of_day(today)
    pages = DisclosurePage.objects.filter(
        school_year=school_year, first_published_at__isnull=False, first_published_at__lte=moment
    )
    if school_ids is not None:
        pages = pages.filter(disclosing_school_id__in=school_ids)
    else:
        pages = pages.filter(disclosing_school__is_active=True)
    looking_back = today < timezone.localdate()
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
            "live",
            "expired",
        )
    )
    restricted = restricted_paths()
    if not rows:
        events = {}
    elif looking_back:
        events = publication_events(pages.values("pk"))
    else:
        # Today: only the pages ever taken offline need their history (a handful).
        events = publication_events(taken_down(pages.values("pk")))
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
        live,
        expired,
    ) in rows:
        if restricted and is_restricted(path, restricted):
            continue
        history = events.get(pk)
        if history:
            spans = online_spans(history, moment)
            if not spans:
                continue
            if spans == ((spans[0][0], None),) and first <= spans[0][0]:
                spans = ()  # online since its first publication: the usual case
        elif looking_back or not live or expired:
            continue  # no history of being online (looking back), or offline today
        else:
            spans = ()
        found[(school_id, requirement_id)].append(
            Version(
                pk,
                period,
                first.astimezone(zone).date(),
                changed_on,
                na,
                change_id,
                reason,
                published_at=first,
                spans=spans,
            )
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
