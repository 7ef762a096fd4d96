"""Tên miền liên kết mới: the office's report of the outside domains its schools' live
pages started to show (built by the crawl in home/link_report.py)."""

import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from sites.permissions import is_office_staff

from ..link_report import recent_settings_changes, report_rows
from ..models import LinkCrawl

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
