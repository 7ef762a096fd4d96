"""The Sở's roll-up: compliance by office (one row per office below, its whole subtree),
each row linking to the dashboard filtered to that office.

It sums the stored per-school figures (SchoolComplianceSummary, publicity.summaries)
per office in SQL: one GROUP BY over the reach's schools, whatever their number. The
nightly record_compliance_snapshot stores every school's row for the day; a school
without one (its disclosures changed since: publicity.signals deletes its row) is
computed alone, through the compliance engine, before the sums. Computing all 20,000
schools costs seconds of Python, which is why the rows are read, never the matrix.

On top, the rows are cached per (reach, school year, day) under a generation number
bumped by every invalidation of a stored row (publicity.summaries.invalidate: a publish,
a recorded change, a calendar...) and by changes of a school, an office or a school's
office history (so a new disclosure shows at once; otherwise it changes with the day).
"""

import hashlib

from django.core.cache import cache
from django.db.models import Count, FilteredRelation, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from sites.models import Office, School, SchoolOfficeMembership, subtree_ids
from sites.permissions import office_tree, offices_visible_to, schools_visible_to, user_office
from sites.receivers import connect
from sites.school_year import parse_school_year

from .figures import COUNTERS, Figures
from .models import disclosure_year_of
from .summaries import generation, invalidate_cached, stored_rows

TIMEOUT = 24 * 3600


def _tenancy_changed(sender, instance, raw=False, **kwargs):
    invalidate_cached()


def connect_receivers():
    """Called by PublicityConfig.ready()."""
    connect(_tenancy_changed, (School, Office, SchoolOfficeMembership))


def top_office_for(user):
    """The office whose children are the rows: the user's office (superusers: the office
    at the top of the tree with the most schools below it, i.e. the Sở)."""
    office = user_office(user)
    if office is not None or not user.is_superuser:
        return office
    return Office.objects.filter(parent__isnull=True).order_by("pk").first()


def rollup(user, school_year=None, today=None):
    """(facts, rows): rows are dicts with the office, its school count and figures
    (publicity.figures), the office's own schools first, then each child office with
    everything below it."""
    top = top_office_for(user)
    if top is None:
        return None, []
    today = today or timezone.localdate()
    school_year = school_year or disclosure_year_of(today)
    parse_school_year(school_year)
    scope = ",".join(str(i) for i in sorted(offices_visible_to(user)))
    digest = hashlib.md5(scope.encode(), usedforsecurity=False).hexdigest()[:12]
    key = f"publicity:rollup:v2:{generation()}:{digest}:{top.pk}:{school_year}:{today}"
    found = cache.get(key)
    if found is not None:
        return found
    schools = schools_visible_to(user).active()
    by_office = stored_counts_by_office(schools, school_year, today)
    tree = office_tree(user)  # read once per request, shared with the reach
    children = sorted(
        Office.objects.filter(parent=top).only("pk", "name", "domain"), key=lambda o: o.name
    )
    groups = [(top, {top.pk}, True)] + [(c, subtree_ids([c.pk], tree), False) for c in children]
    rows = []
    for office, ids, direct in groups:
        counts = [by_office[i] for i in ids if i in by_office]
        rows.append(
            {
                "office_id": office.pk,
                "name": office.name,
                "label": _("%(name)s (trực thuộc trực tiếp)") % {"name": office.name}
                if direct
                else office.name,
                "direct": direct,
                "schools": sum(c["schools"] for c in counts),
                "figures": Figures.sum(counts),
            }
        )
    total = sum(c["schools"] for c in by_office.values())
    facts = {
        "school_year": school_year,
        "today": today,
        "total": total,
        "figures": Figures.sum(by_office.values()),
    }
    cache.set(key, (facts, rows), TIMEOUT)
    return facts, rows


def stored_counts_by_office(schools, school_year, today):
    """{office id: {"schools": n, counter: sum}} of the active `schools`, summed in SQL
    from the stored per-school figures: one query (schools LEFT JOIN the day's row,
    GROUP BY office) when every row is there. Schools without a row for the day (before
    the nightly record_compliance_snapshot, or invalidated since) are computed and
    stored first, just those, and the sums read again."""
    sums = {name: Sum(f"day__{name}") for name in COUNTERS}

    def read():
        day = FilteredRelation(  # a new one per query: Django resolves it in place
            "compliance_summaries",
            condition=Q(compliance_summaries__school_year=school_year)
            & Q(compliance_summaries__as_of=today),
        )
        return {
            row.pop("office_id"): row
            for row in schools.annotate(day=day)
            .values("office_id")
            .annotate(schools=Count("pk"), stored=Count("day__pk"), **sums)
            .order_by()
        }

    by_office = read()
    if any(row["stored"] < row["schools"] for row in by_office.values()):
        stored_rows(schools, school_year, today)  # computes the missing rows
        by_office = read()
    return by_office
