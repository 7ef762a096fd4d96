"""Public views that are not pages: site search, the sitemap, the share card and robots.txt
(per host)."""

import hashlib

from django.core.cache import cache
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.html import escape
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from home.models import paginate
from home.search import clean_query, search_portal, search_schools, search_site
from home.share_card import render_card
from home.sitemap import SiteSitemap
from home.templatetags.identity import site_identity

SEARCH_RESULTS_PER_PAGE = 20


@require_GET
def search(request):
    """Tìm kiếm: this site's pages only, ignoring diacritics and case."""
    identity = site_identity(request)
    query = clean_query(request.GET.get("q", ""))
    results, schools = None, []
    if query and identity.is_portal:
        # The portal finds schools first, then its own pages and every school's news.
        schools = search_schools(query)
        results = paginate(
            request, search_portal(identity.root_page, query), SEARCH_RESULTS_PER_PAGE
        )
    elif query:
        results = paginate(request, search_site(identity.root_page, query), SEARCH_RESULTS_PER_PAGE)
    response = render(
        request,
        "home/search.html",
        {"search_query": query, "results": results, "schools": schools},
    )
    response["X-Robots-Tag"] = "noindex"
    return response


def sitemap(request):
    """/sitemap.xml: the site's pages (home/sitemap.py), in the same few queries at any size."""
    return wagtail_sitemap(request, sitemaps={"wagtail": SiteSitemap})


@require_GET
@cache_control(max_age=86400, public=True)
def share_card(request):
    """/anh-chia-se.jpg: this site's share card (home/share_card.py), kept in the cache."""
    identity = site_identity(request)
    subtitle = identity.office.name if identity.school and identity.office else ""
    key = (
        "share-card:"
        + hashlib.sha1(f"{identity.name}|{subtitle}".encode(), usedforsecurity=False).hexdigest()
    )
    data = cache.get(key)
    if data is None:
        data = render_card(identity.name, subtitle)
        cache.set(key, data, 7 * 86400)
    return HttpResponse(data, content_type="image/jpeg")


FAVICON_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
    '<rect width="64" height="64" rx="12" fill="{colour}"/>'
    '<text x="32" y="44" font-family="sans-serif" font-size="34" font-weight="700" '
    'text-anchor="middle" fill="{text}">{letter}</text></svg>'
)


@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request):
    """/favicon.ico: the school's logo when it has one (a small square rendition),
    otherwise the site's initial on its own colour. Its own request, so no page pays
    a query for it."""
    identity = site_identity(request)
    if identity.logo is not None:
        rendition = identity.logo.get_rendition("fill-64x64|format-png")
        return HttpResponseRedirect(rendition.url)
    name = (identity.name or "T").replace("Trường", "").split()
    letter = escape((name[-1] if name else "T")[:1].upper())
    svg = FAVICON_SVG.format(
        colour=escape(identity.colour), text=escape(identity.text_colour), letter=letter
    )
    return HttpResponse(svg, content_type="image/svg+xml")


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    """Each host (school or portal) points crawlers at its own sitemap."""
    lines = [
        "User-agent: *",
        "Disallow: /quan-tri/",
        "Disallow: /tim-kiem/",
        "",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
