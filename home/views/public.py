"""Public views that are not pages: site search, the share card and robots.txt (per host)."""

import hashlib

from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from home.models import paginate
from home.search import clean_query, search_portal, search_schools, search_site
from home.share_card import render_card
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
