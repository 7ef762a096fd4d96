"""What an office administrator cannot do: point a school's Site at another school's home
or a foreign hostname, make the read-only inspector a school principal, create a
look-alike username. Attacked by POST as the office administrator."""

from django.db import IntegrityError, transaction
from django.urls import reverse

from wagtail.models import Site

import pytest

from cms.schools.provisioning import ProvisioningError, add_school_user
from sites.roles import OfficeRole, SchoolRole
from tests.factories import SuperuserFactory, UserFactory, join_office, make_school_user
from tests.sites.test_office_walls import site_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def office_admin(client, office):
    user = UserFactory(username="phonggd-reach")
    join_office(user, OfficeRole.ADMINISTRATOR)
    client.force_login(user)
    return user


@pytest.fixture
def inspector(office):
    user = UserFactory(username="kiemtra-reach")
    join_office(user, OfficeRole.INSPECTOR)
    return user


def test_school_site_cannot_be_pointed_at_another_schools_home(
    client, office_admin, school, other_school
):
    url = reverse("wagtailsites:edit", args=[school.site.pk])
    response = client.post(url, site_post(school.site, root_page=other_school.home_page.pk))
    assert response.status_code == 200
    assert "phải giữ trang chủ của chính trường" in response.content.decode()
    assert Site.objects.get(pk=school.site.pk).root_page_id == school.home_page_id


def test_school_site_cannot_take_a_foreign_hostname(client, office_admin, school):
    url = reverse("wagtailsites:edit", args=[school.site.pk])
    response = client.post(url, site_post(school.site, hostname="nha-cai-88.example.com"))
    assert response.status_code == 200
    assert "không thuộc tên miền của phòng" in response.content.decode()
    assert Site.objects.get(pk=school.site.pk).hostname == school.site.hostname


def test_school_site_may_be_renamed_under_the_office_domain(client, office_admin, school, office):
    url = reverse("wagtailsites:edit", args=[school.site.pk])
    hostname = f"kimdong.{office.domain}"
    response = client.post(url, site_post(school.site, hostname=hostname))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Site.objects.get(pk=school.site.pk).hostname == hostname


def test_portal_site_cannot_alias_a_schools_pages(client, office_admin, office, school):
    portal = office.site
    section = school.home_page.get_children().first()
    url = reverse("wagtailsites:edit", args=[portal.pk])
    data = site_post(portal, root_page=section.pk, is_default_site="on")
    # A portal Site is the superusers' alone (issue 21): the office administrator is 404.
    assert client.post(url, data).status_code == 404
    client.force_login(SuperuserFactory(username="quantri-cong"))
    response = client.post(url, data)
    assert response.status_code == 200
    assert "thuộc trường" in response.content.decode()
    assert Site.objects.get(pk=portal.pk).root_page_id == portal.root_page_id


def test_inspector_cannot_be_made_a_principal(client, office_admin, school, inspector):
    url = reverse("truong_hoc:add_user", args=[school.pk])
    response = client.post(
        url,
        {
            "role": SchoolRole.PRINCIPAL,
            "username": inspector.username,
            "email": "kiemtra@example.test",
            "first_name": "",
            "last_name": "",
            "password": "",
        },
    )
    assert response.status_code == 200
    assert "tài khoản của phòng giáo dục" in response.content.decode()
    assert not inspector.groups.filter(school_role__isnull=False).exists()


def test_one_role_in_one_school(school):
    editor = make_school_user(school, SchoolRole.EDITOR, username="bientap-mot")
    with pytest.raises(ProvisioningError, match="một vai trò"):
        add_school_user(school, SchoolRole.PRINCIPAL, username=editor.username, email="")
    # The same role again is a no-op, as before.
    assert add_school_user(school, SchoolRole.EDITOR, username=editor.username, email="") == editor


def test_look_alike_username_is_refused_in_the_form(client, office_admin, school):
    make_school_user(school, SchoolRole.PRINCIPAL, username="hieutruong.kimdong")
    response = client.post(
        reverse("truong_hoc:add_user", args=[school.pk]),
        {
            "role": SchoolRole.EDITOR,
            "username": "HieuTruong.KimDong",
            "email": "gia@example.test",
            "first_name": "",
            "last_name": "",
            "password": "",
        },
    )
    assert response.status_code == 200
    assert "chỉ khác chữ hoa/chữ thường" in response.content.decode()
    assert not type(office_admin).objects.filter(username="HieuTruong.KimDong").exists()


def test_look_alike_username_is_refused_by_the_database(office):
    UserFactory(username="nguyenan")
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory._meta.model.objects.create(username="NguyenAn")


def test_adding_users_needs_a_school_the_user_manages(client, school, inspector):
    client.force_login(inspector)
    response = client.get(reverse("truong_hoc:add_user", args=[school.pk]))
    assert response.status_code in (302, 403)
