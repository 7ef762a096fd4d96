"""Install-wide rules in a province: the national catalogue is the Sở's to change, each
office sets (or inherits) its own school-year calendar and never another's."""

import datetime

from django.urls import reverse

import pytest

from publicity.models import DisclosureRequirement, SchoolYearCalendar
from publicity.school_calendar import calendars_for
from sites.roles import OfficeRole
from tests.factories import make_office_user

pytestmark = pytest.mark.django_db

YEAR = "2026-2027"


def calendar(office, first_day):
    return SchoolYearCalendar.objects.create(
        office=office,
        school_year=YEAR,
        first_day=first_day,
        semester_one_end=datetime.date(2027, 1, 16),
        last_day=datetime.date(2027, 5, 31),
    )


def test_only_the_sos_administrators_change_the_national_catalogue(client, province):
    so, ward_a, _ward_b, _schools = province
    requirement = DisclosureRequirement.objects.in_force().first()
    edit_url = reverse("muc-cong-khai:edit", args=[requirement.pk])
    ward_admin = make_office_user(ward_a, OfficeRole.ADMINISTRATOR)
    client.force_login(ward_admin)
    assert client.get(reverse("muc-cong-khai:index")).status_code == 200  # reads it
    assert client.get(edit_url).status_code in (302, 403)
    assert client.post(edit_url, {"title": "Mục đã bị sửa"}).status_code in (302, 403)
    requirement.refresh_from_db()
    assert requirement.title != "Mục đã bị sửa"
    assert client.get(reverse("danh-muc-cong-khai:add")).status_code in (302, 403)

    client.force_login(make_office_user(so, OfficeRole.ADMINISTRATOR))
    assert client.get(edit_url).status_code == 200


def test_a_ward_inherits_the_provinces_calendar_unless_it_sets_its_own(province):
    so, ward_a, ward_b, _schools = province
    calendar(so, datetime.date(2026, 9, 7))
    calendar(ward_b, datetime.date(2026, 9, 3))
    found = calendars_for([so.pk, ward_a.pk, ward_b.pk], YEAR)
    assert found[so.pk].first_day == datetime.date(2026, 9, 7)
    assert found[ward_a.pk].first_day == datetime.date(2026, 9, 7)  # the Sở's
    assert found[ward_b.pk].first_day == datetime.date(2026, 9, 3)  # its own
    assert calendars_for([ward_a.pk], "2027-2028") == {}


def test_a_ward_sets_its_own_calendar_and_never_another_offices(client, province):
    so, ward_a, ward_b, _schools = province
    theirs = calendar(ward_b, datetime.date(2026, 9, 3))
    provinces = calendar(so, datetime.date(2026, 9, 7))
    client.force_login(make_office_user(ward_a, OfficeRole.ADMINISTRATOR))

    listing = client.get(reverse("ke-hoach-nam-hoc:index")).content.decode()
    assert ward_b.name not in listing and so.name not in listing
    for other in (theirs, provinces):
        assert client.get(reverse("ke-hoach-nam-hoc:edit", args=[other.pk])).status_code == 404
        assert client.post(reverse("ke-hoach-nam-hoc:delete", args=[other.pk])).status_code == 404
    assert SchoolYearCalendar.objects.count() == 2

    form = client.get(reverse("ke-hoach-nam-hoc:add")).context["form"]
    assert list(form.fields["office"].queryset) == [ward_a]
    data = {
        "office": ward_b.pk,  # not offered: refused, nothing saved
        "school_year": YEAR,
        "first_day": "2026-09-05",
        "semester_one_end": "2027-01-16",
        "last_day": "2027-05-31",
        "breaks-TOTAL_FORMS": "0",
        "breaks-INITIAL_FORMS": "0",
        "breaks-MIN_NUM_FORMS": "0",
        "breaks-MAX_NUM_FORMS": "1000",
    }
    response = client.post(reverse("ke-hoach-nam-hoc:add"), data)
    assert response.status_code == 200 and "office" in response.context["form"].errors
    assert SchoolYearCalendar.objects.count() == 2
    tet = {
        "breaks-TOTAL_FORMS": "1",
        "breaks-0-name": "Nghỉ Tết Nguyên đán",
        "breaks-0-start": "2027-02-01",
        "breaks-0-end": "2027-02-12",
        "breaks-0-ORDER": "0",
    }
    response = client.post(reverse("ke-hoach-nam-hoc:add"), {**data, **tet, "office": ward_a.pk})
    assert response.status_code == 302
    own = SchoolYearCalendar.objects.get(office=ward_a)
    assert own.first_day == datetime.date(2026, 9, 5)
    assert [b.name for b in own.breaks.all()] == ["Nghỉ Tết Nguyên đán"]


def test_an_inspector_reads_calendars_but_does_not_change_them(client, province):
    _so, ward_a, _ward_b, _schools = province
    own = calendar(ward_a, datetime.date(2026, 9, 5))
    client.force_login(make_office_user(ward_a, OfficeRole.INSPECTOR))
    assert client.get(reverse("ke-hoach-nam-hoc:index")).status_code == 200
    assert client.get(reverse("ke-hoach-nam-hoc:edit", args=[own.pk])).status_code in (302, 403)
