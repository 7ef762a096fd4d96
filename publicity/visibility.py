"""Disclosed means publicly visible (rule 9), today and on any past day (rule 5).

Today: live, not expired, and no view restriction (password, login, groups) on the page
or any ancestor. A past day: what Wagtail's page log says was published at the end of
that day (wagtail.publish* opens, wagtail.unpublish* closes); pages without such
history — older rows, the demo, the bench data — get it backfilled from their first
publication (backfill_publication_history, also run by a data migration).
"""

import datetime
from bisect import bisect_right
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from wagtail.models import PageLogEntry, PageViewRestriction

from .disclosures import DisclosurePage

PUBLISH_PREFIX = "wagtail.publish"
UNPUBLISH_PREFIX = "wagtail.unpublish"
# Exact names, so the database uses the index on the action column.
UNPUBLISH_ACTIONS = ("wagtail.unpublish", "wagtail.unpublish.scheduled")


def restricted_paths():
    """Tree paths carrying a view restriction; one query (a handful of rows)."""
    return tuple(sorted(PageViewRestriction.objects.values_list("page__path", flat=True)))


def is_restricted(path, paths):
    """True when `path` or an ancestor is in `paths` (sorted)."""
    if not paths:
        return False
    index = bisect_right(paths, path)
    # Any restricted ancestor is a prefix of `path`, so it sorts at or before it.
    return any(path.startswith(paths[i]) for i in range(index - 1, -1, -1)) if index else False


def end_of_day(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def publication_events(page_ids=None, content_type=None):
    """{page_id: [(timestamp, is_online)]} in time order; one query."""
    content_type = content_type or ContentType.objects.get_for_model(DisclosurePage)
    entries = PageLogEntry.objects.filter(content_type=content_type).filter(
        action__startswith="wagtail."
    )
    if page_ids is not None:
        entries = entries.filter(page_id__in=page_ids)
    events = defaultdict(list)
    for page_id, action, timestamp in entries.order_by("timestamp", "pk").values_list(
        "page_id", "action", "timestamp"
    ):
        if action.startswith(PUBLISH_PREFIX):
            events[page_id].append((timestamp, True))
        elif action.startswith(UNPUBLISH_PREFIX):
            events[page_id].append((timestamp, False))
    return events


def online_spans(events, moment):
    """((from, until or None), ...) the page was online, from its events, up to `moment`."""
    spans = []
    start = None
    for timestamp, is_online in events:
        if timestamp > moment:
            break
        if is_online and start is None:
            start = timestamp
        elif not is_online and start is not None:
            spans.append((start, timestamp))
            start = None
    if start is not None:
        spans.append((start, None))
    return tuple(spans)


def taken_down(page_ids, content_type=None):
    """The ids (a subquery) of the pages among `page_ids` that were ever unpublished or
    expired: the only ones whose history matters today (rule 12)."""
    content_type = content_type or ContentType.objects.get_for_model(DisclosurePage)
    return PageLogEntry.objects.filter(
        content_type=content_type, action__in=UNPUBLISH_ACTIONS, page_id__in=page_ids
    ).values("page_id")


def backfill_publication_history(pages=None):
    """A wagtail.publish log entry at first_published_at for every disclosure that has
    none (and a wagtail.unpublish at its last publication for one no longer live).
    Returns the number of entries created; bulk insert."""
    content_type = ContentType.objects.get_for_model(DisclosurePage)
    pages = pages if pages is not None else DisclosurePage.objects.all()
    have = set(
        PageLogEntry.objects.filter(
            content_type=content_type, action__startswith=PUBLISH_PREFIX
        ).values_list("page_id", flat=True)
    )
    entries = []
    for pk, title, live, first, last in pages.filter(first_published_at__isnull=False).values_list(
        "pk", "title", "live", "first_published_at", "last_published_at"
    ):
        if pk in have:
            continue
        entries.append(
            PageLogEntry(
                content_type=content_type,
                page_id=pk,
                label=title,
                action="wagtail.publish",
                timestamp=first,
                data={"backfilled": True},
            )
        )
        if not live:
            entries.append(
                PageLogEntry(
                    content_type=content_type,
                    page_id=pk,
                    label=title,
                    action="wagtail.unpublish",
                    timestamp=max(last or first, first),
                    data={"backfilled": True},
                )
            )
    PageLogEntry.objects.bulk_create(entries, batch_size=2000)
    return len(entries)
