"""The Sở's roll-up: compliance by office (one row per office below, its whole subtree),
each row linking to the dashboard filtered to that office.

It reuses publicity.compliance.compute (three queries whatever the number of schools)
and aggregates the cells per office. Over 20,000 schools the matrix costs seconds of
Python, so the rows are cached per (reach, school year, day) under a generation number
that publishing/unpublishing a disclosure, a school, an office or a school's office
history bumps (so a new disclosure shows at once; otherwise it changes with the day).
"""

import hashlib
import time

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.signals import page_published, page_unpublished

from sites.models import Office, School, SchoolOfficeMembership, office_tree, subtree_ids
from sites.permissions import offices_visible_to, schools_visible_to, user_office

from .compliance import compute

GENERATION_KEY = "publicity:rollup:generation"
TIMEOUT = 24 * 3600


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = time.time_ns()
        cache.add(GENERATION_KEY, value, None)
    return value


def invalidate():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, time.time_ns(), None)


@receiver(page_published)
@receiver(page_unpublished)
def _disclosure_changed(sender, instance, **kwargs):
    from .models import DisclosurePage

    if isinstance(instance, DisclosurePage):
        invalidate()


@receiver(post_save)
@receiver(post_delete)
def _tenancy_changed(sender, instance, raw=False, **kwargs):
    if sender in (School, Office, SchoolOfficeMembership):
        invalidate()


def top_office_for(user):
    """The office whose children are the rows: the user's office (superusers: the office
    at the top of the tree with the most schools below it, i.e. the Sở)."""
    office = user_office(user)
    if office is not None or not user.is_superuser:
        return office
    return Office.objects.filter(parent__isnull=True).order_by("pk").first()


def rollup(user, school_year=None, today=None):
    """(matrix facts, rows): rows are dicts with office, summary and school count, the
    office's own schools first, then each child office with everything below it."""
    top = top_office_for(user)
    if top is None:
        return None, []
    scope = ",".join(str(i) for i in sorted(offices_visible_to(user)))
    digest = hashlib.md5(scope.encode(), usedforsecurity=False).hexdigest()[:12]
    key = f"publicity:rollup:{generation()}:{digest}:{top.pk}:{school_year}:{today}"
    found = cache.get(key)
    if found is not None:
        return found
    schools = schools_visible_to(user).active().only("pk", "office_id", "level", "name")
    matrix = compute(school_year, today, schools=schools)
    tree = office_tree()
    children = sorted(
        Office.objects.filter(parent=top).only("pk", "name", "domain"), key=lambda o: o.name
    )
    groups = [(top, {top.pk}, True)] + [(c, subtree_ids([c.pk], tree), False) for c in children]
    by_office = {}
    for school in matrix.schools:
        by_office.setdefault(school.office_id, []).append(school)
    rows = []
    for office, ids, direct in groups:
        members = [s for i in ids for s in by_office.get(i, ())]
        cells = [cell for school in members for cell in matrix.school_cells(school)]
        rows.append(
            {
                "office_id": office.pk,
                "name": office.name,
                "direct": direct,
                "schools": len(members),
                "summary": matrix.summary(cells),
            }
        )
    facts = {"school_year": matrix.school_year, "today": matrix.today, "total": len(matrix.schools)}
    cache.set(key, (facts, rows), TIMEOUT)
    return facts, rows
