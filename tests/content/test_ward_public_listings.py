"""Issue 21 (Low): what public listings show across walls. A login-restricted event is
out of the events list, the month view, the iCal feed and the school home; a ward
portal's enrolment overview lists its own schools only."""

import datetime

from django.utils import timezone

from wagtail.models import PageViewRestriction

import icalendar
import pytest

from home.events import EventPage
from home.models import current_school_year

pytestmark = pytest.mark.django_db


def section(page_or_school, slug):
    root = getattr(page_or_school, "home_page", page_or_school)
    return root.get_children().get(slug=slug).specific


def test_a_login_restricted_event_is_in_no_public_listing(client, school):
    soon = timezone.localdate() + datetime.timedelta(days=3)
    events = section(school, "su-kien")
    for title in ("Họp phụ huynh công khai", "Họp kín zqxrieng"):
        events.add_child(instance=EventPage(title=title, starts_on=soon, kind="hop-phu-huynh"))
    private = EventPage.objects.get(title="Họp kín zqxrieng")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    host = school.site.hostname

    for path in ("/su-kien/", f"/su-kien/thang/{soon.year}/{soon.month}/", "/"):
        html = client.get(path, HTTP_HOST=host).content.decode()
        assert "Họp phụ huynh công khai" in html, path
        assert "zqxrieng" not in html, path
    feed = icalendar.Calendar.from_ical(client.get("/su-kien/lich.ics", HTTP_HOST=host).content)
    assert {str(e["summary"]) for e in feed.walk("VEVENT")} == {"Họp phụ huynh công khai"}
    # The event's own page still asks for the login.
    assert client.get(private.url, HTTP_HOST=host).status_code == 302


def test_a_restricted_events_section_has_no_public_feed(client, school):
    events = section(school, "su-kien")
    events.add_child(
        instance=EventPage(title="Họp zqxrieng", starts_on=timezone.localdate(), kind="khac")
    )
    PageViewRestriction.objects.create(page=events, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/su-kien/lich.ics", HTTP_HOST=school.site.hostname)
    assert response.status_code == 404 and b"zqxrieng" not in response.content


def _publish_enrolment(school):
    page = section(school, "tuyen-sinh")
    page.school_year = current_school_year()
    page.timeline = [
        ("step", {"title": f"Nhận hồ sơ {school.slug}", "starts_on": datetime.date(2026, 7, 1)})
    ]
    page.save_revision().publish()


def test_a_ward_portal_lists_only_its_own_schools_enrolment(client, province):
    so, ward_a, _ward_b, schools = province
    for school in schools.values():
        _publish_enrolment(school)

    def listed(office):
        html = client.get(
            "/tuyen-sinh/", {"nam-hoc": current_school_year()}, HTTP_HOST=office.site.hostname
        ).content.decode()
        return {key for key, school in schools.items() if f"Nhận hồ sơ {school.slug}" in html}

    assert listed(ward_a) == {"a1", "a2"}
    assert listed(so) == {"a1", "a2", "b1", "so"}  # the Sở's portal: everything below it
