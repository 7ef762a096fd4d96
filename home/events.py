"""Sự kiện: a school's dated events (khai giảng, hội giảng, họp phụ huynh, thi), with a
list, a month view and an iCalendar feed at /su-kien/lich.ics."""

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

import icalendar

from .base import FixedSectionPage, SchoolSitePage, paginate
from .blocks import RICH_TEXT_FEATURES
from .visibility import without_restricted

EVENTS_PER_PAGE = 20
EVENTS_ON_HOME = 3
FEED_PAST_DAYS = 365  # the feed carries a year of past events and everything ahead


class EventKind(models.TextChoices):
    OPENING = "khai-giang", _("Khai giảng")
    TEACHING_CONTEST = "hoi-giang", _("Hội giảng")
    PARENTS_MEETING = "hop-phu-huynh", _("Họp phụ huynh")
    EXAM = "thi", _("Thi, kiểm tra")
    OTHER = "khac", _("Sự kiện khác")


class EventIndexPage(RoutablePageMixin, FixedSectionPage):
    subpage_types = ["home.EventPage"]
    template = "home/event_index_page.html"

    class Meta:
        verbose_name = _("sự kiện")

    def events(self):
        """Events a visitor may see: a login-restricted event stays on its own page (which
        asks for the login), out of the list, the month view and the feed."""
        return without_restricted(EventPage.objects.child_of(self).live()).order_by(
            "starts_on", "start_time", "pk"
        )

    @path("")
    def upcoming(self, request):
        today = timezone.localdate()
        past = request.GET.get("da-qua") == "1"
        events = self.events()
        if past:
            events = events.filter(starts_on__lt=today).order_by("-starts_on", "-pk")
        else:
            events = events.filter(starts_on__gte=today)
        return self.render(
            request,
            context_overrides={
                "events": paginate(request, events, EVENTS_PER_PAGE),
                "show_past": past,
                "this_month": today.replace(day=1),
            },
        )

    @re_path(r"^thang/(?P<year>\d{4})/(?P<month>\d{1,2})/$")
    def month(self, request, year, month):
        year, month = int(year), int(month)
        if not 1 <= month <= 12 or not 1900 < year < 3000:
            raise Http404
        first = datetime.date(year, month, 1)
        weeks = calendar.Calendar().monthdatescalendar(year, month)
        by_day = {}
        for event in self.events().filter(starts_on__gte=weeks[0][0], starts_on__lte=weeks[-1][-1]):
            by_day.setdefault(event.starts_on, []).append(event)
        previous = (first - datetime.timedelta(days=1)).replace(day=1)
        following = (first + datetime.timedelta(days=32)).replace(day=1)
        return self.render(
            request,
            template="home/event_month.html",
            context_overrides={
                "month": first,
                "weeks": [[(day, by_day.get(day, [])) for day in week] for week in weeks],
                "previous_month": previous,
                "next_month": following,
                "today": timezone.localdate(),
            },
        )

    def ical(self, request):
        """The feed, served at /su-kien/lich.ics by home/views/visitors.py."""
        since = timezone.localdate() - datetime.timedelta(days=FEED_PAST_DAYS)
        events = self.events().filter(starts_on__gte=since)
        response = HttpResponse(
            self.ical_calendar(request, events).to_ical(),
            content_type="text/calendar; charset=utf-8",
        )
        response["Content-Disposition"] = 'inline; filename="lich.ics"'
        return response

    def ical_calendar(self, request, events):
        cal = icalendar.Calendar()
        cal.add("prodid", "-//Truong So//Su kien//VI")
        cal.add("version", "2.0")
        school_name = self.school.name if self.school else self.title
        cal.add("x-wr-calname", f"{self.title} – {school_name}")
        # Timed events carry TZID=Asia/Ho_Chi_Minh; the VTIMEZONE that defines it comes
        # with the feed (RFC 5545 3.6.5), for calendars that do not know the name.
        tzid = timezone.get_current_timezone_name()
        cal.add("x-wr-timezone", tzid)
        cal.add_component(icalendar.Timezone.from_tzid(tzid, first_date=datetime.date(2000, 1, 1)))
        base = request.build_absolute_uri("/")[:-1]
        host = request.get_host().split(":")[0]
        stamp = timezone.now()
        for event in events:
            cal.add_component(event.ical_event(base, host, stamp))
        return cal


class EventPage(SchoolSitePage):
    kind = models.CharField(
        _("loại sự kiện"), max_length=20, choices=EventKind.choices, default=EventKind.OTHER
    )
    starts_on = models.DateField(_("ngày bắt đầu"), db_index=True)
    start_time = models.TimeField(_("giờ bắt đầu"), null=True, blank=True)
    ends_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    end_time = models.TimeField(_("giờ kết thúc"), null=True, blank=True)
    location = models.CharField(_("địa điểm"), max_length=255, blank=True)
    summary = models.TextField(_("tóm tắt"), max_length=500, blank=True)
    body = RichTextField(_("nội dung"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("start_time")]),
        FieldRowPanel([FieldPanel("ends_on"), FieldPanel("end_time")]),
        FieldPanel("location"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = SchoolSitePage.search_fields + [
        index.SearchField("summary"),
        index.FilterField("starts_on"),
    ]
    parent_page_types = ["home.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("sự kiện")
        verbose_name_plural = _("sự kiện")

    def folded_search_source(self):
        return " ".join(filter(None, [self.title, self.summary, self.location]))

    def clean(self):
        super().clean()
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Ngày kết thúc không được trước ngày bắt đầu.")})
        if (
            self.end_time
            and self.start_time
            and (self.ends_on in (None, self.starts_on))
            and self.end_time < self.start_time
        ):
            raise ValidationError({"end_time": _("Giờ kết thúc không được trước giờ bắt đầu.")})

    @classmethod
    def upcoming_in(cls, home, limit=EVENTS_ON_HOME):
        return list(
            without_restricted(cls.objects.live().descendant_of(home))
            .filter(starts_on__gte=timezone.localdate())
            .order_by("starts_on", "start_time", "pk")
            # Every field the event line shows (components/event_item.html): a deferred
            # one is one more query per event.
            .only(
                "title",
                "slug",
                "url_path",
                "path",
                "depth",
                "starts_on",
                "start_time",
                "kind",
                "location",
            )[:limit]
        )

    def ical_event(self, base_url, host, stamp):
        event = icalendar.Event()
        event.add("uid", f"su-kien-{self.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("summary", self.title)
        tz = timezone.get_current_timezone()
        if self.start_time:
            start = datetime.datetime.combine(self.starts_on, self.start_time, tzinfo=tz)
            event.add("dtstart", start)
            end_day = self.ends_on or self.starts_on
            if self.end_time:
                event.add("dtend", datetime.datetime.combine(end_day, self.end_time, tzinfo=tz))
        else:
            event.add("dtstart", self.starts_on)
            # All-day events end the day after their last day (RFC 5545 3.6.1).
            event.add("dtend", (self.ends_on or self.starts_on) + datetime.timedelta(days=1))
        if self.location:
            event.add("location", self.location)
        if self.summary:
            event.add("description", self.summary)
        event.add("categories", [str(self.get_kind_display())])
        event.add("url", base_url + self.site_path())
        return event

    def site_path(self):
        """Path on the school's own host (its home page is the site root)."""
        return "/" + self.url_path.split("/", 2)[2]
