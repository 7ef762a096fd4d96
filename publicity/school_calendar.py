"""The school-year calendar (kế hoạch thời gian năm học) the engine and the reports use.

An office sets its own (SchoolYearCalendar with its breaks); until then the national
default below applies (one place to change it): the school year opens on 5/9 (khai
giảng), học kỳ I ends on 17/1 and the year ends on 31/5 — the Ministry's yearly frame
("kết thúc học kỳ I trước 18/1, kết thúc năm học trước 31/5").

Weekly items are owed for teaching weeks (a week with at least one school day), monthly
items for teaching months; a school day is a working day Monday–Friday inside the year
and outside its breaks. A week whose every school day is a public holiday (the Tết
week) is therefore never owed, under any calendar.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from sites.models import ancestor_chain, office_tree
from sites.school_year import parse_school_year

from .periods import month_label, week_label
from .working_days import is_working_day

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


# (month, day) of the national default; the start year's for the first, the end year's
# for the other two.
DEFAULT_FIRST_DAY = (9, 5)
DEFAULT_SEMESTER_ONE_END = (1, 17)
DEFAULT_LAST_DAY = (5, 31)

SEMESTERS = {
    "hk1": _("Học kỳ I"),
    "hk2": _("Học kỳ II"),
    "ca_nam": _("Cả năm"),
}


@dataclass(frozen=True)
class YearCalendar:
    school_year: str
    first_day: datetime.date
    semester_one_end: datetime.date
    last_day: datetime.date
    breaks: tuple = field(default=())  # ((start, end, name), ...)
    is_default: bool = True

    def in_break(self, day):
        return any(start <= day <= end for start, end, _name in self.breaks)

    def is_school_day(self, day):
        return (
            self.first_day <= day <= self.last_day
            and day.weekday() < 5
            and not self.in_break(day)
            and is_working_day(day)
        )

    def teaching_mondays(self):
        monday = self.first_day - datetime.timedelta(days=self.first_day.weekday())
        found = []
        while monday <= self.last_day:
            if any(self.is_school_day(monday + datetime.timedelta(days=i)) for i in range(5)):
                found.append(monday)
            monday += datetime.timedelta(days=7)
        return found

    def teaching_months(self):
        found = []
        month = self.first_day.replace(day=1)
        while month <= self.last_day:
            following = (month + datetime.timedelta(days=32)).replace(day=1)
            day = month
            while day < following:
                if self.is_school_day(day):
                    found.append(month)
                    break
                day += datetime.timedelta(days=1)
            month = following
        return found

    def semester_range(self, semester):
        """(first, last) of the periods a semester report covers and its as-of day."""
        if semester == "hk1":
            return self.first_day, self.semester_one_end
        if semester == "hk2":
            return self.semester_one_end + datetime.timedelta(days=1), self.last_day
        return self.first_day, self.last_day

    def period_in_semester(self, period_start, semester):
        first, last = self.semester_range(semester)
        if semester == "hk1":
            return period_start <= last
        if semester == "hk2":
            return period_start >= first
        return True

    def describe(self):
        source = _("mặc định toàn quốc") if self.is_default else _("do đơn vị quản lý ban hành")
        return _(
            "Kế hoạch thời gian năm học %(year)s (%(source)s): từ %(first)s, kết thúc học kỳ I "
            "%(sem)s, kết thúc năm học %(last)s"
        ) % {
            "year": self.school_year,
            "source": source,
            "first": self.first_day.strftime("%d/%m/%Y"),
            "sem": self.semester_one_end.strftime("%d/%m/%Y"),
            "last": self.last_day.strftime("%d/%m/%Y"),
        }


def national_default(school_year):
    start, end = parse_school_year(school_year)
    return YearCalendar(
        school_year,
        datetime.date(start, *DEFAULT_FIRST_DAY),
        datetime.date(end, *DEFAULT_SEMESTER_ONE_END),
        datetime.date(end, *DEFAULT_LAST_DAY),
    )


def from_model(calendar):
    return YearCalendar(
        calendar.school_year,
        calendar.first_day,
        calendar.semester_one_end,
        calendar.last_day,
        tuple((b.start, b.end, b.name) for b in calendar.breaks.all()),
        is_default=False,
    )


def calendars_for(office_ids, school_year):
    """{office_id: YearCalendar} for the offices that set one or sit below an office that
    did (the nearest wins: a ward's own calendar over the province's). The year's
    calendars are few (one per office at most): two queries, a third for the office tree
    only when an office up the tree set one."""
    rows = SchoolYearCalendar.objects.filter(school_year=school_year).prefetch_related("breaks")
    own = {row.office_id: from_model(row) for row in rows}
    office_ids = list(office_ids)
    if not own or set(own) >= set(office_ids):
        return {i: own[i] for i in office_ids if i in own}
    tree = office_tree()
    found = {}
    for office_id in office_ids:
        nearest = next((own[i] for i in ancestor_chain(office_id, tree) if i in own), None)
        if nearest is not None:
            found[office_id] = nearest
    return found


def calendar_for(office_id, school_year):
    return calendars_for([office_id], school_year).get(office_id) or national_default(school_year)


def weekly_periods(calendar):
    return [(week_label(m), m) for m in calendar.teaching_mondays()]


def monthly_periods(calendar):
    return [(month_label(m), m) for m in calendar.teaching_months()]
