"""Pages a visitor may see listed: live and not behind a view restriction.

Wagtail's `.public()` reads every restriction first (one more query per listing); this
reads the restricted pages' paths from one cache entry (sites/restrictions.py, dropped on
every restriction change) and excludes their subtrees in the listing's own query: nothing
when no page is restricted (most installs, most of the time), a few path prefixes when
some are, and a correlated subquery when there are many. A page made private (password,
login, groups) leaves every listing, archive and count at once, not only its own URL.
Searches filter with `public()`: the same prefixes, always (a search takes plain
field lookups only, never the subquery).
"""

from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Length, Substr

from wagtail.models import PageViewRestriction

from sites.restrictions import restricted_paths

# Up to this many restricted pages, their subtrees are excluded by path prefix (indexed);
# beyond it one correlated subquery keeps the SQL short.
PREFIXES_MAX = 20


def without_restricted(queryset):
    paths = restricted_paths()
    if not paths:
        return queryset
    if len(paths) <= PREFIXES_MAX:
        return public(queryset)
    restricted_ancestor = PageViewRestriction.objects.annotate(
        prefix=Substr(OuterRef("path"), 1, Length(F("page__path")))
    ).filter(prefix=F("page__path"))
    return queryset.exclude(Exists(restricted_ancestor))


def public(queryset):
    """Wagtail's `.public()` from the cached restriction paths: no query of its own, and
    plain path lookups, which a search (`.search()`) accepts whatever their number."""
    outside = Q()
    for path in restricted_paths():
        outside &= ~Q(path__startswith=path)
    return queryset.filter(outside)
