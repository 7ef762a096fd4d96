"""An office's work-week item "for all schools" reaches that office's own schools and
those of the offices below it, and only while the office's week is public."""

import datetime

from django.contrib.auth.models import Group
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from home.schedule import OfficeWorkScheduleIndexPage, OfficeWorkWeekPage, monday_of

pytestmark = pytest.mark.django_db


def add_week(office, content):
    index = OfficeWorkScheduleIndexPage.objects.child_of(office.site.root_page).get()
    today = timezone.localdate()
    entry = {
        "day": today,
        "session": "sang",
        "time": datetime.time(8, 0),
        "content": content,
        "participants": "Hiệu trưởng",
        "place": "Hội trường",
        "chair": "Lãnh đạo",
        "notes": "",
        "emphasised": False,
        "for_all_schools": True,
    }
    return index.add_child(
        instance=OfficeWorkWeekPage(
            title=f"Tuần {content}", week_start=monday_of(today), entries=[("entry", entry)]
        )
    )


def week_html(client, school):
    return client.get("/lich-cong-tac/", HTTP_HOST=school.hostname).content.decode()


def test_items_for_all_schools_reach_the_offices_own_schools_only(client, province):
    so, ward_a, ward_b, schools = province
    add_week(so, "Việc của Sở cho mọi trường")
    add_week(ward_a, "Việc của phường A")
    week_b = add_week(ward_b, "Việc của phường B")

    html = week_html(client, schools["a1"])
    assert "Việc của Sở cho mọi trường" in html and "Việc của phường A" in html
    assert "Việc của phường B" not in html
    html = week_html(client, schools["so"])  # a school right under the Sở
    assert "Việc của Sở cho mọi trường" in html
    assert "Việc của phường A" not in html and "Việc của phường B" not in html
    assert "Việc của phường B" in week_html(client, schools["b1"])

    # Restricted to logged-in users: it leaves the schools' public weeks.
    restriction = PageViewRestriction.objects.create(
        page=week_b, restriction_type=PageViewRestriction.LOGIN
    )
    assert "Việc của phường B" not in week_html(client, schools["b1"])
    restriction.delete()
    group_only = PageViewRestriction.objects.create(
        page=week_b.get_parent(), restriction_type=PageViewRestriction.GROUPS
    )
    group_only.groups.add(Group.objects.create(name="Cán bộ phường B"))
    assert "Việc của phường B" not in week_html(client, schools["b1"])
