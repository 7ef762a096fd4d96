"""Anonymous page cache: whole responses for visitors who are not logged in.

A response is stored per host and full path in the configured cache (Redis in
production, so every app server shares it). Each site has a generation number in
the cache, and there is one global generation; both are part of every key, so
invalidating a site (or every school at once) is one cache write:

- a page published, unpublished, saved, moved or deleted bumps its own site and the
  office portal (the portal aggregates school news and lists every school); a draft
  does not (a new page that is not live, or a revision saved without publishing):
  visitors see nothing of it, and editors saving drafts all day would otherwise keep
  the school's and the whole ward's portal cache empty;
- a view restriction (password, login, groups) added, changed or removed does the same,
  and purges the page and its descendants from a configured CDN;
- an office notice for all schools bumps the global generation (every school home);
- a School bumps the portal and its own site, SchoolSettings its own site, and any
  other model of the project's apps bumps the global generation (writes are rare),
  unless it names the sites that show it with `page_cache_hosts()` (visitor messages:
  an unpublished question clears nothing).

Never cached: logged-in visitors (any session or messages cookie skips the cache
entirely), the admin and documents, search (?q=), unknown query parameters or junk
values (see CACHEABLE_PARAMETERS), previews, non-200 responses,
responses that set cookies, use a CSRF token or say private/no-store.
"""

import hashlib
import logging
import re
import time
import zlib

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import connection, transaction
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.models.pages import COMMENTS_RELATION_NAME
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import process_memo, receivers, routing
from .models import School, SchoolSettings

logger = logging.getLogger(__name__)

GLOBAL_KEY = "pagecache:gen:*"
# Query strings: random ones must not each make an entry (a crawler or an attacker
# would fill the cache and evict the real pages). Only the parameters public pages read,
# with values of the shape they use, are part of a key; searches are never cached; the
# usual tracking tags (Facebook, Zalo, Google, utm_*) are left out of the key, and such a
# request is answered from the cached copy when there is one but never stored. Anything
# else (an unknown parameter, a repeated one, a junk value) is rendered and not stored.
CACHEABLE_PARAMETERS = {
    "trang": re.compile(r"\d{1,4}"),  # page number
    "cap": re.compile(r"[A-Za-z0-9-]{1,12}"),  # level, in the school directory
    "co-quan": re.compile(r"[a-z0-9-]{1,40}"),  # issuer, in official documents
    "nam_hoc": re.compile(r"\d{4}-\d{4}"),  # school year, in Công khai
    "format": re.compile(r"json"),
}
TRACKING_PARAMETERS = {"fbclid", "gclid", "zarsrc", "zalo_source", "_gl", "ref"}
# Models of these apps change what public pages show; pages are handled precisely.
PROJECT_APPS = {"sites", "home", "publicity", "cms"}


def _setting(name, default):
    return getattr(settings, name, default)


def enabled():
    return _setting("PAGE_CACHE_ENABLED", True)


def timeout():
    """Long in a shared cache (invalidation reaches every process); short in a
    per-process one, where other workers only notice a publish when entries expire."""
    configured = _setting("PAGE_CACHE_TIMEOUT", 600)
    return configured if routing.cache_is_shared() else min(configured, 60)


def site_generation_key(hostname):
    return f"pagecache:gen:{hostname.lower()}"


def local_seconds():
    """How long a process may trust generation numbers and pages it read from the cache
    (default 0.5 s, sites/process_memo.py). Within that time a hit costs no cache round
    trip and no unpickling, and a change made by another app server is still seen within
    a second."""
    return process_memo.seconds()


# This process's copies: hostname -> (global generation, site generation), and cache key
# -> a page ready to serve (status, headers, uncompressed body).
_local_generations = process_memo.ProcessMemo(max_entries=1024)
_local_responses = process_memo.ProcessMemo(max_entries=256)


def _generations(hostname):
    known = _local_generations.get(hostname)
    if known is not _local_generations.missing:
        return known
    keys = [GLOBAL_KEY, site_generation_key(hostname)]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            value = time.time_ns()  # never reuse numbers of an evicted generation
            if not cache.add(key, value, None):
                value = cache.get(key, value)
            found[key] = value
    generations = (found[GLOBAL_KEY], found[keys[1]])
    _local_generations.put(hostname, generations)
    return generations


def site_hostname(request):
    """The hostname what a request shows is cached under: its Site's own, whatever the
    case, port or trailing dot of the Host header; None for a name no Site has (a junk
    name under an office domain would otherwise leave a generation entry and pages of its
    own) or a disallowed Host."""
    try:
        request.get_host()
    except (DisallowedHost, KeyError):
        return None
    host = routing.request_hostname(request)
    site = getattr(request, "_wagtail_site", None) or routing.site_for_hostname(
        host, request.get_port()
    )
    return host if site is not None and site.hostname == host else None


def generation_token(hostname):
    """The global and the site's generation as one string: part of every key of what a
    site shows (its cached pages here, its chrome in home/chrome.py), so the events that
    clear one clear the other."""
    global_gen, site_gen = _generations(hostname.lower())
    return f"{global_gen}:{site_gen}"


def _bump_now(key):
    _local_generations.clear()  # this process sees its own changes at once
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, time.time_ns(), None)


def _bump(key):
    # Now, and again after commit: a page rendered between the two from the old rows
    # would otherwise be stored under the new generation.
    _bump_now(key)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: _bump_now(key))


def invalidate_hosts(hostnames):
    for hostname in {h for h in hostnames if h}:
        _bump(site_generation_key(hostname))
    _purge_frontend_cache(hostnames)


def invalidate_all():
    _bump(GLOBAL_KEY)


def invalidate_portal():
    invalidate_hosts([routing.default_site_hostname()])


def invalidate_page(page, *, url_path=None):
    """Forget every cached page that may show `page`: its site and the portal."""
    probe = page if url_path is None else _PathProbe(url_path)
    hosts = routing.hostnames_for_page(probe, cache_object=None)
    hosts.add(routing.default_site_hostname())
    invalidate_hosts(hosts)


class _PathProbe:
    def __init__(self, url_path):
        self.url_path = url_path


def _purge_frontend_cache(hostnames):
    """With a CDN/proxy configured, purge the site homes too (Wagtail purges the page)."""
    if not _setting("WAGTAILFRONTENDCACHE", None):
        return
    urls = []
    for site_id, hostname, port in _sites_for_hosts(hostnames):
        urls.append(Site(id=site_id, hostname=hostname, port=port).root_url + "/")
    try:
        purge_urls_from_cache(urls)
    except Exception:  # a CDN outage must not break publishing
        logger.exception("Không xoá được bộ nhớ đệm CDN")


def purge_urls(urls):
    """Purge absolute URLs (pages, feeds, the files of a photo taken down) from a configured
    CDN; a CDN outage is logged, never raised (the takedown itself has happened)."""
    urls = sorted({url for url in urls if url.startswith(("http://", "https://"))})
    if not urls or not _setting("WAGTAILFRONTENDCACHE", None):
        return
    try:
        purge_urls_from_cache(urls)
    except Exception:
        logger.exception("Không xoá được bộ nhớ đệm CDN")


def _sites_for_hosts(hostnames):
    return Site.objects.filter(hostname__in=[h for h in hostnames if h]).values_list(
        "id", "hostname", "port"
    )


# --- The middleware ------------------------------------------------------------------


def _is_tracking(name):
    return name in TRACKING_PARAMETERS or name.startswith("utm_")


def _has_tracking(request):
    return any(_is_tracking(name) for name in request.GET)


def canonical_query(request):
    """The query string as part of a cache key (known parameters, sorted), or None when
    the request must not be cached at all."""
    parts = []
    for name in sorted(request.GET.keys()):
        if _is_tracking(name):
            continue
        rule = CACHEABLE_PARAMETERS.get(name)
        values = request.GET.getlist(name)
        if rule is None or len(values) != 1 or not rule.fullmatch(values[0]):
            return None
        parts.append(f"{name}={values[0]}")
    return "&".join(parts)


class AnonymousPageCacheMiddleware:
    """Serve and store whole responses for anonymous GET/HEAD visitors."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = self.cache_key(request) if self.request_is_cacheable(request) else None
        store = key is not None and not _has_tracking(request)
        if key is None:
            response = self.get_response(request)
            self.mark_private(request, response)
            return response
        ready = _local_responses.get(key)
        if ready is _local_responses.missing:
            stored = cache.get(key)
            ready = None if stored is None else self.unpack(stored)
            if ready is not None:
                _local_responses.put(key, ready)
        if ready is not None:
            return self.rebuild(ready, request)
        response = self.get_response(request)
        if store and self.response_is_cacheable(request, response):
            patch_cache_control(
                response,
                public=True,
                max_age=_setting("PAGE_CACHE_MAX_AGE", 60),
                s_maxage=_setting("PAGE_CACHE_S_MAXAGE", 120),
            )
            headers = [(k, v) for k, v in response.items() if k.lower() != "x-cache"]
            # Compressed: ~4x less memory per entry (local-memory caches hold thousands).
            stored = (response.status_code, headers, zlib.compress(response.content, 1))
            cache.set(key, stored, timeout())
            _local_responses.put(key, (response.status_code, headers, response.content))
            response["X-Cache"] = "MISS"
        else:
            self.mark_private(request, response)
        return response

    @staticmethod
    def request_is_cacheable(request):
        if not enabled() or request.method not in ("GET", "HEAD"):
            return False
        path = request.path_info
        if any(
            path.startswith(prefix)
            for prefix in _setting(
                "PAGE_CACHE_SKIP_PREFIXES",
                ("/quan-tri/", "/tai-lieu/", "/admin/", "/media/", "/static/"),
            )
        ):
            return False
        cookies = request.COOKIES
        if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
            return False  # possibly logged in, or a message waits to be shown
        if "HTTP_AUTHORIZATION" in request.META:
            return False
        return canonical_query(request) is not None

    @staticmethod
    def cache_key(request):
        host = site_hostname(request)
        if host is None:
            return None
        global_gen, site_gen = _generations(host)
        query = canonical_query(request)
        if query is None:
            return None
        path = request.path + ("?" + query if query else "")
        digest = hashlib.md5(path.encode(), usedforsecurity=False).hexdigest()
        return f"pagecache:{global_gen}:{site_gen}:{request.scheme}:{host}:{digest}"

    @staticmethod
    def response_is_cacheable(request, response):
        if response.status_code != 200 or response.streaming:
            return False
        if getattr(request, "is_preview", False):
            return False
        if (
            response.cookies
            or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            or request.META.get("CSRF_COOKIE_USED")
        ):
            return False  # a CSRF token or any cookie is personal
        cache_control = response.get("Cache-Control", "").lower()
        if any(word in cache_control for word in ("private", "no-store", "no-cache")):
            return False
        # Only cookieless requests get here, so "Vary: Cookie" means "anonymous version".
        user = getattr(request, "user", None)
        return not (user is not None and user.is_authenticated)

    @staticmethod
    def mark_private(request, response):
        """Keep proxies from storing what we chose not to store."""
        if "Cache-Control" not in response and response.get("Content-Type", "").startswith(
            "text/html"
        ):
            patch_cache_control(response, private=True, no_cache=True)

    @staticmethod
    def unpack(stored):
        status, headers, compressed = stored
        return status, headers, zlib.decompress(compressed)

    @staticmethod
    def rebuild(ready, request):
        status, headers, content = ready
        response = HttpResponse(b"" if request.method == "HEAD" else content, status=status)
        for name, value in headers:
            response[name] = value
        response["X-Cache"] = "HIT"
        return response


# --- Invalidation --------------------------------------------------------------------


def _shown_on_every_school(instance):
    """A page that every school's home shows (an office notice for all schools) says so
    through `shown_on_every_school()`; its change clears every school."""
    shown = getattr(instance, "shown_on_every_school", None)
    return bool(shown and shown())


def _page_changed(instance, url_path=None):
    if _shown_on_every_school(instance):
        invalidate_all()
    invalidate_page(instance, url_path=url_path)


@receiver(page_published)
@receiver(page_unpublished)
def _page_published_or_unpublished(sender, instance, **kwargs):
    _page_changed(instance)


@receiver(post_page_move)
def _page_moved(sender, instance, url_path_before="", url_path_after="", **kwargs):
    _page_changed(instance, url_path=url_path_before)
    _page_changed(instance, url_path=url_path_after)


def _view_restriction_changed(restriction):
    """Who may see a page changed (a password, a login, or lifted): its anonymous copies
    go at once, here and in a CDN, like an unpublish, for the page and everything under it."""
    page = Page.objects.filter(pk=restriction.page_id).first()
    if page is None:
        return
    _page_changed(page)
    if not _setting("WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import purge_pages_from_cache

    try:
        purge_pages_from_cache(Page.objects.live().descendant_of(page, inclusive=True))
    except Exception:  # a CDN outage must not break the change
        logger.exception("Không xoá được bộ nhớ đệm CDN")


# What Page.save_revision() writes on the page row: bookkeeping of the draft, not what
# visitors see (they get the live fields until a publish, which has its own signal).
DRAFT_FIELDS = frozenset(
    {
        COMMENTS_RELATION_NAME,  # modelcluster usually drops it before saving
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
    }
)


def _is_draft_save(instance, created=False, update_fields=None, **kwargs):
    if update_fields and set(update_fields) <= DRAFT_FIELDS:
        return True
    return created and not instance.live


def _model_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if isinstance(instance, Page):
        if not _is_draft_save(instance, **kwargs):
            _page_changed(instance)
        return
    if isinstance(instance, PageViewRestriction):
        _view_restriction_changed(instance)
    hosts = getattr(instance, "page_cache_hosts", None)
    if callable(hosts):  # a model that knows which sites show it (or that none do)
        invalidate_hosts(hosts())
        return
    label = sender._meta.app_label
    if label not in PROJECT_APPS:
        if label == "wagtailcore" and sender.__name__ == "Site":
            invalidate_all()
        return
    if isinstance(instance, SchoolSettings | School):
        hosts = [routing.default_site_hostname()] if isinstance(instance, School) else []
        site = instance.site if instance.site_id else None
        invalidate_hosts([*hosts, site.hostname if site else None])
    else:
        invalidate_all()


def watched_models():
    """What visitors may see: pages, view restrictions, Sites, the project's own models
    and any model that names the sites showing it (`page_cache_hosts()`)."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Page | PageViewRestriction | Site)
        or model._meta.app_label in PROJECT_APPS
        or hasattr(model, "page_cache_hosts")
    ]


def connect_receivers():
    """Called by SitesConfig.ready()."""
    receivers.connect(_model_changed, watched_models())
