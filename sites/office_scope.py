"""What a portal page shows: the office whose portal it is and the schools below it.

Public portal pages (home, directory, news feed) need "the schools of this office and
the offices below it" on every request. The answer only changes when sites, offices or
schools' homes change, which all bump the routing generation, so it is kept in the
shared cache under that generation: a cached page view pays no query for it.
"""

from dataclasses import dataclass

from django.core.cache import cache

from wagtail.models import Page

from . import routing
from .models import Office, School, office_tree, subtree_ids

ROOT_SEGMENT = Page.steplen * 2


@dataclass(frozen=True)
class OfficeScope:
    office_id: int
    office_ids: frozenset
    # Paths of the school homes below the office; None when that is every school.
    home_paths: tuple | None
    child_office_ids: tuple

    @property
    def is_everything(self):
        return self.home_paths is None

    def school_filter(self, queryset):
        """`queryset` of School restricted to this scope."""
        if self.is_everything:
            return queryset
        return queryset.filter(office_id__in=self.office_ids)


def _load(root_path):
    office_id = (
        Office.objects.filter(site__root_page__path=root_path).values_list("pk", flat=True).first()
    )
    if office_id is None:
        return None
    tree = office_tree()
    office_ids = frozenset(subtree_ids([office_id], tree))
    home_paths = None
    if len(office_ids) != len(tree):
        home_paths = tuple(
            School.objects.filter(office_id__in=office_ids).values_list(
                "home_page__path", flat=True
            )
        )
    children = tuple(sorted(i for i, parent in tree.items() if parent == office_id))
    return OfficeScope(office_id, office_ids, home_paths, children)


def scope_for_page(page):
    """The OfficeScope of the portal `page` belongs to, or None (a school's page)."""
    root_path = (page.path or "")[:ROOT_SEGMENT]
    memo = getattr(page, "_truongso_scope", None)
    if memo is not None:
        return memo or None
    key = f"routing:{routing.generation()}:scope:{root_path}"
    scope = cache.get(key)
    if scope is None:
        scope = _load(root_path) or False
        cache.set(key, scope, routing.entry_timeout())
    page._truongso_scope = scope
    return scope or None


def office_ids_above(office_id):
    """This office and every office above it (for notices addressed to all schools)."""
    key = f"routing:{routing.generation()}:above:{office_id}"
    found = cache.get(key)
    if found is None:
        tree = office_tree()
        found, current = [], office_id
        while current is not None and current not in found:
            found.append(current)
            current = tree.get(current)
        cache.set(key, found, routing.entry_timeout())
    return found
