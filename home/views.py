"""Public views that are not pages: site search and robots.txt (both per host)."""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from home.link_report import recent_settings_changes, report_rows
from home.models import LinkCrawl, paginate
from home.search import clean_query, search_site
from home.templatetags.identity import site_identity
from sites.permissions import is_office_staff

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


# --- Admin: the office's report of new link domains -------------------------------------

REPORT_DAYS = 7


def new_link_domains_report(request):
    """Tên miền liên kết mới: external domains the schools' live pages started rendering,
    by school and page, for office staff (scoped by sites.permissions)."""
    if not is_office_staff(request.user):
        raise PermissionDenied
    try:
        days = max(1, min(int(request.GET.get("ngay", REPORT_DAYS)), 366))
    except ValueError:
        days = REPORT_DAYS
    since = timezone.now() - datetime.timedelta(days=days)
    return render(
        request,
        "home/admin/new_link_domains.html",
        {
            "rows": report_rows(request.user, since),
            "settings_changes": recent_settings_changes(request.user, since),
            "days": days,
            "last_crawl": LinkCrawl.objects.filter(finished_at__isnull=False)
            .order_by("-started_at")
            .first(),
        },
    )
