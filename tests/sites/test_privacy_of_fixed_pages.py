"""A principal cannot hide the law: no school role may put a password, login or group
restriction on the school home or a fixed section (Wagtail's page privacy view, by POST),
and a disclosure behind a restriction does not count as disclosed."""

import datetime

from django.urls import reverse

from wagtail.log_actions import LogContext
from wagtail.models import PageViewRestriction

import pytest

from publicity.compliance import Status, compute
from publicity.demo import publish_disclosure
from publicity.models import DisclosureRequirement
from sites.roles import SchoolRole
from tests.factories import NewsPageFactory, make_school_user

pytestmark = pytest.mark.django_db

PASSWORD_POST = {"restriction_type": "password", "password": "an-luat", "groups": []}
LOGIN_POST = {"restriction_type": "login", "groups": []}


def fixed_pages(school):
    return [school.home_page, *school.home_page.get_children()]


@pytest.mark.parametrize("role", [SchoolRole.PRINCIPAL, SchoolRole.EDITOR])
@pytest.mark.parametrize("data", [PASSWORD_POST, LOGIN_POST], ids=["password", "login"])
def test_school_roles_cannot_restrict_home_or_sections(client, school, role, data):
    client.force_login(make_school_user(school, role))
    for page in fixed_pages(school):
        url = reverse("wagtailadmin_pages:set_privacy", args=[page.pk])
        assert client.get(url).status_code in (302, 403), page.slug
        assert client.post(url, data).status_code in (302, 403), page.slug
    assert not PageViewRestriction.objects.filter(
        page__path__startswith=school.home_page.path
    ).exists()


def test_principal_still_restricts_an_ordinary_page(client, school):
    client.force_login(make_school_user(school, SchoolRole.PRINCIPAL))
    news = NewsPageFactory.for_school(school, title="Tin nội bộ")
    response = client.post(reverse("wagtailadmin_pages:set_privacy", args=[news.pk]), PASSWORD_POST)
    assert response.status_code == 200
    assert PageViewRestriction.objects.filter(page=news).exists()


def test_superuser_may_restrict_a_section(client, school, superuser):
    client.force_login(superuser)
    section = school.home_page.get_children().first()
    response = client.post(reverse("wagtailadmin_pages:set_privacy", args=[section.pk]), LOGIN_POST)
    assert response.status_code == 200
    assert PageViewRestriction.objects.filter(page=section).exists()


def test_restricted_disclosure_does_not_count_as_disclosed(school, django_user_model):
    page = publish_disclosure(school, "gen_name", "2025-2026", datetime.date(2025, 6, 20))
    requirement = DisclosureRequirement.objects.get(code="gen_name")

    def cell_status():
        return (
            compute("2025-2026", datetime.date(2026, 1, 10), schools=[school])
            .cell(school, requirement)
            .status
        )

    assert cell_status() == Status.ON_TIME
    # Only a superuser may restrict a disclosure within its five years (publicity/retention).
    admin = django_user_model.objects.create_superuser("quantri-rieng", "q@example.test", "x")
    with LogContext(user=admin):
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert cell_status() != Status.ON_TIME
