"""What every page of the portal and of a school site is built on: SchoolSitePage (the
school it belongs to, the accent-folded search copy, the link guard, the shared approval
workflows), FixedSectionPage (a school's fixed sections) and PortalListingPage (a portal
page listing the schools' content). The page types live in models.py and in one module per
protected section, each importing this base; models.py re-exports them."""

import datetime

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.log_actions import log
from wagtail.models import Page
from wagtail.search import index

from sites.models import School
from sites.routing import FastUrlPageMixin
from sites.school_year import school_year_of
from sites.text import fold, stream_text, vietnamese_slug

from .blocks import RICH_TEXT_FEATURES, DocumentBlock, NewsBodyBlock
from .forms import FixedPageForm, SchoolPageForm, VietnameseCopyForm
from .links import BLOCKED_LOG_ACTION
from .permissions import FixedPageMixin
from .publishing import added_domains, blocked_link_error, keep_with_revision
from .slugs import free_slug
from .workflows import shared_workflow_for


def paginate(request, queryset, per_page, count=None):
    """One page of `queryset` from ?trang=N; a page that does not exist is a 404. A
    `count` already known (from an archive's figures) spares the COUNT query."""
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.__dict__["count"] = count  # Paginator.count is a cached_property
    try:
        return paginator.page(request.GET.get("trang", 1))
    except (PageNotAnInteger, EmptyPage):
        raise Http404 from None


def current_school_year():
    return school_year_of(timezone.localdate())


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
        # blocked domain is refused with a message naming it (home/links.py). The links
        # are extracted once for this content and kept with the revision saved next.
        error = blocked_link_error(self)
        if error is not None:
            raise error

    def save_revision(self, *args, **kwargs):
        revision = super().save_revision(*args, **kwargs)
        # The publishing road: what the guards found in this version goes with the
        # revision (also an autosave overwriting one), read by every road after.
        keep_with_revision(self, revision)
        return revision

    def publish(self, revision, user=None, changed=True, log_action=True, **kwargs):
        """Every road to going live passes here: the editor's publish, a workflow's final
        approval, bulk publish, `publish_scheduled`, scripts. A revision linking to a blocked domain
        (saved before the pattern was added, or without validation) is not published."""
        error = blocked_link_error(self, revision)
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
        return blocked_link_error(self, revision)

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


class FixedSectionPage(FixedPageMixin, SchoolSitePage):
    fixed_title = True
    base_form_class = FixedPageForm
    parent_page_types = ["home.SchoolHomePage"]
    max_count_per_parent = 1

    class Meta:
        abstract = True


class PortalListingPage(SchoolSitePage):
    """A page the office portal has one of, listing what the schools below it hold (the
    directory, the enrolment overview): an introduction above the list it builds."""

    introduction = RichTextField(_("giới thiệu"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["home.PortalHomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        abstract = True


class ArticlePage(SchoolSitePage):
    """What news of a school and news of the office share."""

    # Set on items of lists across schools (NewsPage.latest_across_schools). Defaults here
    # so the news card's lookups succeed: a failed template lookup calls dir() on the
    # page, ~1 ms each, twice per card.
    school_name = ""
    school_url = ""

    def get_category_display(self):
        return ""  # office news has no category; NewsPage's field gives its own

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
    old_url = models.CharField(_("địa chỉ trên trang web cũ"), max_length=2000, blank=True)
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
