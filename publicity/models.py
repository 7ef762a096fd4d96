"""Công khai: the disclosure section of every school site (Thông tư 09/2024/TT-BGDĐT).

The checklist is data (DisclosureCatalogue + DisclosureRequirement, loaded from
fixtures/ and editable by office administrators); each published item is a
DisclosurePage under the school's DisclosureIndexPage.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from sites.school_year import parse_school_year

# The checklist, the published disclosures and the public page live in their own modules
# (requirements, disclosures, public); their names are re-exported here, where Django and
# the rest of the code look for the app's models.
from .disclosures import (  # noqa: F401
    RETENTION_YEARS,
    DisclosurePage,
    DisclosurePermissionTester,
    acting_user,
    acting_user_is_superuser,
    retained_disclosures_under,
    retention_until,
)
from .public import DisclosureIndexPage, DisclosureIndexPermissionTester  # noqa: F401
from .requirements import (  # noqa: F401
    DISCLOSURE_YEAR_START_MONTH,
    GROUP_ORDER,
    DisclosureCatalogue,
    DisclosureCatalogueQuerySet,
    DisclosureChange,
    DisclosureDeferral,
    DisclosureRequirement,
    DisclosureRequirementQuerySet,
    RequirementGroup,
    StagesField,
    TimingRule,
    default_period,
    disclosure_year_of,
    month_label,
    parse_month,
    parse_week,
    school_year_of_period,
    validate_period,
    week_label,
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
