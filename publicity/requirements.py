"""The Công khai checklist as data: the catalogue and its requirements (Thông tư
09/2024/TT-BGDĐT, loaded from fixtures/ and editable by office administrators) and
what a school records against them (changes, deferrals).
Models live here and are re-exported by publicity/models.py; the periods are in
publicity/periods.py."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sites.levels import Stage
from sites.school_year import parse_school_year

from .periods import TimingRule, disclosure_year_of


class RequirementGroup(models.TextChoices):
    """The five parts of the regulation, in the order the public page shows them."""

    GENERAL = "thong_tin_chung", _("Thông tin chung về cơ sở giáo dục")
    FINANCE = "tai_chinh", _("Công khai thu chi tài chính")
    QUALITY = "dieu_kien", _("Điều kiện bảo đảm chất lượng hoạt động giáo dục")
    PLANS = "ke_hoach", _("Kế hoạch và kết quả hoạt động giáo dục")
    ANNUAL_REPORT = "bao_cao", _("Báo cáo thường niên")


GROUP_ORDER = {value: index for index, value in enumerate(RequirementGroup.values)}


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
