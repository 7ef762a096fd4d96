"""Công khai: the disclosure section of every school site (Thông tư 09/2024/TT-BGDĐT).

The checklist is data (DisclosureCatalogue + DisclosureRequirement, loaded from
fixtures/ and editable by office administrators); each published item is a
DisclosurePage under the school's DisclosureIndexPage.
"""

import contextlib
import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.log_actions import get_active_log_context
from wagtail.models import Page, PagePermissionTester

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from home.blocks import RICH_TEXT_FEATURES, DocumentBlock
from home.models import FixedSectionPage, SchoolSitePage
from home.permissions import FixedPagePermissionTester
from home.search import html_text
from sites.levels import Stage
from sites.models import School
from sites.school_year import parse_school_year, school_year_of

from .forms import DisclosurePageForm

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


class RequirementGroup(models.TextChoices):
    """The five parts of the regulation, in the order the public page shows them."""

    GENERAL = "thong_tin_chung", _("Thông tin chung về cơ sở giáo dục")
    FINANCE = "tai_chinh", _("Công khai thu chi tài chính")
    QUALITY = "dieu_kien", _("Điều kiện bảo đảm chất lượng hoạt động giáo dục")
    PLANS = "ke_hoach", _("Kế hoạch và kết quả hoạt động giáo dục")
    ANNUAL_REPORT = "bao_cao", _("Báo cáo thường niên")


GROUP_ORDER = {value: index for index, value in enumerate(RequirementGroup.values)}


class TimingRule(models.TextChoices):
    YEARLY = "yearly", _("Hằng năm, trước một ngày cố định")
    BEFORE_ENROLMENT = "before_enrolment", _("Trước khi tuyển sinh")
    ON_CHANGE = "on_change", _("Trong N ngày làm việc kể từ khi thay đổi")
    MONTHLY = "monthly", _("Hằng tháng, trước ngày N của tháng trước")
    WEEKLY = "weekly", _("Hằng tuần, trước thứ Bảy của tuần trước")


class StagesField(models.JSONField):
    """A list of sites.levels.Stage values, edited as checkboxes."""

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=Stage.choices,
            widget=forms.CheckboxSelectMultiple,
            required=not self.blank,
            label=kwargs.get("label", self.verbose_name),
            help_text=self.help_text,
        )


class DisclosureCatalogueQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True).order_by("-effective_from", "-pk").first()


class DisclosureCatalogue(models.Model):
    """One version of the checklist, e.g. "TT09/2024"."""

    version = models.CharField(_("phiên bản"), max_length=40, unique=True)
    title = models.CharField(_("văn bản quy định"), max_length=255)
    effective_from = models.DateField(_("có hiệu lực từ"))
    is_current = models.BooleanField(_("đang áp dụng"), default=True)

    objects = DisclosureCatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("danh mục công khai")
        verbose_name_plural = _("danh mục công khai")
        ordering = ["-effective_from"]

    def __str__(self):
        return self.version


class DisclosureRequirementQuerySet(models.QuerySet):
    def in_force(self):
        """Requirements of the current catalogue that are not retired, in regulation order."""
        return (
            self.filter(catalogue__is_current=True, is_retired=False)
            .select_related("catalogue")
            .order_by("order", "code")
        )


class DisclosureRequirement(models.Model):
    catalogue = models.ForeignKey(
        DisclosureCatalogue,
        verbose_name=_("danh mục"),
        on_delete=models.CASCADE,
        related_name="requirements",
    )
    code = models.SlugField(
        _("mã mục"),
        max_length=60,
        help_text=_("Mã ổn định, dùng trong đường dẫn: gen_name."),
    )
    title = models.CharField(_("tên mục"), max_length=255)
    description = models.TextField(_("nội dung cần công khai"), blank=True)
    group = models.CharField(_("nhóm"), max_length=20, choices=RequirementGroup.choices)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    legal_basis = models.CharField(_("căn cứ"), max_length=120, blank=True)
    stages = StagesField(
        _("áp dụng cho"),
        default=list,
        help_text=_("Trường nhiều cấp học áp dụng các mục của mọi cấp học của trường."),
    )
    is_conditional = models.BooleanField(
        _("mục có điều kiện (nếu có)"),
        default=False,
        help_text=_("Trường có thể đánh dấu “không áp dụng” kèm lý do."),
    )
    is_optional = models.BooleanField(
        _("mục tuỳ chọn"),
        default=False,
        help_text=_("Mục “khác (nếu có)”: không bao giờ bị tính quá hạn khi trường không đăng."),
    )
    timing = models.CharField(
        _("thời hạn"), max_length=20, choices=TimingRule.choices, default=TimingRule.YEARLY
    )
    deadline_day = models.PositiveSmallIntegerField(
        _("ngày hạn"),
        default=30,
        help_text=_(
            "Hằng năm / trước tuyển sinh: ngày trong tháng hạn. Hằng tháng: ngày N của "
            "tháng trước (ví dụ 25)."
        ),
    )
    deadline_month = models.PositiveSmallIntegerField(
        _("tháng hạn"),
        default=6,
        help_text=_("Hằng năm / trước tuyển sinh: tháng hạn (ví dụ 6)."),
    )
    working_days = models.PositiveSmallIntegerField(
        _("số ngày làm việc cập nhật"),
        default=10,
        help_text=_(
            "Khi thông tin thay đổi hoặc chưa có trước hạn: cập nhật trong số ngày làm việc này."
        ),
    )
    is_retired = models.BooleanField(_("ngừng áp dụng"), default=False)

    objects = DisclosureRequirementQuerySet.as_manager()

    class Meta:
        verbose_name = _("mục công khai")
        verbose_name_plural = _("mục công khai")
        ordering = ["catalogue", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "code"], name="one_code_per_catalogue")
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if not 1 <= (self.deadline_month or 0) <= 12:
            raise ValidationError({"deadline_month": _("Tháng hạn phải từ 1 đến 12.")})
        if not 1 <= (self.deadline_day or 0) <= 31:
            raise ValidationError({"deadline_day": _("Ngày hạn phải từ 1 đến 31.")})
        if self.timing in (TimingRule.YEARLY, TimingRule.BEFORE_ENROLMENT):
            try:
                datetime.date(2024, self.deadline_month, self.deadline_day)
            except ValueError:
                raise ValidationError({"deadline_day": _("Ngày hạn không có thật.")}) from None
        if self.timing == TimingRule.MONTHLY and self.deadline_day > 28:
            raise ValidationError(
                {
                    "deadline_day": _(
                        "Hạn hằng tháng phải từ ngày 1 đến ngày 28 để tháng nào cũng có."
                    )
                }
            )
        unknown = set(self.stages or ()) - set(Stage.values)
        if unknown or not self.stages:
            raise ValidationError({"stages": _("Chọn ít nhất một cấp học hợp lệ.")})

    def applies_to(self, stages):
        return bool(set(self.stages) & {str(stage) for stage in stages})

    @property
    def is_periodic(self):
        return self.timing in (TimingRule.MONTHLY, TimingRule.WEEKLY)

    def timing_description(self):
        if self.timing in (TimingRule.YEARLY, TimingRule.BEFORE_ENROLMENT):
            return _(
                "Trước ngày %(day)02d/%(month)02d; cập nhật trong %(n)d ngày làm việc khi thay đổi"
            ) % {"day": self.deadline_day, "month": self.deadline_month, "n": self.working_days}
        if self.timing == TimingRule.MONTHLY:
            return _("Trước ngày %(day)d của tháng trước") % {"day": self.deadline_day}
        if self.timing == TimingRule.WEEKLY:
            return _("Trước thứ Bảy của tuần trước")
        return _("Trong %(n)d ngày làm việc kể từ khi thay đổi") % {"n": self.working_days}


# --- Periods -------------------------------------------------------------------------

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def parse_month(text):
    match = _MONTH.match(text or "")
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(_("Tháng không hợp lệ: %(v)s (ví dụ đúng: 2025-09).") % {"v": text})
    return datetime.date(int(match.group(1)), int(match.group(2)), 1)


def parse_week(text):
    """Monday of an ISO week "2025-W36"."""
    match = _WEEK.match(text or "")
    try:
        if not match:
            raise ValueError
        return datetime.date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
    except ValueError:
        raise ValueError(
            _("Tuần không hợp lệ: %(v)s (ví dụ đúng: 2025-W36).") % {"v": text}
        ) from None


def month_label(day):
    return f"{day.year}-{day.month:02d}"


def week_label(day):
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


DISCLOSURE_YEAR_START_MONTH = 6


def disclosure_year_of(day):
    """The school year whose disclosures are in play on `day`. From June on, the coming
    school year: its yearly items fall due on 30/6 and its monthly and weekly items
    start in August/September (the previous year's periodic items ended in May)."""
    start = day.year if day.month >= DISCLOSURE_YEAR_START_MONTH else day.year - 1
    return f"{start}-{start + 1}"


def school_year_of_period(period):
    """The school year a period belongs to: itself, or the year of the month/week."""
    if _MONTH.match(period or ""):
        return school_year_of(parse_month(period))
    if _WEEK.match(period or ""):
        return school_year_of(parse_week(period))
    parse_school_year(period)
    return period


def validate_period(requirement, period, not_applicable=False):
    """Raise ValueError with a Vietnamese message when `period` does not fit the rule.
    A "không áp dụng" mark always covers a whole school year."""
    if requirement.timing == TimingRule.MONTHLY and not not_applicable:
        parse_month(period)
    elif requirement.timing == TimingRule.WEEKLY and not not_applicable:
        parse_week(period)
    else:
        parse_school_year(period)


def default_period(requirement, today=None):
    """What an editor most likely publishes next for this requirement."""
    today = today or timezone.localdate()
    if requirement.timing == TimingRule.MONTHLY:
        first_next = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
        return month_label(first_next)
    if requirement.timing == TimingRule.WEEKLY:
        return week_label(today + datetime.timedelta(days=7))
    return disclosure_year_of(today)


# --- Pages ---------------------------------------------------------------------------


class DisclosureIndexPage(RoutablePageMixin, FixedSectionPage):
    """Công khai: the school's checklist in the regulation's order, with archives."""

    subpage_types = ["publicity.DisclosurePage"]

    class Meta:
        verbose_name = _("công khai")

    @classmethod
    def of_school(cls, school):
        """The school's Công khai section (provisioning gives every school one)."""
        return cls.objects.descendant_of(school.home_page).first()

    def permissions_for_user(self, user):
        return DisclosureIndexPermissionTester(user, self)

    def checklist(self):
        """Applicable requirements with their published versions, grouped; 3 queries."""
        from .public import build_checklist  # public.py builds on these models

        return build_checklist(self)

    @path("")
    def index(self, request):
        if request.GET.get("format") == "json":
            return self.data_json(request)
        return self.render(request, context_overrides={"checklist": self.checklist()})

    @path("muc/<slug:code>/")
    def item(self, request, code):
        checklist = self.checklist()
        for group in checklist["groups"]:
            for entry in group["items"]:
                if entry["requirement"].code == code:
                    return self.render(
                        request,
                        template="publicity/disclosure_item.html",
                        context_overrides={"checklist": checklist, "entry": entry},
                    )
        raise Http404

    @path("du-lieu/")  # Wagtail page URLs end in "/"; also ?format=json
    def data_json(self, request):
        from .public import checklist_as_json  # public.py builds on these models

        return JsonResponse(
            checklist_as_json(self.checklist(), request),
            json_dumps_params={"ensure_ascii": False},
        )


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


class DisclosureIndexPermissionTester(FixedPagePermissionTester):
    """A restriction on the Công khai section would hide every disclosure under it."""

    def can_set_view_restrictions(self):
        allowed = super().can_set_view_restrictions()
        if not allowed or self.user.is_superuser:
            return allowed
        return not retained_disclosures_under(self.page).exists()


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
    attachments = StreamField(
        [("document", DocumentBlock())], verbose_name=_("tệp đính kèm"), blank=True
    )

    content_panels = Page.content_panels + [
        FieldPanel("requirement"),
        FieldPanel("period"),
        FieldPanel("changed_on"),
        FieldPanel("change"),
        FieldPanel("content"),
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
                ],
            )
        )

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
        if not self.not_applicable and not (self.content or self.attachments):
            errors["content"] = _("Hãy viết nội dung hoặc đính kèm ít nhất một tệp.")
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


# --- Events recorded by the school ---------------------------------------------------


class DisclosureChange(models.Model):
    """A recorded change of information that must be updated "khi có thay đổi" (a fee
    decided during the year, a new principal, a changed plan). Each change opens its own
    window of `requirement.working_days` working days; the version published for it
    (DisclosurePage.change) is judged against that window."""

    school = models.ForeignKey(
        "sites.School",
        verbose_name=_("trường"),
        on_delete=models.CASCADE,
        related_name="disclosure_changes",
    )
    requirement = models.ForeignKey(
        DisclosureRequirement,
        verbose_name=_("mục công khai"),
        on_delete=models.PROTECT,
        related_name="changes",
    )
    changed_on = models.DateField(_("ngày thay đổi"))
    description = models.CharField(_("nội dung thay đổi"), max_length=255)
    school_year = models.CharField(_("năm học"), max_length=9, editable=False, db_index=True)
    recorded_at = models.DateTimeField(_("ngày ghi nhận"), auto_now_add=True)

    class Meta:
        verbose_name = _("thay đổi thông tin")
        verbose_name_plural = _("thay đổi thông tin")
        ordering = ["school", "requirement", "changed_on", "pk"]

    def __str__(self):
        return f"{self.changed_on:%d/%m/%Y}: {self.description}"

    def save(self, *args, **kwargs):
        self.school_year = disclosure_year_of(self.changed_on)
        return super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.requirement_id and self.requirement.is_periodic:
            raise ValidationError(
                {"requirement": _("Mục hằng tuần, hằng tháng không ghi nhận thay đổi.")}
            )


class DisclosureDeferral(models.Model):
    """ "Chưa ban hành": information that did not exist by the deadline (a plan adopted
    in August, enrolment results known in July), with the date it is expected. Until
    then the item is not yet due; it is then due 10 working days after it came into
    being (the date recorded on the published version, or the expected date)."""

    school = models.ForeignKey(
        "sites.School",
        verbose_name=_("trường"),
        on_delete=models.CASCADE,
        related_name="disclosure_deferrals",
    )
    requirement = models.ForeignKey(
        DisclosureRequirement,
        verbose_name=_("mục công khai"),
        on_delete=models.PROTECT,
        related_name="deferrals",
    )
    school_year = models.CharField(_("năm học"), max_length=9, db_index=True)
    expected_on = models.DateField(_("ngày dự kiến ban hành"))
    reason = models.CharField(_("lý do chưa ban hành"), max_length=255)
    declared_on = models.DateField(_("ngày khai báo"), default=timezone.localdate)

    class Meta:
        verbose_name = _("thông tin chưa ban hành")
        verbose_name_plural = _("thông tin chưa ban hành")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "requirement", "school_year"], name="one_deferral_per_year"
            )
        ]

    def __str__(self):
        return f"{self.requirement} ({self.school_year}): {self.expected_on:%d/%m/%Y}"

    def clean(self):
        super().clean()
        try:
            parse_school_year(self.school_year)
        except ValueError as error:
            raise ValidationError({"school_year": str(error)}) from None
        if self.requirement_id and self.requirement.is_periodic:
            raise ValidationError(
                {"requirement": _("Chỉ mục hằng năm mới khai báo “chưa ban hành”.")}
            )


# --- The school-year calendar (kế hoạch thời gian năm học) -----------------------------


class SchoolYearCalendar(ClusterableModel):
    """The province's/office's school-year calendar. Weekly and monthly items are owed
    for its teaching weeks and months only; it also defines the report semesters. Until
    an office sets one, publicity.school_calendar.national_default applies."""

    office = models.ForeignKey(
        "sites.Office",
        verbose_name=_("đơn vị"),
        on_delete=models.CASCADE,
        related_name="school_year_calendars",
    )
    school_year = models.CharField(_("năm học"), max_length=9)
    first_day = models.DateField(_("ngày bắt đầu học kỳ I"))
    semester_one_end = models.DateField(_("ngày kết thúc học kỳ I"))
    last_day = models.DateField(_("ngày kết thúc năm học"))

    class Meta:
        verbose_name = _("kế hoạch thời gian năm học")
        verbose_name_plural = _("kế hoạch thời gian năm học")
        constraints = [
            models.UniqueConstraint(fields=["office", "school_year"], name="one_calendar_per_year")
        ]

    def __str__(self):
        return f"{self.office} – {self.school_year}"

    def clean(self):
        super().clean()
        try:
            start, end = parse_school_year(self.school_year)
        except ValueError as error:
            raise ValidationError({"school_year": str(error)}) from None
        if self.first_day and self.semester_one_end and self.last_day:
            if not self.first_day < self.semester_one_end < self.last_day:
                raise ValidationError(
                    _(
                        "Ngày bắt đầu, ngày kết thúc học kỳ I và ngày kết thúc năm học phải "
                        "theo đúng thứ tự."
                    )
                )
            if self.first_day.year != start or self.last_day.year != end:
                raise ValidationError(
                    _("Các ngày phải nằm trong năm học %(year)s.") % {"year": self.school_year}
                )


class SchoolBreak(models.Model):
    """A break in the calendar (a longer Tết break). Not a public holiday: it never
    stretches a working-day window; it only removes teaching weeks and months."""

    # A parental key, so the calendar screen edits its breaks inline (InlinePanel).
    calendar = ParentalKey(SchoolYearCalendar, on_delete=models.CASCADE, related_name="breaks")
    name = models.CharField(_("tên kỳ nghỉ"), max_length=120)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))

    class Meta:
        verbose_name = _("kỳ nghỉ")
        verbose_name_plural = _("kỳ nghỉ")
        ordering = ["start"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("Ngày kết thúc phải sau ngày bắt đầu.")})


# --- Precomputed figures ------------------------------------------------------------


class ComplianceCounts(models.Model):
    """The five counts a school's or an office's figures share, and the shares from them."""

    on_time = models.PositiveIntegerField(default=0)
    late = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)
    not_due = models.PositiveIntegerField(default=0)
    not_applicable = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    @property
    def due(self):
        return self.on_time + self.late + self.overdue + self.not_applicable

    @property
    def done(self):
        return self.on_time + self.late + self.not_applicable

    @property
    def percent_on_time(self):
        due = self.due
        return round(100 * (self.on_time + self.not_applicable) / due) if due else None

    @property
    def percent(self):
        due = self.due
        return round(100 * self.done / due) if due else None


class SchoolComplianceSummary(ComplianceCounts):
    """One school's figures for one school year as of one day: the precomputation the
    dashboard, the open data and the office snapshots read, and that a province roll-up
    aggregates by office. Invalidated (deleted) by publish/unpublish/move/privacy
    changes of the school's disclosures, by its recorded changes and deferrals, and for
    every school when the catalogue or a calendar changes (publicity.signals); a row
    for another day is simply not read."""

    school = models.ForeignKey(
        "sites.School", on_delete=models.CASCADE, related_name="compliance_summaries"
    )
    school_year = models.CharField(max_length=9)
    as_of = models.DateField()
    statuses = models.JSONField(default=dict)  # {requirement code: status}
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year", "as_of"], name="one_summary_per_day"
            )
        ]

    def __str__(self):
        return f"{self.school_id} {self.school_year} {self.as_of}"


class OfficeComplianceSnapshot(ComplianceCounts):
    """An office's figures on one day, recorded daily (manage.py
    record_compliance_snapshot) so the progress chart never recomputes a year."""

    office = models.ForeignKey(
        "sites.Office", on_delete=models.CASCADE, related_name="compliance_snapshots"
    )
    school_year = models.CharField(max_length=9)
    day = models.DateField()
    schools = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "school_year", "day"], name="one_snapshot_per_day"
            )
        ]

    def __str__(self):
        return f"{self.office_id} {self.school_year} {self.day}"
