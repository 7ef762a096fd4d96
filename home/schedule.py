"""Lịch công tác tuần: one page per week, each with its items (buổi sáng/chiều, day,
time, content, participants, place, chủ trì, notes, emphasised). Schools and the office
each keep their own; an office item marked for all schools shows in the week of every
school of that office and of the offices below it, while the office's week is public."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Substr
from django.db.models.lookups import In
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Page

from sites.models import Office
from sites.office_scope import office_ids_above

from .base import FixedSectionPage, SchoolSitePage, paginate
from .blocks import OfficeScheduleEntryBlock, ScheduleEntryBlock
from .visibility import without_restricted

WEEKS_PER_PAGE = 20
DAYS_IN_WEEK = 7


def monday_of(day):
    return day - datetime.timedelta(days=day.weekday())


class WeekIndexMixin(RoutablePageMixin):
    """The current week at the section's address, any week at tuan/YYYY-MM-DD/, and the
    list of every week (old weeks stay browsable)."""

    template = "home/work_week.html"

    def weeks(self):
        return self.week_model().objects.child_of(self).live().order_by("-week_start")

    @classmethod
    def week_model(cls):
        raise NotImplementedError

    def render_week(self, request, monday):
        weeks = self.weeks()
        week = weeks.filter(week_start=monday).first()
        days = week_days(monday, week, self.shared_entries(monday))
        context = {
            "monday": monday,
            "week": week,
            "days": days,
            "has_entries": any(morning or afternoon for _day, morning, afternoon in days),
            "previous_week": monday - datetime.timedelta(days=DAYS_IN_WEEK),
            "next_week": monday + datetime.timedelta(days=DAYS_IN_WEEK),
            "today": timezone.localdate(),
            "all_weeks": weeks.only("title", "week_start")[:WEEKS_PER_PAGE],
        }
        return self.render(request, context_overrides=context)

    def shared_entries(self, monday):
        return []

    @path("")
    def current_week(self, request):
        return self.render_week(request, monday_of(timezone.localdate()))

    @re_path(r"^tuan/(?P<day>\d{4}-\d{2}-\d{2})/$")
    def any_week(self, request, day):
        try:
            day = datetime.date.fromisoformat(day)
        except ValueError:
            raise Http404 from None
        return self.render_week(request, monday_of(day))

    @path("cac-tuan/")
    def archive(self, request):
        return self.render(
            request,
            template="home/work_week_archive.html",
            context_overrides={"weeks_page": paginate(request, self.weeks(), WEEKS_PER_PAGE)},
        )


def week_days(monday, week, shared):
    """[(date, [entries of the morning], [entries of the afternoon])] for Monday–Sunday;
    entries are dicts of the block's values, office items pushed to schools marked."""
    entries = []
    if week is not None:
        entries += [dict(block.value, from_office=False) for block in week.entries]
    entries += [dict(value, from_office=True) for value in shared]
    days = []
    for offset in range(DAYS_IN_WEEK):
        day = monday + datetime.timedelta(days=offset)
        today = [e for e in entries if e["day"] == day]
        today.sort(key=lambda e: e["time"] or datetime.time.max)
        days.append(
            (
                day,
                [e for e in today if e["session"] == "sang"],
                [e for e in today if e["session"] != "sang"],
            )
        )
    return [d for d in days if d[0].weekday() < 5 or d[1] or d[2]]  # weekends when used


class BaseWeekPage(SchoolSitePage):
    week_start = models.DateField(
        _("tuần bắt đầu từ thứ Hai"), db_index=True, help_text=_("Ngày thứ Hai của tuần.")
    )

    subpage_types = []

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.week_start and self.week_start.weekday() != 0:
            raise ValidationError({"week_start": _("Ngày bắt đầu tuần phải là thứ Hai.")})
        if self.week_start:
            last = self.week_start + datetime.timedelta(days=DAYS_IN_WEEK - 1)
            outside = [
                block.value["day"]
                for block in self.entries
                if not self.week_start <= block.value["day"] <= last
            ]
            if outside:
                raise ValidationError(
                    {
                        "entries": _("Ngày %(day)s không thuộc tuần này.")
                        % {"day": outside[0].strftime("%d/%m/%Y")}
                    }
                )
            # Siblings by tree path: set before the first save, unlike the parent link.
            siblings = type(self).objects.filter(
                week_start=self.week_start,
                depth=self.depth,
                path__startswith=(self.path or "")[: -Page.steplen or None],
            )
            if self.path and siblings.exclude(pk=self.pk).exists():
                raise ValidationError({"week_start": _("Tuần này đã có lịch công tác.")})

    def serve(self, request, *args, **kwargs):
        # A week is shown inside its section's week view (previous/next, today).
        parent = self.get_parent().specific
        return parent.render_week(request, self.week_start)


class WorkScheduleIndexPage(WeekIndexMixin, FixedSectionPage):
    subpage_types = ["home.WorkWeekPage"]
    template = "home/work_week.html"  # Wagtail names a template per class; one for both

    @classmethod
    def week_model(cls):
        return WorkWeekPage

    class Meta:
        verbose_name = _("lịch công tác tuần")

    def shared_entries(self, monday):
        school = self.school
        if school is None:
            return []
        return OfficeWorkWeekPage.shared_entries_for(monday, office_ids_above(school.office_id))


class WorkWeekPage(BaseWeekPage):
    entries = StreamField(
        [("entry", ScheduleEntryBlock())], verbose_name=_("các công việc"), blank=True
    )

    content_panels = Page.content_panels + [FieldPanel("week_start"), FieldPanel("entries")]
    parent_page_types = ["home.WorkScheduleIndexPage"]

    class Meta:
        verbose_name = _("lịch công tác của tuần")
        verbose_name_plural = _("lịch công tác các tuần")


class OfficeWorkScheduleIndexPage(WeekIndexMixin, SchoolSitePage):
    """The office's own weekly schedule, on the portal."""

    parent_page_types = ["home.PortalHomePage"]
    subpage_types = ["home.OfficeWorkWeekPage"]
    template = "home/work_week.html"
    max_count = 1

    @classmethod
    def week_model(cls):
        return OfficeWorkWeekPage

    class Meta:
        verbose_name = _("lịch công tác của phòng")


class OfficeWorkWeekPage(BaseWeekPage):
    entries = StreamField(
        [("entry", OfficeScheduleEntryBlock())], verbose_name=_("các công việc"), blank=True
    )

    content_panels = Page.content_panels + [FieldPanel("week_start"), FieldPanel("entries")]
    parent_page_types = ["home.OfficeWorkScheduleIndexPage"]

    class Meta:
        verbose_name = _("lịch công tác tuần của phòng")
        verbose_name_plural = _("lịch công tác tuần của phòng")

    @classmethod
    def shared_entries_for(cls, monday, office_ids):
        """Items marked for all schools in that week's schedules of these offices (a
        school's office and the offices above it: a ward's items reach the ward's
        schools, the Sở's every school), from live weeks the public may see only."""
        portals = Office.objects.filter(pk__in=office_ids).values("site__root_page__path")
        weeks = (
            without_restricted(cls.objects.live().filter(week_start=monday))
            .filter(In(Substr("path", 1, Page.steplen * 2), portals))
            .order_by("path")
            .only("entries")
        )
        return [
            block.value
            for week in weeks
            for block in week.entries
            if block.value.get("for_all_schools")
        ]

    def shown_on_every_school(self):
        # Any of its items may be in every school's week view (sites/cache.py).
        return True
