"""The precomputation: one SchoolComplianceSummary row per school × school year × day.

The dashboard, the open data, the daily office snapshots (and later a province roll-up
by office) read these rows instead of recomputing every school; missing rows are
computed for just those schools and stored. What invalidates a row is in
publicity/signals.py: a school's disclosures being published, unpublished, moved,
restricted or saved, its recorded changes and deferrals; every row when the catalogue or
a calendar changes. A row for another day is never read, so the date moving on needs no
invalidation.
"""

import datetime
import time

from django.core.cache import cache
from django.db import models, transaction
from django.db.models import Sum
from django.utils import timezone

from sites.models import School

from .compliance import compute
from .figures import COUNTERS, Figures
from .periods import disclosure_year_of

# --- Precomputed figures ------------------------------------------------------------


class ComplianceCounts(models.Model):
    """The counters a school's or an office's figures share (publicity.figures: every
    applicable item under exactly one of them)."""

    on_time = models.PositiveIntegerField(default=0)
    late = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)
    not_due = models.PositiveIntegerField(default=0)
    not_applicable = models.PositiveIntegerField(default=0)
    optional = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    @property
    def figures(self):
        return Figures.of(self)


class SchoolComplianceSummary(ComplianceCounts):
    """One school's figures for one school year as of one day: the precomputation the
    dashboard, the open data and the office snapshots read, and that a province roll-up
    aggregates by office. Invalidated (deleted) by publish/unpublish/move/privacy
    changes of the school's disclosures, by its recorded changes and deferrals, and for
    every school when the catalogue or a calendar changes (publicity.signals); a row
    for another day is simply not read."""

    school = models.ForeignKey(
        "sites.School", on_delete=models.CASCADE, related_name="compliance_summaries"
    )
    school_year = models.CharField(max_length=9)
    as_of = models.DateField()
    statuses = models.JSONField(default=dict)  # {requirement code: status}
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year", "as_of"], name="one_summary_per_day"
            )
        ]

    def __str__(self):
        return f"{self.school_id} {self.school_year} {self.as_of}"


class OfficeComplianceSnapshot(ComplianceCounts):
    """An office's figures on one day, recorded daily (manage.py
    record_compliance_snapshot) so the progress chart never recomputes a year."""

    office = models.ForeignKey(
        "sites.Office", on_delete=models.CASCADE, related_name="compliance_snapshots"
    )
    school_year = models.CharField(max_length=9)
    day = models.DateField()
    schools = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "school_year", "day"], name="one_snapshot_per_day"
            )
        ]

    def __str__(self):
        return f"{self.office_id} {self.school_year} {self.day}"


def summary_from_cells(school, school_year, today, cells):
    """The stored row of one school: its figures' counters and each item's verdict."""
    cells = list(cells)
    figures = Figures.from_cells(cells)
    row = SchoolComplianceSummary(
        school=school,
        school_year=school_year,
        as_of=today,
        statuses={cell.requirement.code: cell.status for cell in cells},
        **{name: figures.value(name) for name in COUNTERS},
    )
    return row


def summaries_for(schools, school_year=None, today=None, requirements=None):
    """{school_id: SchoolComplianceSummary} for `schools` (a queryset or list), computing
    and storing the missing ones (`requirements`: the ones in force, if already read).
    Two queries when every row is there, one for a list."""
    today = today or timezone.localdate()
    school_year = school_year or disclosure_year_of(today)
    school_list = list(schools)
    ids = [s.pk for s in school_list]
    found = {
        row.school_id: row
        for row in SchoolComplianceSummary.objects.filter(
            school_id__in=schools.values("pk") if hasattr(schools, "values") else ids,
            school_year=school_year,
            as_of=today,
        ).defer("computed_at")
    }
    missing = [s for s in school_list if s.pk not in found]
    if missing:
        matrix = compute(school_year, today, schools=missing, requirements=requirements)
        rows = [summary_from_cells(s, school_year, today, matrix.school_cells(s)) for s in missing]
        with transaction.atomic():
            SchoolComplianceSummary.objects.bulk_create(
                rows, batch_size=1000, ignore_conflicts=True
            )
        found.update((row.school_id, row) for row in rows)
    return found


def stored_rows(schools, school_year, today):
    """The stored rows of `schools` (a queryset) for the day, computing and storing the
    missing ones first (just those): a queryset to aggregate in SQL, so a province's
    20,000 rows are summed by the database instead of loaded. Two queries when every row
    is there."""
    stored = SchoolComplianceSummary.objects.filter(school_year=school_year, as_of=today)
    missing = schools.exclude(pk__in=stored.values("school_id")).only(
        "pk", "office_id", "level", "name"
    )
    if missing.exists():
        summaries_for(missing, school_year, today)
    return stored.filter(school__in=schools.values("pk"))


SUMS = {name: Sum(name) for name in COUNTERS}


def invalidate(school_ids=None):
    """Drop stored figures: of some schools, or of all (None); and whatever is cached
    from them (the roll-up by office)."""
    rows = SchoolComplianceSummary.objects.all()
    if school_ids is not None:
        rows = rows.filter(school_id__in=list(school_ids))
    rows.delete()
    invalidate_cached()


GENERATION_KEY = "publicity:rollup:generation"


def generation():
    """The number in the keys of figures cached from the stored rows (publicity.rollup)."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = time.time_ns()
        cache.add(GENERATION_KEY, value, None)
    return value


def invalidate_cached():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, time.time_ns(), None)


def aggregate(summaries):
    """Office (or province) figures from per-school rows: the same sums everywhere."""
    return Figures.sum(summaries)


def record_snapshots(today=None, school_year=None):
    """Today's figures of every office, stored once per day (idempotent: a second run the
    same day overwrites the same row). Returns the snapshots."""
    today = today or timezone.localdate()
    school_year = school_year or disclosure_year_of(today)
    schools = School.objects.active().order_by("pk")
    summaries = summaries_for(schools, school_year, today)
    by_office = {}
    for school in schools:
        by_office.setdefault(school.office_id, []).append(summaries[school.pk])
    snapshots = []
    for office_id, rows in by_office.items():
        figures = aggregate(rows)
        snapshot, _created = OfficeComplianceSnapshot.objects.update_or_create(
            office_id=office_id,
            school_year=school_year,
            day=today,
            defaults={
                "schools": len(rows),
                **{name: figures.value(name) for name in COUNTERS},
            },
        )
        snapshots.append(snapshot)
    prune_summaries(today)
    return snapshots


# Days of per-school rows kept behind the nightly run: the screens read the day's rows only
# (an older day is recomputed on demand), the history lives in the office snapshots.
SUMMARY_DAYS_KEPT = 2


def prune_summaries(today):
    """Drop per-school rows older than SUMMARY_DAYS_KEPT days: one row per school a day
    would be ~18 million a year at 50,000 schools."""
    cutoff = today - datetime.timedelta(days=SUMMARY_DAYS_KEPT)
    return SchoolComplianceSummary.objects.filter(as_of__lt=cutoff).delete()[0]
