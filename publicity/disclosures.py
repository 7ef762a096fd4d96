"""A published disclosure: one version of one requirement for one period (DisclosurePage),
kept on the site for 5 years. Re-exported by publicity/models.py."""

import contextlib
import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.log_actions import get_active_log_context
from wagtail.models import Page, PagePermissionTester

from home.base import SchoolSitePage
from home.blocks import RICH_TEXT_FEATURES, DocumentBlock
from sites.models import School
from sites.text import html_text, stream_text

from .forms import DisclosurePageForm
from .periods import period_label, school_year_of_period, validate_period
from .requirements import DisclosureRequirement

RETENTION_YEARS = 5


def retention_until(published):
    """First day a disclosure published on `published` may go offline (5 years on)."""
    try:
        return published.replace(year=published.year + RETENTION_YEARS)
    except ValueError:  # 29/2
        return published.replace(year=published.year + RETENTION_YEARS, day=28)


def acting_user():
    """The user behind the current admin action (Wagtail's log context), or None on the
    command line and in timers."""
    return get_active_log_context().user


def acting_user_is_superuser():
    user = acting_user()
    return bool(user is not None and getattr(user, "is_superuser", False))


class DisclosurePermissionTester(PagePermissionTester):
    """Published disclosures stay online for 5 years (TT 09/2024): only a superuser may
    delete or unpublish one sooner."""

    def _within_retention(self):
        return self.page.specific_deferred.is_within_retention()

    def can_delete(self, ignore_bulk=False):
        allowed = super().can_delete(ignore_bulk)
        return allowed and (self.user.is_superuser or not self._within_retention())

    def can_unpublish(self):
        allowed = super().can_unpublish()
        return allowed and (self.user.is_superuser or not self._within_retention())

    def can_move(self):
        allowed = super().can_move()
        return allowed and (self.user.is_superuser or not self._within_retention())

    def can_set_view_restrictions(self):
        allowed = super().can_set_view_restrictions()
        return allowed and (self.user.is_superuser or not self._within_retention())


def retained_disclosures_under(page, today=None):
    """Live disclosures at or under `page` still inside their 5 years."""
    today = today or timezone.localdate()
    earliest = today.replace(year=today.year - RETENTION_YEARS) - datetime.timedelta(days=1)
    return DisclosurePage.objects.filter(
        path__startswith=page.path, live=True, first_published_at__date__gt=earliest
    )


class DisclosurePage(SchoolSitePage):
    """One published version of one requirement for one period. A correction or update
    is a new page; the old one stays public in the archive."""

    requirement = models.ForeignKey(
        DisclosureRequirement,
        verbose_name=_("mục công khai"),
        on_delete=models.PROTECT,
        related_name="disclosures",
    )
    period = models.CharField(
        _("kỳ công khai"),
        max_length=9,
        db_index=True,
        help_text=_(
            "Năm học (2025-2026); tháng (2025-09) cho kế hoạch tháng; tuần (2025-W36) "
            "cho kế hoạch tuần và thực đơn."
        ),
    )
    school_year = models.CharField(_("năm học"), max_length=9, editable=False, db_index=True)
    disclosing_school = models.ForeignKey(
        "sites.School",
        verbose_name=_("trường"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="disclosures",
    )
    changed_on = models.DateField(
        _("ngày thông tin thay đổi"),
        null=True,
        blank=True,
        help_text=_(
            "Khi thông tin thay đổi hoặc chưa có trước hạn: ngày thay đổi hoặc ngày có "
            "thông tin chính thức. Hạn cập nhật tính từ ngày này."
        ),
    )
    change = models.ForeignKey(
        "publicity.DisclosureChange",
        verbose_name=_("thay đổi được cập nhật"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="versions",
        help_text=_(
            "Phiên bản này cập nhật cho thay đổi nào (nếu có). Phiên bản không gắn với thay "
            "đổi nào là bản đính chính, không làm đổi kết quả đánh giá."
        ),
    )
    not_applicable = models.BooleanField(
        _("không áp dụng"),
        default=False,
        help_text=_("Chỉ với mục có điều kiện (nếu có); phải ghi lý do."),
    )
    not_applicable_reason = models.TextField(_("lý do không áp dụng"), blank=True)
    content = RichTextField(_("nội dung"), features=RICH_TEXT_FEATURES, blank=True)
    # Fee, staff and room tables are the usual content of a disclosure.
    tables = StreamField(
        [("table", TableBlock(label=_("Bảng")))],
        verbose_name=_("bảng số liệu"),
        blank=True,
    )
    attachments = StreamField(
        [("document", DocumentBlock())], verbose_name=_("tệp đính kèm"), blank=True
    )

    content_panels = Page.content_panels + [
        FieldPanel("requirement"),
        FieldPanel("period"),
        FieldPanel("changed_on"),
        FieldPanel("change"),
        FieldPanel("content"),
        FieldPanel("tables"),
        FieldPanel("attachments"),
        MultiFieldPanel(
            [FieldPanel("not_applicable"), FieldPanel("not_applicable_reason")],
            heading=_("Không áp dụng"),
        ),
    ]
    base_form_class = DisclosurePageForm
    parent_page_types = ["publicity.DisclosureIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("nội dung công khai")
        verbose_name_plural = _("nội dung công khai")
        indexes = [models.Index(fields=["school_year", "requirement"])]

    def permissions_for_user(self, user):
        return DisclosurePermissionTester(user, self)

    def folded_search_source(self):
        requirement = self.requirement.title if self.requirement_id else ""
        return " ".join(
            filter(
                None,
                [
                    self.title,
                    requirement,
                    self.period,
                    self.search_description,
                    html_text(self.content),
                    stream_text(self.tables),
                    self.period_label,
                ],
            )
        )

    @property
    def period_label(self):
        """The period as people say it: "Tuần 50 (07/12–13/12/2026)"."""
        return period_label(self.period)

    @property
    def school_year_label(self):
        return period_label(self.school_year)

    @property
    def published_on(self):
        """Publication date as the regulation counts it: the first time it went live."""
        if not self.first_published_at:
            return None
        return timezone.localdate(self.first_published_at)

    def is_within_retention(self, today=None):
        published = self.published_on
        if published is None:
            return False
        return (today or timezone.localdate()) < retention_until(published)

    def school_for_tree(self, parent=None):
        return School.objects.owning(self.path or (parent.path if parent else ""))

    def clean(self):
        super().clean()
        errors = {}
        requirement = self.requirement if self.requirement_id else None
        if requirement is not None:
            try:
                validate_period(requirement, self.period, self.not_applicable)
            except ValueError as error:
                errors["period"] = str(error)
            if self.not_applicable and not requirement.is_conditional:
                errors["not_applicable"] = _(
                    "Chỉ mục có điều kiện (nếu có) mới được đánh dấu không áp dụng."
                )
        if self.not_applicable and not self.not_applicable_reason.strip():
            errors["not_applicable_reason"] = _("Hãy ghi lý do không áp dụng.")
        if not self.not_applicable and not (self.content or self.tables or self.attachments):
            errors["content"] = _("Hãy viết nội dung, thêm bảng hoặc đính kèm ít nhất một tệp.")
        if self.expire_at and not acting_user_is_superuser():
            until = retention_until(self.published_on or timezone.localdate())
            if timezone.localdate(self.expire_at) < until:
                errors["expire_at"] = _(
                    "Nội dung công khai phải ở trên trang ít nhất 5 năm kể từ ngày công khai "
                    "(đến %(day)s); không được đặt ngày hết hạn sớm hơn."
                ) % {"day": until.strftime("%d/%m/%Y")}
        if self.change_id and requirement is not None:
            change = self.change
            if change.requirement_id != requirement.pk or (
                self.disclosing_school_id and change.school_id != self.disclosing_school_id
            ):
                errors["change"] = _("Thay đổi này thuộc mục hoặc trường khác.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        # Model-level guard (every path, not only the editor's form): an expiry inside
        # the 5 years is dropped, so publish_scheduled can never take it offline.
        if self.expire_at and not acting_user_is_superuser():
            until = retention_until(self.published_on or timezone.localdate())
            if timezone.localdate(self.expire_at) < until:
                self.expire_at = None
        if self.period:
            with contextlib.suppress(ValueError):  # clean() reports a bad period
                self.school_year = school_year_of_period(self.period)
        if not self.disclosing_school_id:
            school = self.school_for_tree()
            if school is not None:
                self.disclosing_school = school
        return super().save(*args, **kwargs)
