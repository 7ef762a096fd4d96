"""History, usage and copy views of the project's model viewsets open only for objects
within the user's reach: a school's editor never reads another ward's parent's
question, a teacher reads no Công khai change notes, a ward's staff read nothing of
another ward's schools. Wagtail's generic views check the model permission only; the
viewsets' object views go through the sites predicates."""

import datetime

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

import pytest

from home.visitors import VisitorMessage
from publicity.models import DisclosureChange, DisclosureDeferral, DisclosureRequirement
from sites.models import BlockedDomainPattern
from sites.roles import OfficeRole, SchoolRole
from tests.factories import make_office_user, make_school_user

pytestmark = pytest.mark.django_db

SECRET = "Câu hỏi riêng của phụ huynh phường B"
NOTE = "Ghi chú thay đổi của trường phường B"


@pytest.fixture
def records(province):
    so, ward_a, ward_b, schools = province
    b1 = schools["b1"]
    page = b1.home_page
    requirement = DisclosureRequirement.objects.in_force().exclude(
        timing__in=("monthly", "weekly")
    )[0]
    today = timezone.localdate()
    return {
        "hoi_dap": VisitorMessage.objects.create(
            school=b1, page=page, kind="cau-hoi", text=SECRET, consented_at=timezone.now()
        ),
        "thay-doi-cong-khai": DisclosureChange.objects.create(
            school=b1, requirement=requirement, changed_on=today, description=NOTE
        ),
        "chua-ban-hanh": DisclosureDeferral.objects.create(
            school=b1,
            requirement=requirement,
            school_year="2025-2026",
            expected_on=today + datetime.timedelta(days=30),
            reason=NOTE,
        ),
        "ten_mien_bi_chan": BlockedDomainPattern.objects.create(
            pattern="cua-phuong-b", note=NOTE, office=ward_b
        ),
    }


def object_urls(records):
    for namespace, obj in records.items():
        for view in ("history", "usage", "copy", "edit", "delete", "inspect"):
            try:
                yield reverse(f"{namespace}:{view}", args=[obj.pk])
            except NoReverseMatch:
                continue


def shows_nothing(response):
    if response.status_code != 200:
        return True
    html = response.content.decode()
    return SECRET not in html and NOTE not in html and "cua-phuong-b" not in html


def test_another_wards_staff_and_schools_read_nothing_by_id(client, province, records):
    _so, ward_a, _ward_b, schools = province
    users = [
        make_school_user(schools["a1"], SchoolRole.EDITOR),
        make_school_user(schools["a1"], SchoolRole.PRINCIPAL),
        make_office_user(ward_a, OfficeRole.ADMINISTRATOR),
        make_office_user(ward_a, OfficeRole.INSPECTOR),
    ]
    urls = list(object_urls(records))
    assert len(urls) >= 12
    for user in users:
        client.force_login(user)
        for url in urls:
            assert shows_nothing(client.get(url)), (user.username, url)


def test_teachers_read_no_disclosure_change_notes_of_their_own_school(client, province):
    _so, _ward_a, _ward_b, schools = province
    b1 = schools["b1"]
    requirement = DisclosureRequirement.objects.in_force().exclude(
        timing__in=("monthly", "weekly")
    )[0]
    change = DisclosureChange.objects.create(
        school=b1, requirement=requirement, changed_on=timezone.localdate(), description=NOTE
    )
    client.force_login(make_school_user(b1, SchoolRole.TEACHER))
    for url in (
        reverse("thay-doi-cong-khai:index"),
        reverse("thay-doi-cong-khai:history", args=[change.pk]),
        reverse("thay-doi-cong-khai:usage", args=[change.pk]),
        reverse("thay-doi-cong-khai:copy", args=[change.pk]),
        reverse("thay-doi-cong-khai:edit", args=[change.pk]),
    ):
        assert shows_nothing(client.get(url)), url
    # The school's editor records them and reads their history.
    client.force_login(make_school_user(b1, SchoolRole.EDITOR))
    assert client.get(reverse("thay-doi-cong-khai:history", args=[change.pk])).status_code == 200


def test_own_records_still_open(client, province, records):
    _so, _ward_a, ward_b, schools = province
    client.force_login(make_school_user(schools["b1"], SchoolRole.EDITOR))
    for namespace in ("hoi_dap", "thay-doi-cong-khai"):
        url = reverse(f"{namespace}:history", args=[records[namespace].pk])
        assert client.get(url).status_code == 200, url
    # Wagtail's history views need a change right: the ward's administrator has it.
    client.force_login(make_office_user(ward_b, OfficeRole.ADMINISTRATOR))
    url = reverse("thay-doi-cong-khai:history", args=[records["thay-doi-cong-khai"].pk])
    assert client.get(url).status_code == 200
