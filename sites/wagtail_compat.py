"""Every change this project makes to a Wagtail class, in one place.

What and why:
- ``Page._get_relevant_site_root_paths``, ``get_url``, ``url``, ``relative_url``: plain
  ``wagtail.models.Page`` instances (``get_children()`` without ``.specific()``, menus,
  the admin) would build each URL by scanning every site's root path, which costs
  milliseconds per link with thousands of schools. Our page types get the same methods
  from ``sites.routing.FastUrlPageMixin``, the supported way; this gives them to plain
  pages too.
- ``TreeQuerySet.descendant_of_q``: Wagtail filters a subtree with ``path LIKE 'x%'``,
  which neither SQLite (case-insensitive LIKE) nor PostgreSQL (non-C collation) can
  answer from the path index, so "latest news of this school" walked every school's
  news. An indexed range (``sites.routing.subtree_q``) gives the same rows.

Checked against Wagtail 8.0.x: on any other release series start-up stops with an
error, so an upgrade re-reads Wagtail's versions of these members before patching.
Setting ``TRUONGSO_PATCH_PAGE_URLS = False`` leaves Wagtail untouched (used to compare).
"""

import inspect

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

import wagtail
from wagtail.models import Page
from wagtail.query import TreeQuerySet

from .routing import FastUrlPageMixin, subtree_q

CHECKED_WAGTAIL_SERIES = {(8, 0)}
PAGE_URL_MEMBERS = ("_get_relevant_site_root_paths", "get_url", "url", "relative_url")

ORIGINALS = {}  # Wagtail's own members, for tests that compare with Wagtail


def check_wagtail_version(version=wagtail.VERSION):
    series = tuple(version[:2])
    if series not in CHECKED_WAGTAIL_SERIES:
        checked = ", ".join(f"{a}.{b}" for a, b in sorted(CHECKED_WAGTAIL_SERIES))
        raise ImproperlyConfigured(
            f"sites/wagtail_compat.py chưa được kiểm tra với Wagtail {series[0]}.{series[1]} "
            f"(đã kiểm tra: {checked}): hãy đọc lại các thành phần Wagtail bị thay thế "
            "rồi cập nhật CHECKED_WAGTAIL_SERIES."
        )


def _descendant_of_q(self, other, inclusive=False):
    return subtree_q(other, inclusive)


def apply():
    """Called once from SitesConfig.ready()."""
    if not getattr(settings, "TRUONGSO_PATCH_PAGE_URLS", True) or ORIGINALS:
        return
    check_wagtail_version()
    ORIGINALS.update((name, inspect.getattr_static(Page, name)) for name in PAGE_URL_MEMBERS)
    ORIGINALS["descendant_of_q"] = TreeQuerySet.descendant_of_q
    Page._get_relevant_site_root_paths = FastUrlPageMixin._get_relevant_site_root_paths
    Page.get_url = FastUrlPageMixin.get_url
    Page.url = property(FastUrlPageMixin.get_url)
    Page.relative_url = FastUrlPageMixin.relative_url
    # descendant_of()/child_of() of every page queryset (child_of builds on it).
    TreeQuerySet.descendant_of_q = _descendant_of_q
