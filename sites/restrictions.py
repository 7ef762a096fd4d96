"""Which pages may be behind a view restriction, read once per change instead of with two
queries on every public request.

Wagtail's serve hook asks every page for its restrictions: the page's ancestors (for
aliases) and then PageViewRestriction rows for all of them, two queries per request for
answers that change a few times a year. Here the paths of restricted pages and of alias
pages live in one cache entry (the shared cache in production), deleted whenever a
restriction is saved or deleted, an alias page is saved or deleted, or any page moves;
a page under neither asks nothing, every other page gets Wagtail's own answer.
"""

from django.core.cache import cache
from django.db import connection, transaction

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import post_page_move

from . import receivers
from .shared_cache import cache_is_shared

KEY = "restrictions:paths:v2"


def _timeout():
    # A per-process cache cannot be told about another process's change: entries there
    # live as long as the page cache's do (sites/cache.py), a shared one until changed.
    return None if cache_is_shared() else 60


def _paths():
    """{"restricted": paths of restricted pages, "aliases": paths of alias pages}."""
    found = cache.get(KEY)
    if found is None:
        found = {
            "restricted": tuple(PageViewRestriction.objects.values_list("page__path", flat=True)),
            "aliases": tuple(
                Page.objects.filter(alias_of__isnull=False).values_list("path", flat=True)
            ),
        }
        cache.set(KEY, found, _timeout())
    return found


def guarded_paths():
    """Paths of restricted pages and of alias pages (whose restrictions are their
    source's), as one tuple."""
    found = _paths()
    return (*found["restricted"], *found["aliases"])


def restricted_paths():
    """Paths of the pages that carry a view restriction (their subtrees are private)."""
    return _paths()["restricted"]


def may_be_restricted(page):
    """False only when neither the page nor an ancestor has a restriction or is an alias."""
    if page.pk is None or page.alias_of_id is not None or not page.path:
        return True
    return any(page.path.startswith(path) for path in guarded_paths())


def invalidate(*args, **kwargs):
    cache.delete(KEY)
    if connection.in_atomic_block:  # a request in between may have read the old rows
        transaction.on_commit(lambda: cache.delete(KEY))


def _page_saved_or_deleted(sender, instance, **kwargs):
    if instance.alias_of_id is not None:
        invalidate()


def connect_receivers():
    """Called by SitesConfig.ready()."""
    receivers.connect(invalidate, (PageViewRestriction,), uid="restrictions_changed")
    receivers.connect(_page_saved_or_deleted, receivers.page_models())
    post_page_move.connect(invalidate, dispatch_uid="restrictions_page_moved")
