"""Disclosures for demos, tests and benchmarks."""

import datetime

from django.db import transaction
from django.utils import timezone

from wagtail.models import PageLogEntry

from .compliance import compute
from .models import DisclosureIndexPage, DisclosurePage, DisclosureRequirement
from .periods import disclosure_year_of, month_label, period_label, week_label
from .visibility import backfill_publication_history


def publish_disclosure(
    school,
    requirement,
    period,
    published_on=None,
    *,
    changed_on=None,
    not_applicable=False,
    reason="",
    title=None,
    content=None,
    tables=None,
    index=None,
    with_revision=True,
    change=None,
):
    """Publish one disclosure as if it went live on `published_on` (default: now).
    `with_revision=False` writes the live page directly (demo data: several times faster)."""
    if isinstance(requirement, str):
        requirement = DisclosureRequirement.objects.in_force().get(code=requirement)
    index = index or DisclosureIndexPage.of_school(school)
    page = DisclosurePage(
        title=title or f"{requirement.title} – {period_label(period)}",
        requirement=requirement,
        period=period,
        changed_on=changed_on,
        change=change,
        not_applicable=not_applicable,
        not_applicable_reason=reason,
        content=""
        if not_applicable
        else (content or f"<p>{requirement.title} ({period_label(period)}).</p>"),
        tables=[] if not_applicable else (tables or []),
    )
    if not with_revision:
        moment = timezone.make_aware(
            datetime.datetime.combine(published_on or timezone.localdate(), datetime.time(9, 0))
        )
        page.live, page.has_unpublished_changes = True, False
        page.first_published_at = page.last_published_at = moment
        index.add_child(instance=page)
        backfill_publication_history(DisclosurePage.objects.filter(pk=page.pk))
        return page
    with transaction.atomic():
        index.add_child(instance=page)
        page.save_revision().publish()
        if published_on is not None:
            moment = timezone.make_aware(
                datetime.datetime.combine(published_on, datetime.time(9, 0))
            )
            DisclosurePage.objects.filter(pk=page.pk).update(
                first_published_at=moment, last_published_at=moment
            )
            # The publication history says the same as the page (rule 5).
            PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.publish").update(
                timestamp=moment
            )
            page.first_published_at = page.last_published_at = moment
        else:
            page.refresh_from_db(fields=["first_published_at", "last_published_at", "live"])
    return page


def seed_disclosures(schools, today=None, content=None):
    """A realistic mix for the demo: about a third of the schools complete and on time,
    a third with some items late, the rest with gaps. Covers the current school year
    (due 30/6 just before it started, see publicity.compliance) and the monthly and
    weekly items due so far. `content(school, requirement, period)` gives each version's
    (text, tables) (cms.demo.disclosures.content_for); without it, one line of text.
    Returns the number of pages published."""
    today = today or timezone.localdate()
    with transaction.atomic():
        return _seed(list(schools), today, disclosure_year_of(today), content)


def _seed(schools, today, school_year, content=None):
    count = 0
    matrix = compute(school_year, today, schools=schools)
    for number, school in enumerate(schools):
        profile = number % 3  # 0 complete, 1 late, 2 gaps
        index = DisclosureIndexPage.of_school(school)
        if DisclosurePage.objects.child_of(index).exists():
            continue  # seeded by an earlier run: running the demo again adds nothing
        for cell in matrix.school_cells(school):
            requirement = cell.requirement
            for position, result in enumerate(cell.periods):
                if result.deadline is None or result.deadline > today:
                    continue
                if profile == 2 and (requirement.order // 10 + number) % 3 == 0:
                    continue  # missing
                if requirement.is_conditional and profile == 1 and position == 0:
                    publish_disclosure(
                        school,
                        requirement,
                        school_year,
                        result.deadline,
                        not_applicable=True,
                        index=index,
                        with_revision=False,
                        reason="Trường không tổ chức nội dung này.",
                    )
                    count += 1
                    break
                late = profile == 1 and requirement.order % 30 == 0
                published_on = result.deadline + datetime.timedelta(days=12 if late else -3)
                text, tables = (
                    content(school, requirement, result.period) if content else (None, None)
                )
                publish_disclosure(
                    school,
                    requirement,
                    result.period,
                    min(published_on, today),
                    content=text,
                    tables=tables,
                    index=index,
                    with_revision=False,
                )
                count += 1
    return count


__all__ = [
    "publish_disclosure",
    "seed_disclosures",
    "month_label",
    "week_label",
]
