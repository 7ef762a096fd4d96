"""Site routing that stays O(1) with thousands of schools.

Wagtail keeps every site's root path in one cached list and scans it for every URL
it builds, and looks a request's Site up with a query. With 5,000 schools both cost
milliseconds each. Here both go through small entries in the shared Django cache
(Redis in production, so every app server agrees the moment a school is added):

- ``routing:<gen>:root:<slug>``: the sites rooted under the depth-2 page with that
  slug (every school home and the portal home are depth-2 pages), so a page's URL
  comes from the first segment of its ``url_path``;
- ``routing:<gen>:host:<hostname>``: the Site serving that host.

``<gen>`` is a generation number bumped on any Site save/delete and on changes to
depth-2 pages, so invalidation is one cache write, never a scan.
"""

import contextlib
import copy
import time

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import Http404
from django.http.request import split_domain_port
from django.utils.functional import SimpleLazyObject

from wagtail.models import Page, PageViewRestriction, Site
from wagtail.models.sites import SiteRootPath, get_site_for_hostname
from wagtail.signals import post_page_move

from .process_memo import ProcessMemo
from .receivers import connect, page_models
from .restrictions import may_be_restricted
from .shared_cache import cache_is_shared

GENERATION_KEY = "routing:generation"
# This process's copies of the generation and of host -> Site entries (sites/process_memo.py).
local = ProcessMemo(max_entries=512)


def entry_timeout():
    return 24 * 3600 if cache_is_shared() else 60


def generation():
    """The current routing generation (shared by every process through the cache)."""
    value = local.get(GENERATION_KEY)
    if value is not local.missing:
        return value
    value = cache.get(GENERATION_KEY)
    if value is None:
        # Start from the clock so a lost key never brings back entries of an old generation.
        value = time.time_ns()
        if not cache.add(GENERATION_KEY, value, None):
            value = cache.get(GENERATION_KEY, value)
    local.put(GENERATION_KEY, value)
    return value


def _bump():
    local.clear()  # this process sees its own changes at once
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, time.time_ns(), None)


def invalidate():
    """Forget every cached route: sites or site roots changed. Again after commit, so a
    request that read the old rows in between cannot keep them cached."""
    _bump()
    if connection.in_atomic_block:
        transaction.on_commit(_bump)


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def _site_changed(sender, instance, raw=False, **kwargs):
    invalidate()
    if instance.is_default_site or cache.get(DEFAULT_HOST_KEY) in (None, instance.hostname):
        cache.delete(DEFAULT_HOST_KEY)
        if connection.in_atomic_block:
            transaction.on_commit(lambda: cache.delete(DEFAULT_HOST_KEY))


def _site_root_changed(sender, instance, raw=False, **kwargs):
    # School homes and the portal home are depth-2 pages: their slug is the route key.
    if (instance.depth or 99) <= 2:
        invalidate()


def connect_receivers():
    """Called by SitesConfig.ready(): page saves only (every page type)."""
    connect(_site_root_changed, page_models())


@receiver(post_page_move)
def _page_moved(sender, instance, url_path_before="", url_path_after="", **kwargs):
    if min(url_path_before.count("/"), url_path_after.count("/")) <= 2:
        invalidate()


def _memo(cache_object):
    """Per-request (or per-object) memo so one request reads each entry once."""
    memo = getattr(cache_object, "_truongso_routing", None) if cache_object is not None else None
    if memo is None:
        memo = {"generation": generation()}
        if cache_object is not None:
            with contextlib.suppress(AttributeError):
                cache_object._truongso_routing = memo
    return memo


def first_segment(url_path):
    """'/truong-a/tin-tuc/x/' -> 'truong-a'; the tree root '/' -> ''."""
    return url_path.strip("/").split("/", 1)[0]


def _load_roots(segment):
    """Sites rooted at or below the depth-2 page `segment` (plus any rooted at the tree
    root), most specific first, as Wagtail orders them."""
    condition = Q(root_page__depth=1)
    # The depth-2 page by its slug, then its subtree as a path range: both indexed.
    # (`url_path LIKE '/segment/%'` read every page: ~10 ms per miss at 20,000 schools,
    # and an admin listing of 50 schools misses 50 segments.)
    top = (
        Page.objects.filter(depth=2, slug=segment).only("path", "depth").first()
        if segment
        else None
    )
    if top is not None:
        upper = path_successor(top.path)
        below = Q(root_page__path__gte=top.path)
        condition |= below & (
            Q(root_page__path__lt=upper) if upper else Q(root_page__path__startswith=top.path)
        )
    rows = (
        Site.objects.filter(condition)
        .order_by("-root_page__url_path", "-is_default_site", "hostname")
        .values_list(
            "id", "hostname", "port", "root_page__url_path", "root_page__locale__language_code"
        )
    )
    return [
        (site_id, root_path, Site(hostname=hostname, port=port).root_url, language, hostname)
        for site_id, hostname, port, root_path, language in rows
    ]


def roots_for_segment(segment, cache_object=None):
    """[(site_id, root_path, root_url, language_code, hostname)] for one first segment."""
    memo = _memo(cache_object)
    local_key = ("root", segment)
    if local_key in memo:
        return memo[local_key]
    key = f"routing:{memo['generation']}:root:{segment}"
    roots = cache.get(key)
    if roots is None:
        roots = _load_roots(segment)
        cache.set(key, roots, entry_timeout())
    memo[local_key] = roots
    return roots


def relevant_site_root_paths(url_path, cache_object=None):
    """What Page._get_relevant_site_root_paths returns, without reading every site."""
    return tuple(
        SiteRootPath(site_id, root_path, root_url, language)
        for site_id, root_path, root_url, language, _host in roots_for_segment(
            first_segment(url_path), cache_object
        )
        if url_path.startswith(root_path)
    )


def hostnames_for_page(page, cache_object=None):
    """Hostnames of the sites that show this page (usually one)."""
    url_path = page.url_path or ""
    return {
        host
        for _id, root_path, _url, _lang, host in roots_for_segment(
            first_segment(url_path), cache_object
        )
        if url_path.startswith(root_path)
    }


def site_count(cache_object=None):
    """Number of sites; Page.get_url only needs to know whether it is one."""
    memo = _memo(cache_object)
    if "count" not in memo:
        key = f"routing:{memo['generation']}:count"
        count = cache.get(key)
        if count is None:
            count = Site.objects.count()
            cache.set(key, count, entry_timeout())
        memo["count"] = count
    return memo["count"]


DEFAULT_HOST_KEY = "routing:default-host"


def default_site_hostname():
    """Hostname of the default site (the office portal), or None. Kept apart from the
    generation (which every new school bumps): it changes only with the default site."""
    key = DEFAULT_HOST_KEY
    host = cache.get(key)
    if host is None:
        host = (
            Site.objects.filter(is_default_site=True).values_list("hostname", flat=True).first()
            or ""
        )
        cache.set(key, host, entry_timeout())
    return host or None


def request_hostname(request):
    """The request's hostname as keys use it: lower-case, no port, no trailing dot."""
    return split_domain_port(request._get_raw_host())[0]


def site_for_hostname(hostname, port=None):
    """The Site serving `hostname`, through the shared cache and this process's memo. The
    instance is shared by the process's requests: read it, never change it (a request's
    own copy comes from `find_site_for_request`)."""
    key = f"routing:{generation()}:host:{hostname}"
    site = local.get(key)
    if site is not local.missing:
        return site
    site = cache.get(key)
    if site is None:
        try:
            site = get_site_for_hostname(hostname, port)
        except Site.DoesNotExist:
            site = None
        # Only a Site's own hostname is cached, and per hostname, not per port: any other
        # host (the default site's fallback, or nothing) or port would leave an entry per
        # junk variant; the lookup is one indexed query. Two Sites on one hostname (ports
        # told apart, development only) are looked up each time.
        if (
            site is not None
            and site.hostname == hostname
            and not Site.objects.filter(hostname=hostname).exclude(pk=site.pk).exists()
        ):
            # Kept with its root page as its own type: every request starts routing
            # there (`root_page.specific`), one query each otherwise. A save of a root
            # page bumps the generation like a Site's.
            site.root_page = site.root_page.specific
            cache.set(key, site, entry_timeout())
            local.put(key, site)
    elif site.hostname == hostname:
        local.put(key, site)
    return site


def find_site_for_request(request):
    """Site.find_for_request through the shared cache (hostname -> Site): the request's
    own copy, since views may cache things on it (its root page)."""
    site = site_for_hostname(request_hostname(request), request.get_port())
    return copy.copy(site) if site is not None else None


def unknown_school_host(request, site):
    """The hostname when it looks like a school of the default site's domain
    ("khong-co-truong.<office domain>") but no school has it; else None."""
    if site is None or not site.is_default_site:
        return None
    hostname = split_domain_port(request._get_raw_host())[0].lower()
    if hostname != site.hostname and hostname.endswith("." + site.hostname):
        return hostname
    return None


class SiteRoutingMiddleware:
    """Sets request._wagtail_site from the cache before Wagtail's serve view asks."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not hasattr(request, "_wagtail_site"):
            request._wagtail_site = find_site_for_request(request)
        host = unknown_school_host(request, request._wagtail_site)
        if host is not None:
            # No school at this address: a 404 in the portal's layout (templates/404.html
            # offers the directory and search), never the portal itself with 200.
            request.unknown_school_host = host
            raise Http404(host)
        return self.get_response(request)


class FastUrlPageMixin:
    """Mixed into page types (and onto wagtail's Page, sites/wagtail_compat.py): URLs from the
    first url_path segment instead of a scan of every site's root path."""

    def _get_relevant_site_root_paths(self, cache_object=None):
        cache_object = cache_object or self
        if not hasattr(cache_object, "_wagtail_cached_site_root_paths"):
            # Wagtail's redirects app copies this attribute from object to object after
            # asking for URLs (autocreate on slug change); only computed if really read.
            with contextlib.suppress(AttributeError):
                cache_object._wagtail_cached_site_root_paths = SimpleLazyObject(
                    Site.get_site_root_paths
                )
        return relevant_site_root_paths(self.url_path or "", cache_object)

    def get_url(self, request=None, current_site=None):
        if current_site is None and request is not None:
            current_site = Site.find_for_request(request)
        url_parts = self.get_url_parts(request=request)
        if url_parts is None or url_parts[1] is None and url_parts[2] is None:
            return None
        site_id, root_url, page_path = url_parts
        if current_site is not None and site_id == current_site.id:
            return page_path
        if site_count(request or self) == 1:
            return page_path
        return root_url + page_path

    url = property(get_url)

    def get_view_restrictions(self):
        """Wagtail's two queries only for a page that may have a restriction
        (sites/restrictions.py); the others have none."""
        if may_be_restricted(self):
            return super().get_view_restrictions()
        return PageViewRestriction.objects.none()

    def relative_url(self, current_site, request=None):
        return self.get_url(request=request, current_site=current_site)

    def likely_child_model(self, slug):
        """The page type a child at `slug` most likely has, read as that type in one query
        (Wagtail reads the base row, then the type's): the first type this one allows.
        None (the usual two queries) when any type may be below."""
        if not getattr(type(self), "subpage_types", None):
            return None
        allowed = self.allowed_subpage_models()
        return allowed[0] if allowed else None

    def route(self, request, path_components):
        """Wagtail's route(), finding the child through the path index: every school
        has a 'tin-tuc', 'gioi-thieu'..., so SQLite's choice of the slug index would read
        one row per school on every request."""
        if not path_components:
            return super().route(request, path_components)
        slug = path_components[0]
        subpage = None
        model = self.likely_child_model(slug)
        if model is not None:
            with contextlib.suppress(model.DoesNotExist):
                subpage = child_by_slug(self, slug, model)
            if subpage is not None and subpage.specific_class is not model:
                subpage = subpage.specific  # a subtype of the guess
        if subpage is None:  # another type, or nothing there
            try:
                subpage = child_by_slug(self, slug).specific
            except Page.DoesNotExist as error:
                raise Http404 from error
        subpage._cached_parent_obj = self
        return subpage.route(request, path_components[1:])


def child_by_slug(page, slug, model=None):
    """The child of `page` at `slug`, as a `model` (default: a plain Page)."""
    children = model.objects.child_of(page) if model is not None else page.get_children()
    if connection.vendor == "sqlite":
        # Unary + keeps SQLite off the slug index (PostgreSQL's planner needs no help).
        table = Page._meta.db_table
        where = [f'+"{table}"."slug" = %s']  # the slug is a bound parameter
        return children.extra(where=where, params=[slug]).get()  # noqa: S610
    return children.get(slug=slug)


def path_successor(path, alphabet=Page.alphabet):
    """The smallest treebeard path after every path that starts with `path`
    ('00010004' -> '00010005'), or None when there is none ('ZZZZ')."""
    stripped = path.rstrip(alphabet[-1])
    if not stripped:
        return None
    return stripped[:-1] + alphabet[alphabet.index(stripped[-1]) + 1]


def subtree_q(page, inclusive=False):
    """Pages under `page` as a range on the indexed path column. Wagtail's
    `path LIKE 'prefix%'` cannot use the index (SQLite: case-insensitive LIKE;
    PostgreSQL: non-C collation), so with ORDER BY date LIMIT n the database walks
    every school's news by date; a range reads one school's rows."""
    q = Q(path__gte=page.path) & Q(depth__gte=page.depth)
    upper = path_successor(page.path)
    q &= Q(path__lt=upper) if upper else Q(path__startswith=page.path)
    if not inclusive:
        q &= ~Q(pk=page.pk)
    return q
