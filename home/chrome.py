"""The per-school chrome, computed once per school generation and reused by every page.

What every public page of a site shows around its content — who the site is (school,
office, settings, logo), the header and the footer — and the office notices every school
home lists change a few times a year, yet cost 2–4 queries and two template renders on
every uncached page. They are kept in the cache under the site's page-cache generation
(sites/cache.py: `generation_token`), so whatever clears a site's cached pages (a school,
its settings, an office, a notice for all schools, a publish...) clears its chrome too,
and with Redis every app server shares one copy. `CHROME_CACHE_ENABLED = False` turns it
off (each request computes its own).
"""

from django.conf import settings
from django.core.cache import cache

from sites import cache as page_cache

PREFIX = "chrome:v1"


def enabled():
    return getattr(settings, "CHROME_CACHE_ENABLED", True)


def key(request, part):
    """Keyed like the page cache: by the Site's own hostname, and None (computed, not
    kept) for any other name, so junk names under an office domain leave no entries."""
    host = page_cache.site_hostname(request)
    if host is None:
        return None
    return f"{PREFIX}:{page_cache.generation_token(host)}:{host}:{part}"


def cached(request, part, compute):
    """`compute()` once per site generation (and once per request whatever happens)."""
    if request is None:
        return compute()
    memo = request.__dict__.setdefault("_truongso_chrome", {})
    if part in memo:
        return memo[part]
    entry = key(request, part) if enabled() else None
    value = cache.get(entry) if entry else None
    if value is None:
        value = compute()
        if entry:
            cache.set(entry, value, page_cache.timeout())
    memo[part] = value
    return value
