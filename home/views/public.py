"""Public views that are not pages: site search and robots.txt (both per host)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from home.models import paginate
from home.search import clean_query, search_site
from home.templatetags.identity import site_identity

SEARCH_RESULTS_PER_PAGE = 20


@require_GET
def search(request):
    """Tìm kiếm: this site's pages only, ignoring diacritics and case."""
    identity = site_identity(request)
    query = clean_query(request.GET.get("q", ""))
    results = None
    if query:
        results = paginate(request, search_site(identity.root_page, query), SEARCH_RESULTS_PER_PAGE)
    response = render(
        request,
        "home/search.html",
        {"search_query": query, "results": results},
    )
    response["X-Robots-Tag"] = "noindex"
    return response


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
