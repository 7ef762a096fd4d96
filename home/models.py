"""Page types of the office portal and of every school site."""

import datetime

from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from sites.office_scope import office_ids_above, scope_for_page
from sites.routing import FastUrlPageMixin
from sites.school_year import parse_school_year, school_year_of
from sites.text import fold

from .blocks import (
    RICH_TEXT_FEATURES,
    DocumentBlock,
    LeaderBlock,
    NewsBodyBlock,
    OrganisationBlock,
    UnitBlock,
)
from .forms import FixedPageForm, SchoolPageForm
from .permissions import FixedPageMixin

NEWS_PER_PAGE = 12
DIRECTORY_PER_PAGE = 50
DOCUMENTS_PER_PAGE = 20
PINNED_ON_HOME = 5
LATEST_ON_HOME = 6
PORTAL_SCHOOL_NEWS = 10


def paginate(request, queryset, per_page):
    """One page of `queryset` from ?trang=N; a page that does not exist is a 404."""
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(request.GET.get("trang", 1))
    except (PageNotAnInteger, EmptyPage):
        raise Http404 from None


class SchoolSitePage(FastUrlPageMixin, Page):
    """Abstract base: every page knows its school (or none, on the portal)
    and keeps an accent-folded copy of its text so search ignores diacritics."""

    # Every page form checks that referenced images/documents belong to the school.
    base_form_class = SchoolPageForm

    search_text_folded = models.TextField(editable=False, blank=True, default="")

    search_fields = Page.search_fields + [
        index.SearchField("search_text_folded"),
        index.AutocompleteField("title"),
    ]

    class Meta:
        abstract = True

    def folded_search_source(self):
        """Text whose folded copy is indexed; page types add their own fields."""
        return " ".join(filter(None, [self.title, self.search_description]))

    def full_clean(self, *args, **kwargs):
        self.search_text_folded = fold(self.folded_search_source())
        super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        self.search_text_folded = fold(self.folded_search_source())
        return super().save(*args, **kwargs)

    @cached_property
    def school(self):
        """The School this page belongs to, or None on the office portal."""
        from sites.models import School

        return School.objects.select_related("office").owning(self.path)

    # One shared approval workflow per kind of content for every school (sites/workflows.py),
    # instead of a WorkflowPage row per school; portal pages keep Wagtail's own lookup.
    @property
    def has_workflow(self):
        return self.get_workflow() is not None

    def get_workflow(self):
        from sites.workflows import shared_workflow_for

        return shared_workflow_for(self) or super().get_workflow()


# --- The office portal ---------------------------------------------------------------


class PortalHomePage(SchoolSitePage):
    """Home of the education office's portal (the default site)."""

    introduction = RichTextField(_("giới thiệu"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.OfficeNewsIndexPage",
        "home.OfficialDocumentIndexPage",
        "home.SchoolDirectoryPage",
    ]
    template = "home/portal_home_page.html"

    class Meta:
        verbose_name = _("trang chủ cổng phòng giáo dục")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["office_news"] = (
            OfficeNewsPage.objects.live()
            .descendant_of(self)
            .defer_streamfields()
            .select_related("lead_image")
            .prefetch_related("lead_image__renditions")
            .order_by("-date", "-pk")[:5]
        )
        scope = scope_for_page(self)
        context["school_news"] = NewsPage.latest_across_schools(PORTAL_SCHOOL_NEWS, scope=scope)
        context["documents"] = (
            OfficialDocumentPage.objects.live()
            .descendant_of(self)
            .select_related("document")
            .order_by("-issued_on", "-pk")[:5]
        )
        return context


class SchoolDirectoryPage(SchoolSitePage):
    """Danh bạ trường học: every school, filterable by level, searchable without accents."""

    introduction = RichTextField(_("giới thiệu"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["home.PortalHomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("danh bạ trường học")

    def get_context(self, request, *args, **kwargs):
        from sites.levels import SchoolLevel
        from sites.models import Office, School

        context = super().get_context(request, *args, **kwargs)
        query = request.GET.get("q", "").strip()[:100]
        level = request.GET.get("cap", "")
        schools = School.objects.active().only(
            "name", "level", "address", "phone", "email", "base_url", "office_id"
        )
        scope = scope_for_page(self)
        child_offices, office_filter, everything_below = [], "", False
        if scope is not None:
            # This office's own schools; "tat_ca" (or an office filter) reaches every
            # school below it: a Sở lists its wards, a ward its schools.
            child_offices = list(
                Office.objects.filter(pk__in=scope.child_office_ids)
                .select_related("site")
                .only("name", "domain", "site__hostname", "site__port")
                .order_by("name")
            )
            wanted = request.GET.get("don_vi", "")
            everything_below = request.GET.get("tat_ca") == "1"
            if wanted.isdigit() and int(wanted) in scope.office_ids:
                office_filter = wanted
                below = Office.objects.subtree_ids([int(wanted)])
                schools = schools.filter(office_id__in=below)
            elif everything_below or not child_offices:
                schools = scope.school_filter(schools)
            else:
                schools = schools.filter(office_id=scope.office_id)
        if level in SchoolLevel.values:
            schools = schools.filter(level=level)
        else:
            level = ""
        if query:
            schools = schools.search(query)
        context.update(
            schools=paginate(request, schools.order_by("name"), DIRECTORY_PER_PAGE),
            query=query,
            level=level,
            levels=SchoolLevel.choices,
            child_offices=child_offices,
            office_filter=office_filter,
            everything_below=everything_below,
        )
        return context


class OfficeNewsIndexPage(RoutablePageMixin, SchoolSitePage):
    introduction = RichTextField(_("giới thiệu"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["home.PortalHomePage"]
    subpage_types = ["home.OfficeNewsPage"]

    class Meta:
        verbose_name = _("tin tức của phòng")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news = (
            OfficeNewsPage.objects.child_of(self)
            .live()
            .defer_streamfields()
            .select_related("lead_image")
            .prefetch_related("lead_image__renditions")
            .order_by("-date", "-pk")
        )
        context["news_page"] = paginate(request, news, NEWS_PER_PAGE)
        return context


class NewsCategory(models.TextChoices):
    TEACHING = "hoat-dong-day-hoc", _("Hoạt động dạy học")
    SCHOOL_LIFE = "hoat-dong-nha-truong", _("Hoạt động nhà trường")
    UNIONS = "doan-the-doi", _("Đoàn thể – Đội")
    LEGAL = "tuyen-truyen-phap-luat", _("Tuyên truyền pháp luật")
    NOTICE = "thong-bao", _("Thông báo")


class ArticlePage(SchoolSitePage):
    """What news of a school and news of the office share."""

    date = models.DateField(_("ngày đăng"), default=datetime.date.today, db_index=True)
    summary = models.TextField(_("tóm tắt"), blank=True, max_length=500)
    lead_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh đại diện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(NewsBodyBlock(), verbose_name=_("nội dung"), blank=True)
    attachments = StreamField(
        [("document", DocumentBlock())], verbose_name=_("tệp đính kèm"), blank=True
    )

    search_fields = SchoolSitePage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    class Meta:
        abstract = True

    def folded_search_source(self):
        return " ".join(filter(None, [self.title, self.summary, self.search_description]))


class OfficeNewsPage(ArticlePage):
    for_all_schools = models.BooleanField(
        _("thông báo đến tất cả các trường"),
        default=False,
        help_text=_("Hiện trên trang chủ của mọi trường, liên kết về bài gốc này."),
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("date"), FieldPanel("for_all_schools")]),
        FieldPanel("summary"),
        FieldPanel("lead_image"),
        FieldPanel("body"),
        FieldPanel("attachments"),
    ]
    parent_page_types = ["home.OfficeNewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("tin của phòng")
        verbose_name_plural = _("tin của phòng")


class OfficialDocumentIndexPage(SchoolSitePage):
    """Văn bản chỉ đạo, điều hành: the office's register of official documents."""

    introduction = RichTextField(_("giới thiệu"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["home.PortalHomePage"]
    subpage_types = ["home.OfficialDocumentPage"]

    class Meta:
        verbose_name = _("văn bản chỉ đạo")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        documents = OfficialDocumentPage.objects.child_of(self).live()
        issuers = list(documents.order_by("issuer").values_list("issuer", flat=True).distinct())
        issuer = request.GET.get("co-quan", "")
        if issuer in issuers:
            documents = documents.filter(issuer=issuer)
        else:
            issuer = ""
        context.update(
            documents=paginate(
                request,
                documents.select_related("document").order_by("-issued_on", "-pk"),
                DOCUMENTS_PER_PAGE,
            ),
            issuers=issuers,
            issuer=issuer,
        )
        return context


class OfficialDocumentPage(SchoolSitePage):
    number = models.CharField(_("số hiệu"), max_length=100)
    abstract = models.TextField(_("trích yếu"))
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, db_index=True)
    issued_on = models.DateField(_("ngày ban hành"), db_index=True)
    signer = models.CharField(_("người ký"), max_length=255, blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("tệp văn bản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("number"), FieldPanel("issued_on")]),
        FieldPanel("abstract"),
        FieldRowPanel([FieldPanel("issuer"), FieldPanel("signer")]),
        FieldPanel("document"),
    ]
    search_fields = SchoolSitePage.search_fields + [
        index.SearchField("number"),
        index.SearchField("abstract"),
        index.FilterField("issuer"),
    ]
    parent_page_types = ["home.OfficialDocumentIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["-issued_on"]

    def folded_search_source(self):
        return " ".join(filter(None, [self.title, self.number, self.abstract, self.issuer]))


# --- A school site -------------------------------------------------------------------


class SchoolHomePage(FixedPageMixin, SchoolSitePage):
    welcome = RichTextField(_("lời chào"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("welcome")]
    base_form_class = FixedPageForm
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.IntroductionPage",
        "publicity.DisclosureIndexPage",
        "home.ProfessionalIndexPage",
        "home.NewsIndexPage",
    ]

    class Meta:
        verbose_name = _("trang chủ trường")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news = (
            NewsPage.objects.live()
            .descendant_of(self)
            .defer_streamfields()
            .select_related("lead_image")
            .prefetch_related("lead_image__renditions")
            .order_by("-date", "-pk")
        )
        context["pinned_news"] = news.filter(is_pinned=True)[:PINNED_ON_HOME]
        context["latest_news"] = news.filter(is_pinned=False)[:LATEST_ON_HOME]
        context["office_notices"] = (
            OfficeNewsPage.objects.live()
            .filter(for_all_schools=True)
            .filter(self._notice_sources())
            .defer_streamfields()
            .order_by("-date", "-pk")[:PINNED_ON_HOME]
        )
        return context

    def _notice_sources(self):
        """Notices "for all schools" come from the school's office and the offices above
        it (a ward's notice reaches the ward's schools, the Sở's every school)."""
        from django.db.models.functions import Substr
        from django.db.models.lookups import In

        from sites.models import Office

        school = self.school
        if school is None:
            return models.Q(pk__in=[])
        ids = office_ids_above(school.office_id)
        portals = Office.objects.filter(pk__in=ids).values("site__root_page__path")
        return models.Q(In(Substr("path", 1, self.steplen * 2), portals))


class FixedSectionPage(FixedPageMixin, SchoolSitePage):
    fixed_title = True
    base_form_class = FixedPageForm
    parent_page_types = ["home.SchoolHomePage"]
    max_count_per_parent = 1

    class Meta:
        abstract = True


class IntroductionPage(FixedSectionPage):
    """Giới thiệu: structured, so every school's introduction reads the same way."""

    functions_and_tasks = RichTextField(
        _("chức năng, nhiệm vụ"), features=RICH_TEXT_FEATURES, blank=True
    )
    organisation_chart = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("sơ đồ tổ chức"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    units = StreamField([("unit", UnitBlock())], verbose_name=_("cơ cấu tổ chức"), blank=True)
    leaders = StreamField(
        [("leader", LeaderBlock())], verbose_name=_("ban giám hiệu, lãnh đạo"), blank=True
    )
    map_url = models.URLField(_("đường dẫn bản đồ"), blank=True, max_length=500)
    history = RichTextField(
        _("quá trình hình thành và phát triển"), features=RICH_TEXT_FEATURES, blank=True
    )
    organisations = StreamField(
        [("organisation", OrganisationBlock())],
        verbose_name=_("các tổ chức, đoàn thể"),
        blank=True,
    )

    content_panels = Page.content_panels + [
        FieldPanel("functions_and_tasks"),
        MultiFieldPanel(
            [FieldPanel("organisation_chart"), FieldPanel("units")],
            heading=_("Cơ cấu tổ chức"),
        ),
        FieldPanel("leaders"),
        FieldPanel("map_url"),
        FieldPanel("history"),
        FieldPanel("organisations"),
    ]
    subpage_types = []

    class Meta:
        verbose_name = _("giới thiệu")


class NewsIndexPage(RoutablePageMixin, FixedSectionPage):
    """Thông tin, thông báo: the school's news, by category and by month."""

    subpage_types = ["home.NewsPage"]

    class Meta:
        verbose_name = _("thông tin, thông báo")

    def news(self):
        return (
            NewsPage.objects.child_of(self)
            .live()
            .defer_streamfields()
            .select_related("lead_image")
            .prefetch_related("lead_image__renditions")
            .order_by("-date", "-pk")
        )

    def paginate(self, request, queryset):
        return paginate(request, queryset, NEWS_PER_PAGE)

    def month_archive(self):
        """(year, month, count) for every month that has news, newest first."""
        from django.db.models import Count
        from django.db.models.functions import TruncMonth

        rows = (
            NewsPage.objects.child_of(self)
            .live()
            .annotate(month=TruncMonth("date"))
            .values("month")
            .annotate(count=Count("pk"))
            .order_by("-month")
        )
        return [(row["month"].year, row["month"].month, row["count"]) for row in rows]

    def render_list(self, request, queryset, **extra):
        context = {
            "news_page": self.paginate(request, queryset),
            "categories": NewsCategory,
            "archive": self.month_archive(),
            **extra,
        }
        return self.render(request, context_overrides=context)

    @path("")
    def all_news(self, request):
        return self.render_list(request, self.news())

    @path("chuyen-muc/<slug:category>/")
    def by_category(self, request, category):
        if category not in NewsCategory.values:
            raise Http404
        return self.render_list(
            request,
            self.news().filter(category=category),
            current_category=NewsCategory(category),
        )

    @re_path(r"^(?P<year>\d{4})/(?P<month>\d{1,2})/$")
    def by_month(self, request, year, month):
        year, month = int(year), int(month)
        if not 1 <= month <= 12:
            raise Http404
        return self.render_list(
            request,
            self.news().filter(date__year=year, date__month=month),
            current_month=datetime.date(year, month, 1),
        )


class NewsPage(ArticlePage):
    category = models.CharField(
        _("chuyên mục"),
        max_length=32,
        choices=NewsCategory.choices,
        default=NewsCategory.SCHOOL_LIFE,
        db_index=True,
    )
    is_pinned = models.BooleanField(
        _("ghim lên trang chủ"),
        default=False,
        help_text=_("Thông báo được ghim hiện ở đầu trang chủ của trường."),
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("date"), FieldPanel("category"), FieldPanel("is_pinned")]),
        FieldPanel("summary"),
        FieldPanel("lead_image"),
        FieldPanel("body"),
        FieldPanel("attachments"),
    ]
    search_fields = ArticlePage.search_fields + [index.FilterField("category")]
    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("tin bài")
        verbose_name_plural = _("tin bài")

    @classmethod
    def latest_across_schools(cls, limit, scope=None):
        """The newest news of every school (of an office's `scope`), each with `school`
        and `school_url` set from School.base_url (two queries, never Wagtail's scan of
        every site root)."""
        from django.db.models.functions import Substr
        from django.db.models.lookups import In

        from sites.models import School

        news = cls.objects.live()
        if scope is not None and not scope.is_everything:
            news = news.filter(In(Substr("path", 1, cls.steplen * 2), list(scope.home_paths)))
        items = list(
            news.defer_streamfields().select_related("lead_image").order_by("-date", "-pk")[:limit]
        )
        home_paths = {item.path[: cls.steplen * 2] for item in items}
        schools = {
            school.home_page_path: school
            for school in School.objects.active()
            .filter(home_page__path__in=home_paths)
            .annotate(home_page_path=models.F("home_page__path"))
            .only("name", "slug", "base_url")
        }
        found = []
        for item in items:
            school = schools.get(item.path[: cls.steplen * 2])
            if school is None:
                continue
            item.school_name = school.name
            item.school_url = school.base_url + "/" + item.url_path.split("/", 2)[2]
            found.append(item)
        return found


def current_school_year():
    return school_year_of(timezone.localdate())


class ProfessionalDocumentKind(models.TextChoices):
    TEACHING_PLAN = "ke-hoach-day-hoc", _("Kế hoạch dạy học")
    ASSESSMENT_PLAN = "ke-hoach-kiem-tra-danh-gia", _("Kế hoạch kiểm tra đánh giá")
    TEST_PAPER = "de-kiem-tra", _("Đề kiểm tra")
    DIGITAL_MATERIAL = "hoc-lieu-so", _("Học liệu số")
    LESSON_PLAN = "ke-hoach-bai-day", _("Kế hoạch bài dạy")
    OTHER = "khac", _("Tài liệu chuyên môn khác")


class ProfessionalIndexPage(FixedSectionPage):
    """Thông tin chuyên môn: documents by kind and school year."""

    subpage_types = ["home.ProfessionalDocumentPage"]

    class Meta:
        verbose_name = _("thông tin chuyên môn")

    def documents(self):
        return (
            ProfessionalDocumentPage.objects.child_of(self)
            .live()
            .select_related("document")
            .order_by("-school_year", "kind", "title")
        )


class ProfessionalDocumentPage(SchoolSitePage):
    kind = models.CharField(
        _("loại tài liệu"), max_length=40, choices=ProfessionalDocumentKind.choices, db_index=True
    )
    school_year = models.CharField(
        _("năm học"),
        max_length=9,
        db_index=True,
        default=current_school_year,
        help_text=_("Ví dụ: 2025-2026"),
    )
    subject = models.CharField(_("môn học / tổ chuyên môn"), max_length=120, blank=True)
    grade = models.CharField(_("khối lớp"), max_length=40, blank=True)
    description = models.TextField(_("mô tả"), blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("tệp tài liệu"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("school_year")]),
        FieldRowPanel([FieldPanel("subject"), FieldPanel("grade")]),
        FieldPanel("description"),
        FieldPanel("document"),
    ]
    search_fields = SchoolSitePage.search_fields + [
        index.SearchField("description"),
        index.FilterField("kind"),
        index.FilterField("school_year"),
    ]
    parent_page_types = ["home.ProfessionalIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("tài liệu chuyên môn")
        verbose_name_plural = _("tài liệu chuyên môn")

    def folded_search_source(self):
        return " ".join(filter(None, [self.title, self.subject, self.description]))

    def clean(self):
        super().clean()
        try:
            parse_school_year(self.school_year)
        except ValueError as error:
            raise ValidationError({"school_year": str(error)}) from None
