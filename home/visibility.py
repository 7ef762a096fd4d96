"""Pages a visitor may see listed: live and not behind a view restriction.

Wagtail's `.public()` reads every restriction first (one more query per listing); this
does the same in the listing's own query with a correlated subquery, so the query
budgets of public pages stay as they were. A page made private (password, login,
groups) leaves every listing, archive and count at once, not only its own URL. Searches
filter with `public()`, from the cached restriction paths.
"""

from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Length, Substr

from wagtail.models import PageViewRestriction

from sites.restrictions import restricted_paths


def without_restricted(queryset):
    restricted_ancestor = PageViewRestriction.objects.annotate(
        prefix=Substr(OuterRef("path"), 1, Length(F("page__path")))
    ).filter(prefix=F("page__path"))
    return queryset.exclude(Exists(restricted_ancestor))


def public(queryset):
    """Wagtail's `.public()` from the cached restriction paths (sites/restrictions.py):
    no query of its own, and plain path lookups, which a search (`.search()`) accepts
    where it refuses `without_restricted`'s subquery."""
    outside = Q()
    for path in restricted_paths():
        outside &= ~Q(path__startswith=path)
    return queryset.filter(outside)
