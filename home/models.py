"""Page types of the office portal and of every school site."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery, prefetch_related_objects
from django.db.models.functions import Substr, TruncMonth
from django.db.models.lookups import In
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, Site
from wagtail.search import index

from modelcluster.fields import ParentalKey

from sites.levels import SchoolLevel
from sites.models import Office, School
from sites.office_scope import office_ids_above, scope_for_page
from sites.school_year import parse_school_year

from . import chrome
from .base import (
    ArticlePage,
    FixedSectionPage,
    PortalListingPage,
    SchoolSitePage,
    current_school_year,
    paginate,
)
from .blocks import (
    RICH_TEXT_FEATURES,
    LeaderBlock,
    OrganisationBlock,
    UnitBlock,
)

# The protected sections' page types live in their own modules (enrolment, events,
# schedule, visitors), each built on home/base.py; imported here so Django finds them.
from .document_register import KIND_CHOICES, filter_documents
from .enrolment import EnrolmentOverviewPage, EnrolmentPage  # noqa: F401
from .events import EventPage
from .forms import FixedPageForm
from .link_sightings import LinkCrawl, LinkDomainSighting  # noqa: F401
from .permissions import FixedPageMixin
from .publishing import RevisionFindings  # noqa: F401 (a model)
from .schedule import (  # noqa: F401
    OfficeWorkScheduleIndexPage,
    OfficeWorkWeekPage,
    WorkScheduleIndexPage,
    WorkWeekPage,
)
from .section_articles import SectionArticlePage, articles_under  # noqa: F401
from .sections import PORTAL_SECTIONS, SCHOOL_SECTIONS, section_model
from .visibility import without_restricted
from .visitors import (  # noqa: F401
    ConsultationIndexPage,
    ConsultationPage,
    QuestionIndexPage,
    VisitorMessage,
)
from .workflows import SchoolRoleApprovalTask  # noqa: F401 (a model)

NEWS_PER_PAGE = 12
DIRECTORY_PER_PAGE = 50
DOCUMENTS_PER_PAGE = 20
PINNED_ON_HOME = 5
LATEST_ON_HOME = 6
PORTAL_SCHOOL_NEWS = 10
PHOTOS_ON_HOME = 6


def current_week(today=None):
    """Monday and Sunday of the week of `today` (default: today in Vietnam)."""
    today = today or timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    return monday, monday + datetime.timedelta(days=6)


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
        "home.OfficeWorkScheduleIndexPage",
        "home.EnrolmentOverviewPage",
    ]
    template = "home/portal_home_page.html"

    class Meta:
        verbose_name = _("trang chủ cổng phòng giáo dục")

    def likely_child_model(self, slug):
        return section_model(PORTAL_SECTIONS, slug)  # routing reads a section in one query

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["office_news"] = (
            without_restricted(OfficeNewsPage.objects.live())
            .descendant_of(self)
            .defer_streamfields()
            .select_related("lead_image")
            .prefetch_related("lead_image__renditions")
            .order_by("-date", "-pk")[:5]
        )
        scope = scope_for_page(self)
        context["school_news"] = NewsPage.latest_across_schools(PORTAL_SCHOOL_NEWS, scope=scope)
        context["documents"] = (
            without_restricted(OfficialDocumentPage.objects.live())
            .descendant_of(self)
            .select_related("document")
            .order_by("-issued_on", "-pk")[:5]
        )
        return context


class SchoolDirectoryPage(PortalListingPage):
    """Danh bạ trường học: every school, filterable by level, searchable without accents."""

    class Meta:
        verbose_name = _("danh bạ trường học")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        query = request.GET.get("q", "").strip()[:100]
        level = request.GET.get("cap", "")
        schools = (
            School.objects.active()
            .select_related("office")
            .only("name", "level", "address", "phone", "email", "base_url", "office__name")
        )
        scope = scope_for_page(self)
        child_offices, office_filter = [], ""
        if scope is not None:
            # Every school below this office by default (a parent looking for a ward's
            # school on the Sở's portal finds it); ?don_vi= narrows to one office's
            # subtree, or to the schools directly under this office.
            child_offices = list(
                Office.objects.filter(pk__in=scope.child_office_ids)
                .select_related("site")
                .only("name", "domain", "site__hostname", "site__port")
                .order_by("name")
            )
            wanted = request.GET.get("don_vi", "")
            if wanted.isdigit() and int(wanted) == scope.office_id:
                office_filter = wanted
                schools = schools.filter(office_id=scope.office_id)
            elif wanted.isdigit() and int(wanted) in scope.office_ids:
                office_filter = wanted
                schools = schools.filter(office_id__in=Office.objects.subtree_ids([int(wanted)]))
            else:
                schools = scope.school_filter(schools)
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
            own_office_id=scope.office_id if scope is not None else None,
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
            without_restricted(OfficeNewsPage.objects.child_of(self).live())
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

    def save(self, *args, **kwargs):
        # Remember the scope before this save: a notice taken off "all schools" must
        # still clear every school's cached home (sites/cache.py).
        if self.pk:
            self._was_for_all_schools = OfficeNewsPage.objects.filter(
                pk=self.pk, for_all_schools=True
            ).exists()
        return super().save(*args, **kwargs)

    def shown_on_every_school(self):
        return self.for_all_schools or getattr(self, "_was_for_all_schools", False)

    @classmethod
    def with_issuers(cls, queryset):
        """The notices of `queryset`, each with the office that issued it: `issuer_name`
        and `issuer_url` (the notice on that office's own portal host). A school home
        shows notices of its office and of every office above it, so "its office" is
        not the issuer; read in the same query (subqueries on the portal's root path)."""
        portal = Office.objects.filter(
            site__root_page__path=Substr(OuterRef("path"), 1, cls.steplen * 2)
        )
        items = list(
            queryset.annotate(
                issuer_name=Subquery(portal.values("name")[:1]),
                issuer_host=Subquery(portal.values("site__hostname")[:1]),
                issuer_port=Subquery(portal.values("site__port")[:1]),
            )
        )
        for item in items:
            root = Site(hostname=item.issuer_host, port=item.issuer_port).root_url
            item.issuer_url = root + "/" + item.url_path.split("/", 2)[2]
        return items


class OfficialDocumentIndexPage(SchoolSitePage):
    """Văn bản chỉ đạo, điều hành: the office's register of official documents; a school
    keeps one of its own (plans, decisions) under "Thông tin, thông báo", approved as news."""

    introduction = RichTextField(_("giới thiệu"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["home.PortalHomePage", "home.NewsIndexPage"]
    subpage_types = ["home.OfficialDocumentPage"]

    class Meta:
        verbose_name = _("văn bản chỉ đạo")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        documents = without_restricted(OfficialDocumentPage.objects.child_of(self).live())
        # One query for both lists of the filter form (issuing bodies, years).
        pairs = list(documents.order_by().values_list("issuer", "issued_on__year").distinct())
        documents, chosen, issuers, years = filter_documents(documents, request.GET, pairs)
        context.update(
            documents=paginate(
                request,
                documents.select_related("document").order_by("-issued_on", "-pk"),
                DOCUMENTS_PER_PAGE,
            ),
            issuers=issuers,
            issuer=chosen["issuer"],
            years=years,
            kinds=KIND_CHOICES,
            chosen=chosen,
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
        "home.EnrolmentPage",
        "home.WorkScheduleIndexPage",
        "home.QuestionIndexPage",
        "home.ConsultationIndexPage",
        "home.EventIndexPage",
    ]

    class Meta:
        verbose_name = _("trang chủ trường")

    def likely_child_model(self, slug):
        return section_model(SCHOOL_SECTIONS, slug)  # routing reads a section in one query

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news = (
            without_restricted(NewsPage.objects.live())
            .descendant_of(self)
            .defer_streamfields()
            .select_related("lead_image")
            .order_by("-date", "-pk")
        )
        # The week's notices: what the editor pinned, and notices dated this week
        # (Monday to Sunday); one query, whatever the week holds.
        monday, sunday = current_week()
        is_week_notice = Q(is_pinned=True) | Q(
            category=NewsCategory.NOTICE, date__range=(monday, sunday)
        )
        week_notices = list(news.filter(is_week_notice)[:PINNED_ON_HOME])
        latest_news = list(news.exclude(is_week_notice)[:LATEST_ON_HOME])
        gallery_row = self.gallery_row(news)
        # The renditions of every picture the home shows (cards and gallery): one query.
        images = [item.lead_image for item in week_notices + latest_news if item.lead_image]
        prefetch_related_objects([*images, *(photo.image for photo in gallery_row)], "renditions")
        context.update(
            week_notices=week_notices,
            latest_news=latest_news,
            gallery_row=gallery_row,
            gallery_news=gallery_row[0].page if gallery_row else None,
        )
        # The offices' notices change with the global generation (a notice for all
        # schools) or the school's (another office): part of the school's chrome.
        context["office_notices"] = chrome.cached(
            request,
            "office-notices",
            lambda: OfficeNewsPage.with_issuers(
                without_restricted(OfficeNewsPage.objects.live())
                .filter(for_all_schools=True)
                .filter(self._notice_sources())
                .defer_streamfields()
                .order_by("-date", "-pk")[:PINNED_ON_HOME]
            ),
        )
        context["upcoming_events"] = EventPage.upcoming_in(self)
        return context

    def gallery_row(self, news):
        """The first photos of the newest listed news item that has a gallery, each with
        its `page`, in one query (`news`: the home's listed news)."""
        newest = news.filter(gallery_photos__isnull=False).values("pk")[:1]
        return list(
            NewsGalleryPhoto.objects.filter(page=Subquery(newest))
            .select_related("image", "page")
            .defer("page__body", "page__attachments", "page__search_text_folded")[:PHOTOS_ON_HOME]
        )

    def _notice_sources(self):
        """Notices "for all schools" come from the school's office and the offices above
        it (a ward's notice reaches the ward's schools, the Sở's every school)."""
        school = self.school
        if school is None:
            return models.Q(pk__in=[])
        ids = office_ids_above(school.office_id)
        portals = Office.objects.filter(pk__in=ids).values("site__root_page__path")
        return models.Q(In(Substr("path", 1, self.steplen * 2), portals))


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
    subpage_types = ["home.SectionArticlePage"]

    class Meta:
        verbose_name = _("giới thiệu")

    def articles(self):
        return articles_under(self)


class NewsIndexPage(RoutablePageMixin, FixedSectionPage):
    """Thông tin, thông báo: the school's news, by category and by month, and its own
    documents register if it keeps one."""

    subpage_types = ["home.NewsPage", "home.OfficialDocumentIndexPage"]

    class Meta:
        verbose_name = _("thông tin, thông báo")

    def news(self):
        return (
            without_restricted(NewsPage.objects.child_of(self).live())
            .defer_streamfields()
            .select_related("lead_image")
            .prefetch_related("lead_image__renditions")
            .order_by("-date", "-pk")
        )

    def news_counts(self):
        """{(year, month, category): number} of the listed news, in one query: the month
        archive and the length of every list (so paging needs no COUNT of its own)."""
        rows = (
            without_restricted(NewsPage.objects.child_of(self).live())
            .annotate(month=TruncMonth("date"))
            .values("month", "category")
            .annotate(count=Count("pk"))
            .order_by()
        )
        return {
            (row["month"].year, row["month"].month, row["category"]): row["count"] for row in rows
        }

    def render_list(self, request, queryset, counted=lambda year, month, category: True, **extra):
        """One page of `queryset`; `counted(year, month, category)` says which of the
        archive's figures are its items."""
        # Every list of the section (all, by category, by month, each page) shows the same
        # figures, which change only with what clears the site's pages: the school's chrome.
        counts = chrome.cached(request, f"news-counts-{self.pk}", self.news_counts)
        months = {}
        for (year, month, _category), count in counts.items():
            months[year, month] = months.get((year, month), 0) + count
        total = sum(count for key, count in counts.items() if counted(*key))
        context = {
            "news_page": paginate(request, queryset, NEWS_PER_PAGE, count=total),
            "categories": NewsCategory,
            # (year, month, count) for every month that has news, newest first.
            "archive": [
                (year, month, n) for (year, month), n in sorted(months.items(), reverse=True)
            ],
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
            counted=lambda _year, _month, of: of == category,
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
            counted=lambda of_year, of_month, _category: (of_year, of_month) == (year, month),
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
        InlinePanel(
            "gallery_photos",
            heading=_("Bộ sưu tập ảnh"),
            label=_("Ảnh"),
            help_text=_(
                "Kéo để sắp xếp, mỗi ảnh một chú thích. Thêm nhiều ảnh một lúc bằng nút "
                "“Thêm nhiều ảnh” ở đầu trang (sau khi lưu nháp)."
            ),
        ),
        FieldPanel("attachments"),
    ]
    settings_panels = ArticlePage.settings_panels + [FieldPanel("old_url", read_only=True)]
    search_fields = ArticlePage.search_fields + [index.FilterField("category")]
    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("tin bài")
        verbose_name_plural = _("tin bài")
        # "Latest news" across a province (ORDER BY date DESC, id DESC LIMIT n): without
        # it PostgreSQL sorts every school's news (40,000 rows at 20,000 schools).
        indexes = [models.Index(fields=["-date", "-page_ptr"], name="home_news_latest")]

    @cached_property
    def gallery(self):
        """The gallery's photos with their renditions (two queries for any number), read
        once per page (the article and the share image both show them)."""
        return list(
            self.gallery_photos.select_related("image").prefetch_related("image__renditions")
        )

    @classmethod
    def latest_across_schools(cls, limit, scope=None):
        """The newest news of every school (of an office's `scope`), each with `school`
        and `school_url` set from School.base_url (two queries, never Wagtail's scan of
        every site root)."""
        news = without_restricted(cls.objects.live())
        if scope is not None and not scope.is_everything:
            news = news.filter(In(Substr("path", 1, cls.steplen * 2), list(scope.home_paths)))
        items = list(
            news.defer_streamfields().select_related("lead_image").order_by("-date", "-pk")[:limit]
        )
        return cls.with_school_urls(items)

    @classmethod
    def with_school_urls(cls, items):
        """`items` of active schools, each with school_name and school_url set."""
        schools = School.objects.active().only("name", "slug", "base_url").by_home_path(items)
        found = []
        for item in items:
            school = schools.get(item.path[: cls.steplen * 2])
            if school is None:
                continue
            item.school_name = school.name
            if item.has_confirmed_personal_data:
                item.summary = ""  # never copied beyond the page itself
            item.school_url = school.base_url + "/" + item.url_path.split("/", 2)[2]
            found.append(item)
        return found


class NewsGalleryPhoto(Orderable):
    """One photo of a news page's gallery: ordered by dragging in the editor, with its
    own caption. Many are added at once through the "Thêm nhiều ảnh" action."""

    page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="gallery_photos")
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("ảnh"), on_delete=models.CASCADE, related_name="+"
    )
    caption = models.CharField(_("chú thích"), max_length=255, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("ảnh trong bộ sưu tập")
        verbose_name_plural = _("ảnh trong bộ sưu tập")


class ProfessionalDocumentKind(models.TextChoices):
    TEACHING_PLAN = "ke-hoach-day-hoc", _("Kế hoạch dạy học")
    ASSESSMENT_PLAN = "ke-hoach-kiem-tra-danh-gia", _("Kế hoạch kiểm tra đánh giá")
    TEST_PAPER = "de-kiem-tra", _("Đề kiểm tra")
    DIGITAL_MATERIAL = "hoc-lieu-so", _("Học liệu số")
    LESSON_PLAN = "ke-hoach-bai-day", _("Kế hoạch bài dạy")
    OTHER = "khac", _("Tài liệu chuyên môn khác")


class ProfessionalIndexPage(FixedSectionPage):
    """Thông tin chuyên môn: documents by kind and school year."""

    subpage_types = ["home.ProfessionalDocumentPage", "home.SectionArticlePage"]

    class Meta:
        verbose_name = _("thông tin chuyên môn")

    def articles(self):
        return articles_under(self)

    def documents(self):
        return (
            without_restricted(ProfessionalDocumentPage.objects.child_of(self).live())
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


class DocumentRelease(models.Model):
    """A document its school made public on purpose, without a page linking it (a form
    to download, a plan sent by link). Without a release, a document is served only once a
    live, public page of its school links it (home/document_access.py)."""

    document = models.OneToOneField(
        "wagtaildocs.Document",
        verbose_name=_("tài liệu"),
        on_delete=models.CASCADE,
        related_name="release",
    )
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người công bố"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    released_at = models.DateTimeField(_("ngày công bố"), default=timezone.now)

    class Meta:
        verbose_name = _("tài liệu công bố riêng")
        verbose_name_plural = _("tài liệu công bố riêng")

    def __str__(self):
        return str(self.document)
