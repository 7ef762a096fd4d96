"""The inspector's screens (ranking, per item, per school), the semester report files and
the open-data endpoint. Every screen is scoped by sites.permissions.schools_visible_to."""

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

from home.sections import DISCLOSURES
from sites.levels import SchoolLevel
from sites.models import Office, School, subtree_ids
from sites.permissions import (
    can_see_school,
    is_office_staff,
    offices_visible_to,
    schools_visible_to,
)
from sites.school_year import parse_school_year, school_year_choices

from . import reporting
from .access import can_post_disclosure
from .charts import progress_svg
from .compliance import Status
from .export import VIEWS, csv_bytes, rollup_csv_bytes, rollup_xlsx_bytes, xlsx_bytes
from .figures import glossary
from .models import (
    DisclosureCatalogue,
    DisclosureChange,
    DisclosureDeferral,
    DisclosureIndexPage,
    DisclosurePage,
    DisclosureRequirement,
    OfficeComplianceSnapshot,
)
from .periods import default_period, disclosure_year_of, period_label
from .rollup import rollup, top_office_for
from .rules import WORKING_DAYS_NOTE
from .school_calendar import SEMESTERS
from .semesters import parse_semester, semester_matrix
from .summaries import summaries_for

SCHOOLS_PER_PAGE = 50
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


def parse_office(params):
    try:
        return int(params.get("don_vi", ""))
    except ValueError:
        return None


def add_url(index, requirement, period):
    """Wagtail's add-page URL with the requirement and period preselected."""
    base = reverse("wagtailadmin_pages:add", args=("publicity", "disclosurepage", index.pk))
    return f"{base}?yeu_cau={requirement.code}&ky={period}"


def visible_schools(user, level="", office_id=None, direct=False):
    schools = schools_visible_to(user).filter(is_active=True).order_by("name")
    if level:
        schools = schools.filter(level=level)
    if office_id and office_id in offices_visible_to(user):
        # An office and the offices below it (the roll-up's drill-down); another
        # office's id is ignored, never widened.
        ids = [office_id] if direct else subtree_ids([office_id])
        schools = schools.filter(office_id__in=ids)
    return schools


def download(content, name, extension, content_type):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    return response


class OfficeScreen(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        if not is_office_staff(request.user):
            return forbidden()
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def filters(self):
        params = self.request.GET
        school_year, today, level, status = parse_filters(params)
        return {
            "school_year": school_year,
            "today": today,
            "level": level,
            "status": status,
            "office_id": parse_office(params),
            "direct": params.get("truc_tiep") == "1",  # that office's own schools only
            "semester": parse_semester(params.get("hoc_ky")),
        }

    def schools(self, f):
        return list(
            visible_schools(self.request.user, f["level"], f["office_id"], f["direct"]).only(
                "pk", "name", "level", "office_id", "slug"
            )
        )

    def summaries(self, f, schools):
        """Stored figures for the whole year; a semester view is computed."""
        if f["semester"]:
            matrix = semester_matrix(f["school_year"], f["semester"], f["today"], schools)
            return reporting.summaries_from_matrix(matrix), matrix.today
        return summaries_for(schools, f["school_year"], f["today"]), f["today"]

    def common_context(self, f, schools):
        query = self.request.GET.copy()
        for key in ("trang", "format", "bang"):
            query.pop(key, None)
        # The office filter only matters once a user sees several offices (a province).
        office_ids = {s.office_id for s in schools}
        if f["office_id"] or len(office_ids) > 1:
            offices = list(
                Office.objects.filter(
                    pk__in=schools_visible_to(self.request.user).values("office_id")
                ).order_by("name")
            )
        else:
            offices = []
        return {
            "f": f,
            "levels": SchoolLevel.choices,
            "statuses": Status.choices,
            "semesters": list(SEMESTERS.items()),
            "offices": offices,
            "school_years": school_year_choices(f["today"]),
            "query": query.urlencode(),
        }


class DashboardView(OfficeScreen):
    """First screen: schools ranked by what is overdue, with the office's progress."""

    template_name = "publicity/admin/dashboard.html"
    page_title = gettext_lazy("Theo dõi công khai")

    def get(self, request, *args, **kwargs):
        export = request.GET.get("format")
        if export in ("csv", "xlsx"):
            return self.export(export)
        return super().get(request, *args, **kwargs)

    def office_name(self, f):
        """Whose report it is, for the cover: the office filtered on, else the user's."""
        if f["office_id"] and f["office_id"] in offices_visible_to(self.request.user):
            office = Office.objects.filter(pk=f["office_id"]).first()
        else:
            office = top_office_for(self.request.user)
        return office.name if office else ""

    def export(self, kind):
        f = self.filters()
        schools = self.schools(f)
        matrix = semester_matrix(f["school_year"], f["semester"], f["today"], schools)
        semester_label = str(SEMESTERS[f["semester"]]) if f["semester"] else ""
        name = f"cong-khai-{matrix.school_year}-{f['semester'] or 'ca-nam'}-{matrix.today}"
        if f["status"]:
            statuses = {s.pk: matrix.statuses_of(s) for s in schools}
            schools = [s for s in schools if f["status"] in statuses[s.pk]]
        if kind == "csv":
            view = self.request.GET.get("bang")
            view = view if view in VIEWS else "ma_tran"
            return download(
                csv_bytes(matrix, schools, view),
                f"{name}-{view}",
                "csv",
                "text/csv; charset=utf-8",
            )
        return download(
            xlsx_bytes(matrix, schools, semester_label, self.office_name(f)),
            name,
            "xlsx",
            XLSX_TYPE,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        f = self.filters()
        schools = self.schools(f)
        summaries, as_of = self.summaries(f, schools)
        rows = reporting.ranking(schools, summaries, f["status"])
        page = Paginator(rows, SCHOOLS_PER_PAGE).get_page(self.request.GET.get("trang"))
        office_ids = {s.office_id for s in schools}
        snapshots = OfficeComplianceSnapshot.objects.filter(
            office_id__in=office_ids, school_year=f["school_year"], day__lte=f["today"]
        )
        context.update(
            self.common_context(f, schools),
            rows=page.object_list,
            page_obj=page,
            figures=reporting.totals(schools, summaries),
            as_of=as_of,
            chart=progress_svg(list(snapshots)),
            school_count=len(schools),
        )
        return context


class ItemView(OfficeScreen):
    """Per item: how many schools are in each status; with ?muc=, which schools lack it."""

    template_name = "publicity/admin/items.html"
    page_title = gettext_lazy("Công khai theo mục")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        f = self.filters()
        schools = self.schools(f)
        summaries, as_of = self.summaries(f, schools)
        requirements = list(DisclosureRequirement.objects.in_force())
        items = reporting.by_item(requirements, schools, summaries)
        chosen = next(
            (e for e in items if e["requirement"].code == self.request.GET.get("muc")), None
        )
        context.update(self.common_context(f, schools), items=items, chosen=chosen, as_of=as_of)
        return context


class SchoolComplianceView(WagtailAdminTemplateMixin, TemplateView):
    """One school, every item and period with the reason for its verdict. The inspector
    and the school's own people see the same page."""

    template_name = "publicity/admin/school.html"
    header_icon = "tasks"

    def dispatch(self, request, school_id, *args, **kwargs):
        self.school = get_object_or_404(School, pk=school_id)
        if not can_see_school(request.user, self.school):
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
        semester = parse_semester(self.request.GET.get("hoc_ky"))
        matrix = semester_matrix(school_year, semester, today, [self.school])
        index = DisclosureIndexPage.of_school(self.school)
        if not can_post_disclosure(self.request.user, index):
            index = None  # no "Đăng" button for who may only read
        items = []
        for cell in matrix.school_cells(self.school):
            periods = [
                {
                    "result": result,
                    "label": period_label(result.period),
                    "explanation": result.explain(matrix.today),
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
        # Problems first: what the inspector (and the principal) must act on.
        order = {"qua_han": 0, "tre_han": 1, "chua_den_han": 2}
        items.sort(key=lambda i: (order.get(i["cell"].status, 3), i["cell"].requirement.order))
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
                "changes": DisclosureChange.objects.filter(
                    school=self.school, school_year=school_year
                ).select_related("requirement"),
                "deferrals": DisclosureDeferral.objects.filter(
                    school=self.school, school_year=school_year
                ).select_related("requirement"),
                "figures": matrix.school_summary(self.school),
                "calendar": matrix.calendar_of(self.school),
                "working_days_note": WORKING_DAYS_NOTE,
                "index": index,
                "school_years": school_year_choices(today),
                "semesters": list(SEMESTERS.items()),
                "semester": semester,
                "office_view": is_office_staff(self.request.user),
            }
        )
        return context


def status_counts(summary):
    counts = dict.fromkeys(Status.values, 0)
    for status in summary.statuses.values():
        counts[status] += 1
    return counts


def open_data(request):
    """The compliance summary of the schools below this portal's office (the Sở's portal:
    the whole province; a ward's: the ward's schools). Read-only; a school's host and an
    unknown host answer 404."""
    site = Site.find_for_request(request)
    office = Office.objects.filter(site_id=site.pk).first() if site is not None else None
    if office is None:
        raise Http404
    school_year, today, level, _status = parse_filters(request.GET)
    semester = parse_semester(request.GET.get("hoc_ky"))
    schools = office.schools_below().order_by("name")
    if level:
        schools = schools.filter(level=level)
    schools = list(schools)
    if semester:
        matrix = semester_matrix(school_year, semester, today, schools)
        summaries, as_of = reporting.summaries_from_matrix(matrix), matrix.today
    else:
        summaries, as_of = summaries_for(schools, school_year, today), today
    catalogue = DisclosureCatalogue.objects.current()
    totals = reporting.totals(schools, summaries)
    data = {
        "school_year": school_year,
        "school_year_label": period_label(school_year),
        "semester": semester or "ca_nam",
        "as_of": as_of.isoformat(),
        "catalogue": catalogue.version if catalogue else None,
        "statuses": {value: str(label) for value, label in Status.choices},
        "definitions": dict(glossary()),
        "office": {"name": office.name, "schools": len(schools), "figures": totals.as_dict()},
        "schools": [
            {
                "name": school.name,
                "slug": school.slug,
                "level": school.level,
                "url": school.base_url + "/",
                "disclosure_url": f"{school.base_url}/{DISCLOSURES.slug}/",
                "figures": s.figures.as_dict(),
                "statuses": status_counts(s),
                "items": s.statuses,
            }
            for school in schools
            for s in [summaries[school.pk]]
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


class RollupView(OfficeScreen):
    """Compliance by office for the Sở (or any office with offices below it): the same
    figures and downloads as a ward's dashboard."""

    template_name = "publicity/admin/rollup.html"
    page_title = gettext_lazy("Công khai theo đơn vị")

    def get(self, request, *args, **kwargs):
        export = request.GET.get("format")
        if export in ("csv", "xlsx"):
            school_year, today, _level, _status = parse_filters(request.GET)
            facts, rows = rollup(request.user, school_year, today)
            if facts is None:
                raise Http404
            office = top_office_for(request.user)
            name = f"cong-khai-theo-don-vi-{facts['school_year']}-{facts['today']}"
            if export == "csv":
                content = rollup_csv_bytes(rows)
                return download(content, name, "csv", "text/csv; charset=utf-8")
            content = rollup_xlsx_bytes(facts, rows, office.name if office else "")
            return download(content, name, "xlsx", XLSX_TYPE)
        return super().get(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("publicity_dashboard"), "label": DashboardView.page_title},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        school_year, today, _level, _status = parse_filters(self.request.GET)
        facts, rows = rollup(self.request.user, school_year, today)
        query = self.request.GET.copy()
        query.pop("format", None)
        context.update(
            facts=facts,
            rows=rows,
            dashboard_url=reverse("publicity_dashboard"),
            school_years=school_year_choices(today),
            query=query.urlencode(),
        )
        return context
