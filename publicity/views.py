"""Office dashboard, a school's drill-down, and the open-data endpoint."""

import datetime

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Site

from sites.levels import SchoolLevel
from sites.models import Office, School, subtree_ids
from sites.permissions import offices_visible_to, schools_visible_to
from sites.school_year import parse_school_year, school_year_choices

from .access import can_view_school, is_office_staff
from .compliance import DUE_SOON_DAYS, Status, compute
from .demo import disclosure_index
from .export import csv_bytes, xlsx_bytes
from .models import DisclosurePage, default_period, disclosure_year_of
from .rollup import rollup

SCHOOLS_PER_PAGE = 50


def forbidden():
    """A real 403 (Wagtail would turn PermissionDenied into a redirect to the admin home)."""
    return HttpResponseForbidden(
        _("Chỉ cán bộ phòng giáo dục hoặc người của chính trường này được xem trang này."),
        content_type="text/plain; charset=utf-8",
    )


def parse_filters(params):
    """(school_year, today, level, status) from GET parameters, with safe fallbacks."""
    try:
        today = datetime.date.fromisoformat(params.get("ngay", ""))
    except ValueError:
        today = timezone.localdate()
    school_year = params.get("nam_hoc") or disclosure_year_of(today)
    try:
        parse_school_year(school_year)
    except ValueError:
        school_year = disclosure_year_of(today)
    level = params.get("cap_hoc") if params.get("cap_hoc") in SchoolLevel.values else ""
    status = params.get("trang_thai") if params.get("trang_thai") in Status.values else ""
    return school_year, today, level, status


def add_url(index, requirement, period):
    """Wagtail's add-page URL with the requirement and period preselected."""
    base = reverse("wagtailadmin_pages:add", args=("publicity", "disclosurepage", index.pk))
    return f"{base}?yeu_cau={requirement.code}&ky={period}"


class DashboardView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "publicity/admin/dashboard.html"
    page_title = gettext_lazy("Theo dõi công khai")
    header_icon = "tasks"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, *args, **kwargs):
        if not is_office_staff(request.user):
            return forbidden()
        return super().dispatch(request, *args, **kwargs)

    def matrix(self):
        school_year, today, level, status = parse_filters(self.request.GET)
        schools = schools_visible_to(self.request.user).active().order_by("name")
        office_id = self.request.GET.get("don_vi", "")
        if office_id.isdigit() and int(office_id) in offices_visible_to(self.request.user):
            # Drill-down from the roll-up by office: that office and the offices below it.
            if self.request.GET.get("truc_tiep") == "1":
                schools = schools.filter(office_id=int(office_id))
            else:
                schools = schools.filter(office_id__in=subtree_ids([int(office_id)]))
        if level:
            schools = schools.filter(level=level)
        matrix = compute(school_year, today, schools=schools)
        shown = matrix.schools
        if status:
            shown = [s for s in shown if status in matrix.statuses_of(s)]
        return matrix, shown, level, status

    def get(self, request, *args, **kwargs):
        export = request.GET.get("format")
        if export in ("csv", "xlsx"):
            matrix, shown, _level, _status = self.matrix()
            name = f"cong-khai-{matrix.school_year}-{matrix.today.isoformat()}"
            if export == "csv":
                response = HttpResponse(
                    csv_bytes(matrix, shown), content_type="text/csv; charset=utf-8"
                )
            else:
                response = HttpResponse(
                    xlsx_bytes(matrix, shown),
                    content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                )
            response["Content-Disposition"] = f'attachment; filename="{name}.{export}"'
            return response
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        matrix, shown, level, status = self.matrix()
        page = Paginator(shown, SCHOOLS_PER_PAGE).get_page(self.request.GET.get("trang"))
        rows = [
            {
                "school": school,
                "summary": matrix.school_summary(school),
                "cells": matrix.row(school),
            }
            for school in page.object_list
        ]
        query = self.request.GET.copy()
        query.pop("trang", None)
        query.pop("format", None)
        context.update(
            {
                "matrix": matrix,
                "rows": rows,
                "page_obj": page,
                "office_summary": matrix.office_summary(),
                "due_soon": matrix.due_soon(DUE_SOON_DAYS, schools=shown)[:200],
                "due_soon_days": DUE_SOON_DAYS,
                "levels": SchoolLevel.choices,
                "statuses": Status.choices,
                "school_years": school_year_choices(matrix.today),
                "level": level,
                "status": status,
                "query": query.urlencode(),
            }
        )
        return context


class SchoolComplianceView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "publicity/admin/school.html"
    header_icon = "tasks"

    def dispatch(self, request, school_id, *args, **kwargs):

        self.school = get_object_or_404(School, pk=school_id)
        if not can_view_school(request.user, self.school):
            return forbidden()
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Công khai: %(school)s") % {"school": self.school.name}

    def get_breadcrumbs_items(self):
        items = list(self.breadcrumbs_items)
        if is_office_staff(self.request.user):
            items.append({"url": reverse("publicity_dashboard"), "label": DashboardView.page_title})
        return items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        school_year, today, _level, _status = parse_filters(self.request.GET)
        matrix = compute(school_year, today, schools=[self.school])
        index = disclosure_index(self.school)
        items = []
        for cell in matrix.school_cells(self.school):
            periods = [
                {
                    "result": result,
                    "add_url": add_url(index, cell.requirement, result.period) if index else None,
                }
                for result in cell.periods
            ]
            items.append(
                {
                    "cell": cell,
                    "periods": periods,
                    "add_url": add_url(
                        index, cell.requirement, default_period(cell.requirement, today)
                    )
                    if index
                    else None,
                }
            )
        history = (
            DisclosurePage.objects.filter(disclosing_school=self.school)
            .select_related("requirement")
            .order_by("-first_published_at", "-pk")[:500]
        )
        context.update(
            {
                "school": self.school,
                "matrix": matrix,
                "items": items,
                "history": history,
                "summary": matrix.school_summary(self.school),
                "index": index,
                "school_years": school_year_choices(today),
                "office_view": is_office_staff(self.request.user),
            }
        )
        return context


def open_data(request):
    """The compliance summary of the schools below this portal's office (the Sở's portal:
    the whole province; a ward's: the ward's schools). Read-only; a school's host and an
    unknown host answer 404."""
    site = Site.find_for_request(request)
    office = Office.objects.filter(site_id=site.pk).first() if site is not None else None
    if office is None:
        raise Http404
    school_year, today, level, _status = parse_filters(request.GET)
    matrix = compute(school_year, today, schools=office.schools_below())
    office_obj, office = office, matrix.office_summary()
    schools = []
    for school in matrix.schools:
        if level and school.level != level:
            continue
        summary = matrix.school_summary(school)
        schools.append(
            {
                "name": school.name,
                "slug": school.slug,
                "level": school.level,
                "url": school.base_url + "/",
                "disclosure_url": school.base_url + "/cong-khai/",
                "completion_percent": summary["percent"],
                "done": summary["done"],
                "due": summary["due"],
                "statuses": summary["counts"],
            }
        )
    data = {
        "school_year": matrix.school_year,
        "as_of": matrix.today.isoformat(),
        "catalogue": matrix.requirements[0].catalogue.version if matrix.requirements else None,
        "statuses": {value: str(label) for value, label in Status.choices},
        "office": {
            "name": office_obj.name,
            "domain": office_obj.domain,
            "completion_percent": office["percent"],
            "done": office["done"],
            "due": office["due"],
            "schools": len(matrix.schools),
        },
        "schools": schools,
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


class RollupView(WagtailAdminTemplateMixin, TemplateView):
    """Compliance by office for the Sở (or any office with offices below it)."""

    template_name = "publicity/admin/rollup.html"
    page_title = gettext_lazy("Công khai theo đơn vị")
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        if not is_office_staff(request.user):
            return forbidden()
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("publicity_dashboard"), "label": DashboardView.page_title},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        school_year, today, _level, _status = parse_filters(self.request.GET)
        facts, rows = rollup(self.request.user, school_year, today)
        context.update(
            facts=facts,
            rows=rows,
            dashboard_url=reverse("publicity_dashboard"),
            school_years=school_year_choices(today),
        )
        return context
