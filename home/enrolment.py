"""Tuyển sinh: the school's enrolment page (timeline, catchment, documents, how to
apply, links to its Công khai items), and the office's overview of every school."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Substr
from django.db.models.lookups import In
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from sites.models import School
from sites.office_scope import ROOT_SEGMENT, scope_for_page
from sites.school_year import parse_school_year

from .base import FixedSectionPage, PortalListingPage, current_school_year
from .blocks import RICH_TEXT_FEATURES, DisclosureLinkBlock, EnrolmentStepBlock


class EnrolmentPage(FixedSectionPage):
    school_year = models.CharField(
        _("năm học tuyển sinh"),
        max_length=9,
        default=current_school_year,
        db_index=True,
        help_text=_("Ví dụ: 2026-2027"),
    )
    timeline = StreamField(
        [("step", EnrolmentStepBlock())], verbose_name=_("lịch tuyển sinh"), blank=True
    )
    catchment = RichTextField(_("địa bàn tuyển sinh"), features=RICH_TEXT_FEATURES, blank=True)
    documents = RichTextField(_("hồ sơ cần chuẩn bị"), features=RICH_TEXT_FEATURES, blank=True)
    how_to_apply = RichTextField(_("cách đăng ký"), features=RICH_TEXT_FEATURES, blank=True)
    portal_url = models.URLField(
        _("cổng tuyển sinh trực tuyến của tỉnh"), max_length=500, blank=True
    )
    results_info = models.TextField(
        _("tra cứu kết quả"),
        max_length=1000,
        blank=True,
        help_text=_(
            "Nơi cha mẹ tra cứu kết quả của con (cổng tuyển sinh, bảng tin nhà trường). "
            "Không đăng danh sách học sinh trúng tuyển có họ tên lên trang web."
        ),
    )
    disclosure_links = StreamField(
        [("disclosure", DisclosureLinkBlock())],
        verbose_name=_("kế hoạch, kết quả tuyển sinh (mục Công khai)"),
        blank=True,
    )

    content_panels = Page.content_panels + [
        FieldPanel("school_year"),
        FieldPanel("timeline"),
        FieldPanel("catchment"),
        FieldPanel("documents"),
        FieldPanel("how_to_apply"),
        FieldPanel("portal_url"),
        FieldPanel("results_info"),
        FieldPanel("disclosure_links"),
    ]
    subpage_types = []

    class Meta:
        verbose_name = _("tuyển sinh")

    def clean(self):
        super().clean()
        try:
            parse_school_year(self.school_year)
        except ValueError as error:
            raise ValidationError({"school_year": str(error)}) from None
        # Only this school's own disclosures: the chooser lists pages of every school.
        home_path = (self.path or "")[: Page.steplen * 2]
        for block in self.disclosure_links:
            linked = block.value.get("page")
            if linked is not None and not linked.path.startswith(home_path):
                raise ValidationError(
                    {"disclosure_links": _("Chỉ liên kết tới mục Công khai của chính trường mình.")}
                )

    def steps(self):
        return sorted((block.value for block in self.timeline), key=lambda v: v["starts_on"])


class EnrolmentOverviewPage(PortalListingPage):
    """On the portal: every school's enrolment timeline for one school year."""

    class Meta:
        verbose_name = _("tuyển sinh các trường")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        year = request.GET.get("nam-hoc", "")
        try:
            parse_school_year(year)
        except ValueError:
            year = current_school_year()
        pages = EnrolmentPage.objects.live().filter(school_year=year)
        schools = School.objects.active().only("name", "base_url", "level")
        # The office's own schools and those of the offices below it: a ward's portal
        # does not list the neighbouring ward's schools.
        scope = scope_for_page(self)
        if scope is not None and not scope.is_everything:
            schools = scope.school_filter(schools)
            pages = pages.filter(In(Substr("path", 1, ROOT_SEGMENT), scope.home_paths or [""]))
        pages = list(
            pages.only(
                "title", "path", "url_path", "depth", "school_year", "timeline", "portal_url"
            ).order_by("path")
        )
        schools = schools.by_home_path(pages)
        rows = []
        for page in pages:
            school = schools.get(page.path[: Page.steplen * 2])
            if school is not None:
                rows.append((school, page))
        rows.sort(key=lambda row: row[0].name)
        context.update(rows=rows, school_year=year)
        return context
