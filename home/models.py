"""Page types of the office portal and of every school site."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Substr, TruncMonth
from django.db.models.lookups import In
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.log_actions import log
from wagtail.models import Orderable, Page
from wagtail.search import index

from modelcluster.fields import ParentalKey

from sites.levels import SchoolLevel
from sites.models import Office, School
from sites.office_scope import office_ids_above, scope_for_page
from sites.routing import FastUrlPageMixin
from sites.school_year import parse_school_year, school_year_of
from sites.text import fold, vietnamese_slug

from .blocks import (
    RICH_TEXT_FEATURES,
    DocumentBlock,
    LeaderBlock,
    NewsBodyBlock,
    OrganisationBlock,
    UnitBlock,
)
from .forms import FixedPageForm, SchoolPageForm, VietnameseCopyForm
from .links import BLOCKED_LOG_ACTION, added_domains, blocked_link_error
from .permissions import FixedPageMixin
from .search import stream_text
from .slugs import free_slug
from .visibility import without_restricted
from .workflows import SchoolRoleApprovalTask, shared_workflow_for  # noqa: F401 (a model)

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
    # Wagtail's copy view (copy and alias) takes the form from here.
    copy_form_class = VietnameseCopyForm

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

    def _set_core_field_defaults(self):
        # Wagtail's own default slug uses Django's slugify ("Đồng" -> "ong"); runs on
        # full_clean and on the minimal clean of drafts.
        if not self.slug and self.title:
            parent = getattr(self, "_cached_parent_obj", None) or (
                self.get_parent() if self.path else None
            )
            if parent is not None:
                self.slug = free_slug(parent, vietnamese_slug(self.title)[:255].rstrip("-"), self)
        super()._set_core_field_defaults()

    def save(self, *args, **kwargs):
        self.search_text_folded = fold(self.folded_search_source())
        return super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        # Saving a draft, submitting for approval or publishing in the editor: a link to a
        # blocked domain is refused with a message naming it (home/links.py).
        error = blocked_link_error(self)
        if error is not None:
            raise error

    def publish(self, revision, user=None, changed=True, log_action=True, **kwargs):
        """Every road to going live passes here: the editor's publish, a workflow's final
        approval, bulk publish, `publish_scheduled`, scripts. A revision linking to a blocked domain
        (saved before the pattern was added, or without validation) is not published."""
        error = blocked_link_error(revision.as_object())
        if error is not None:
            self._refuse_publishing(revision, user, error)
            if log_action == "wagtail.publish.scheduled":
                return None  # publish_scheduled goes on with the other pages
            raise error
        return super().publish(
            revision, user=user, changed=changed, log_action=log_action, **kwargs
        )

    def _refuse_publishing(self, revision, user, error):
        if revision.approved_go_live_at:
            # Not retried every five minutes: the schedule is dropped, the log says why.
            revision.approved_go_live_at = None
            revision.save(update_fields=["approved_go_live_at"])
        log(
            instance=self,
            action=BLOCKED_LOG_ACTION,
            user=user,
            revision=revision,
            data={"message": error.messages[0]},
        )

    def adds_external_domains(self):
        """Does the version awaiting approval link to a domain the live one does not?
        (Memoised on the object: the approval task asks while listing its actions.)"""
        if "_adds_external_domains" not in self.__dict__:
            self.__dict__["_adds_external_domains"] = bool(added_domains(self))
        return self.__dict__["_adds_external_domains"]

    def publish_blocked_error(self, revision):
        """For the approval task: the error that would stop `revision` going live."""
        return blocked_link_error(revision.as_object() if revision else self)

    @cached_property
    def school(self):
        """The School this page belongs to, or None on the office portal."""
        return School.objects.select_related("office").owning(self.path)

    # One shared approval workflow per kind of content for every school (home/workflows.py),
    # instead of a WorkflowPage row per school; portal pages keep Wagtail's own lookup.
    @property
    def has_workflow(self):
        return self.get_workflow() is not None

    def get_workflow(self):
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
        "home.OfficeWorkScheduleIndexPage",
        "home.EnrolmentOverviewPage",
    ]
    template = "home/portal_home_page.html"

    class Meta:
        verbose_name = _("trang chủ cổng phòng giáo dục")

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
    # Where the page came from when it was imported from the school's old website
    # (cms/old_site/); the old address answers 301 to this page.
    old_url = models.URLField(_("địa chỉ trên trang web cũ"), max_length=2000, blank=True)
    # Set on publish (home/signals.py): the live version was published although the
    # privacy guard found personal data (someone confirmed). Its text then stays on its
    # own page: feeds and the portal's aggregated news show the title and link only.
    has_confirmed_personal_data = models.BooleanField(default=False, editable=False)

    search_fields = SchoolSitePage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    class Meta:
        abstract = True

    def folded_search_source(self):
        return " ".join(
            filter(
                None,
                [self.title, self.summary, self.search_description, stream_text(self.body)],
            )
        )


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
        documents = without_restricted(OfficialDocumentPage.objects.child_of(self).live())
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
        "home.EnrolmentPage",
        "home.WorkScheduleIndexPage",
        "home.QuestionIndexPage",
        "home.ConsultationIndexPage",
        "home.EventIndexPage",
    ]

    class Meta:
        verbose_name = _("trang chủ trường")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news = (
            without_restricted(NewsPage.objects.live())
            .descendant_of(self)
            .defer_streamfields()
            .select_related("lead_image")
            .prefetch_related("lead_image__renditions")
            .order_by("-date", "-pk")
        )
        # The week's notices: what the editor pinned, and notices dated this week
        # (Monday to Sunday); one query, whatever the week holds.
        monday, sunday = current_week()
        is_week_notice = Q(is_pinned=True) | Q(
            category=NewsCategory.NOTICE, date__range=(monday, sunday)
        )
        context["week_notices"] = news.filter(is_week_notice)[:PINNED_ON_HOME]
        context["latest_news"] = news.exclude(is_week_notice)[:LATEST_ON_HOME]
        with_gallery = (
            NewsPage.objects.live()
            .descendant_of(self)
            .filter(gallery_photos__isnull=False)
            .defer_streamfields()
            .order_by("-date", "-pk")
            .first()
        )
        context["gallery_news"] = with_gallery
        context["gallery_row"] = (
            list(
                with_gallery.gallery_photos.select_related("image").prefetch_related(
                    "image__renditions"
                )[:PHOTOS_ON_HOME]
            )
            if with_gallery
            else []
        )
        context["office_notices"] = (
            without_restricted(OfficeNewsPage.objects.live())
            .filter(for_all_schools=True)
            .filter(self._notice_sources())
            .defer_streamfields()
            .order_by("-date", "-pk")[:PINNED_ON_HOME]
        )
        context["upcoming_events"] = EventPage.upcoming_in(self)
        return context

    def _notice_sources(self):
        """Notices "for all schools" come from the school's office and the offices above
        it (a ward's notice reaches the ward's schools, the Sở's every school)."""
        school = self.school
        if school is None:
            return models.Q(pk__in=[])
        ids = office_ids_above(school.office_id)
        portals = Office.objects.filter(pk__in=ids).values("site__root_page__path")
        return models.Q(In(Substr("path", 1, self.steplen * 2), portals))


def section_articles(section):
    """The live pages of text under a section (SectionArticlePage), newest first."""
    return (
        without_restricted(SectionArticlePage.objects.child_of(section).live())
        .defer_streamfields()
        .order_by("-date", "-pk")
    )


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
    subpage_types = ["home.SectionArticlePage"]

    class Meta:
        verbose_name = _("giới thiệu")

    def articles(self):
        return section_articles(self)


class NewsIndexPage(RoutablePageMixin, FixedSectionPage):
    """Thông tin, thông báo: the school's news, by category and by month."""

    subpage_types = ["home.NewsPage"]

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

    def paginate(self, request, queryset):
        return paginate(request, queryset, NEWS_PER_PAGE)

    def month_archive(self):
        """(year, month, count) for every month that has news, newest first."""
        rows = (
            without_restricted(NewsPage.objects.child_of(self).live())
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

    def gallery(self):
        """The gallery's photos with their renditions (two queries for any number)."""
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

    subpage_types = ["home.ProfessionalDocumentPage", "home.SectionArticlePage"]

    class Meta:
        verbose_name = _("thông tin chuyên môn")

    def articles(self):
        return section_articles(self)

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


# --- Links the public pages render (the office's weekly report) ------------------------


class LinkDomainSighting(models.Model):
    """An external domain a live public page renders, as found by the `crawl_links`
    command (home/link_report.py). One row per page and domain; `first_seen` is when the
    crawl first saw it there, `added_by` who last edited the page (or the school's
    settings, for links the settings put on it) at that time."""

    domain = models.CharField(_("tên miền"), max_length=253, db_index=True)
    page = models.ForeignKey(
        Page, verbose_name=_("trang"), on_delete=models.CASCADE, related_name="+"
    )
    school = models.ForeignKey(
        "sites.School",
        verbose_name=_("trường"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    example_url = models.CharField(_("liên kết"), max_length=2000)
    hidden = models.CharField(_("bị ẩn"), max_length=255, blank=True)
    from_settings = models.BooleanField(_("từ cài đặt trang web"), default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người sửa gần nhất"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    first_seen = models.DateTimeField(_("thấy lần đầu"), db_index=True)
    last_seen = models.DateTimeField(_("thấy lần cuối"))

    class Meta:
        verbose_name = _("tên miền liên kết")
        verbose_name_plural = _("tên miền liên kết")
        constraints = [
            models.UniqueConstraint(fields=["page", "domain"], name="one_sighting_per_page_domain")
        ]
        indexes = [models.Index(fields=["school", "domain"])]

    def __str__(self):
        return self.domain


class LinkCrawl(models.Model):
    """One run of `crawl_links`: the next run renders only what changed since `started_at`."""

    started_at = models.DateTimeField(_("bắt đầu"))
    finished_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    full = models.BooleanField(_("quét toàn bộ"), default=False)
    pages_rendered = models.PositiveIntegerField(_("số trang đã tải"), default=0)
    new_sightings = models.PositiveIntegerField(_("tên miền mới"), default=0)
    errors = models.TextField(_("lỗi"), blank=True)

    class Meta:
        verbose_name = _("lượt quét liên kết")
        verbose_name_plural = _("lượt quét liên kết")
        get_latest_by = "started_at"

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M}"


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


# The five protected sections beyond the four fixed ones live in their own modules; they
# build on the classes above, so they are imported last (Django finds models here).
from .enrolment import EnrolmentOverviewPage, EnrolmentPage  # noqa: E402, F401
from .events import EventPage  # noqa: E402
from .schedule import (  # noqa: E402, F401
    OfficeWorkScheduleIndexPage,
    OfficeWorkWeekPage,
    WorkScheduleIndexPage,
    WorkWeekPage,
)
from .section_articles import SectionArticlePage  # noqa: E402
from .visitors import (  # noqa: E402, F401
    ConsultationIndexPage,
    ConsultationPage,
    QuestionIndexPage,
    VisitorMessage,
)
