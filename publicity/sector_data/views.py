"""Số liệu từ CSDL ngành: the principal's screen (upload an export, see the drafts it
made, download them as XLSX, draft the annual report, download a sample export) and the
office's list of schools that have not imported this year's figures. Reach goes through
publicity.access (the principal of the user's own school) and sites.permissions
(the office's schools)."""

import contextlib
import io
import os

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from openpyxl import Workbook

from sites.cells import neutralise_row
from sites.permissions import is_office_staff, schools_visible_to
from sites.text import vietnamese_slug

from ..access import sector_data_school
from ..models import DisclosurePage
from ..periods import disclosure_year_of
from .annual_report import draft_annual_report
from .forms import SectorDataForm
from .open_data import schools_without_import
from .reading import ExportError
from .sample import sample_export
from .service import import_export
from .stored import SectorDataImport
from .tables import tables_for

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(content, name):
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def discard(upload):
    """Delete the uploaded file now it is read: Django keeps large uploads in a
    temporary file until the request ends; this one goes at once."""
    path = getattr(upload, "temporary_file_path", None)
    path = path() if callable(path) else None
    upload.close()
    if path:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


class PrincipalScreen(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        self.school = sector_data_school(request.user)
        if self.school is None:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class SectorDataView(PrincipalScreen):
    template_name = "publicity/admin/sector_data.html"
    page_title = _("Số liệu từ CSDL ngành")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, form=None, outcome=None, **kwargs):
        school_year = disclosure_year_of(timezone.localdate())
        records = list(
            SectorDataImport.objects.filter(school=self.school).select_related("imported_by")[:20]
        )
        page_ids = {pk for record in records for pk in (record.versions or {}).values()}
        pages = DisclosurePage.objects.filter(pk__in=page_ids).select_related("requirement")
        pages = {page.pk: page for page in pages}
        for record in records:
            record.pages = [pages[pk] for pk in (record.versions or {}).values() if pk in pages]
        return super().get_context_data(
            school=self.school,
            form=form or SectorDataForm(),
            outcome=outcome,
            records=records,
            school_year=school_year,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = SectorDataForm(request.POST, request.FILES)
        if not form.is_valid():
            if "file" in request.FILES:
                discard(request.FILES["file"])
            return self.render_to_response(self.get_context_data(form=form))
        upload, data = form.cleaned_data["file"], form.cleaned_data
        try:
            outcome = import_export(
                self.school,
                upload,
                file_name=upload.name,
                school_year=data["school_year"],
                user=request.user,
                accept_skipped=data["accept_skipped"],
            )
        except ExportError as error:
            form.add_error("file", str(error))
            return self.render_to_response(self.get_context_data(form=form))
        finally:
            discard(upload)
        if outcome.is_empty:
            form.add_error(
                "file",
                _t(
                    "Không tìm thấy danh sách học sinh hay cán bộ trong tệp: cần một dòng "
                    "tiêu đề có cột “Lớp” và “Giới tính” (học sinh) hoặc “Vị trí việc làm” và "
                    "“Trình độ đào tạo” (cán bộ)."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form))
        if not outcome.stored:
            return self.render_to_response(self.get_context_data(form=form, outcome=outcome))
        drafts = sum(len(record.versions) for record in outcome.stored)
        messages.success(
            request,
            _t(
                "Đã nhập số liệu năm học %(year)s: %(n)d bản nháp công khai đang chờ kiểm tra "
                "và công khai."
            )
            % {"year": data["school_year"], "n": drafts},
        )
        return redirect("publicity_sector_data")


class SampleExportView(PrincipalScreen):
    def get(self, request, *args, **kwargs):
        content = sample_export(self.school.name, self.school.stages)
        return xlsx_response(content, f"mau-csdl-nganh-{self.school.slug}")


class ImportXlsxView(PrincipalScreen):
    """The tables of one import as an XLSX, a sheet per item."""

    def get(self, request, pk, *args, **kwargs):
        record = get_object_or_404(SectorDataImport, pk=pk, school=self.school)
        workbook = Workbook()
        workbook.remove(workbook.active)
        for table in tables_for(record.kind, record.counts, self.school.stages):
            if table.code not in record.versions:
                continue
            sheet = workbook.create_sheet(table.code[:31])
            sheet.append(neutralise_row([table.caption]))
            sheet.append(
                neutralise_row([_t("Nội dung")] + [label for _key, label in table.columns])
            )
            for _key, label, values in table.rows:  # numbers stay numbers
                sheet.append(
                    neutralise_row([label] + [values.get(column) for column, _l in table.columns])
                )
        if not workbook.worksheets:
            raise Http404
        buffer = io.BytesIO()
        workbook.save(buffer)
        name = f"so-lieu-{record.kind}-{record.school_year}-{vietnamese_slug(self.school.name)}"
        return xlsx_response(buffer.getvalue(), name)


class AnnualReportView(PrincipalScreen):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        school_year = disclosure_year_of(timezone.localdate())
        page = draft_annual_report(self.school, school_year, request.user)
        if page is None:
            messages.error(
                request, _t("Chưa có số liệu đã nhập của năm học này hoặc năm học trước.")
            )
        else:
            messages.success(
                request,
                _t("Đã lập bản nháp báo cáo thường niên năm học %(y)s.") % {"y": school_year},
            )
        return redirect("publicity_sector_data")


class MissingImportsView(WagtailAdminTemplateMixin, TemplateView):
    """The office's list: schools with no pupils' or staff list for this school year."""

    template_name = "publicity/admin/sector_data_missing.html"
    page_title = _("Trường chưa nhập số liệu CSDL ngành")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not is_office_staff(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("publicity_dashboard"), "label": _("Theo dõi công khai")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        school_year = disclosure_year_of(timezone.localdate())
        schools = schools_visible_to(self.request.user).filter(is_active=True).order_by("name")
        missing = schools_without_import(schools, school_year)
        labels = {"pupils": _t("danh sách học sinh"), "staff": _t("danh sách cán bộ")}
        return super().get_context_data(
            school_year=school_year,
            missing=[(school, [labels[kind] for kind in kinds]) for school, kinds in missing],
            total=schools.count(),
            **kwargs,
        )
