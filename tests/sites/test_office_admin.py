"""The office's school screens: administrators manage, inspectors read, schools don't."""

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest

from sites.models import School
from sites.roles import OfficeRole, SchoolRole
from tests.factories import (
    NewsPageFactory,
    make_office_user,
    make_school,
    make_school_user,
)

# The five protected sections of issue 14, after the four fixed ones.
NEW_SECTION_SLUGS = ["tuyen-sinh", "lich-cong-tac", "hoi-dap", "lay-y-kien", "su-kien"]

pytestmark = pytest.mark.django_db

INDEX = "/quan-tri/truong-hoc/"


@pytest.fixture
def admin_client(client, office):
    client.force_login(make_office_user(office, OfficeRole.ADMINISTRATOR, "quantri-phong"))
    return client


@pytest.fixture
def inspector_client(client, office):
    client.force_login(make_office_user(office, OfficeRole.INSPECTOR, "kiemtra-phong"))
    return client


def test_list_shows_level_site_editors_and_last_update(admin_client, school, other_school):
    make_school_user(school, SchoolRole.EDITOR)
    make_school_user(school, SchoolRole.EDITOR)
    make_school_user(school, SchoolRole.TEACHER)
    NewsPageFactory.for_school(school).save_revision()

    response = admin_client.get(reverse("truong_hoc:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "THCS Kim Đồng" in html and "TH Lê Độ" in html
    assert "Trung học cơ sở" in html
    assert 'href="http://thcs-kim-dong.pgddthoian.test/"' in html
    rows = {s.pk: s for s in response.context["object_list"]}
    assert rows[school.pk].editor_count == 2
    assert rows[other_school.pk].editor_count == 0
    assert rows[school.pk].last_content_update is not None
    assert reverse("truong_hoc:import") in html
    assert reverse("truong_hoc:add") in html


def test_list_has_a_bounded_number_of_queries(admin_client, office, django_assert_max_num_queries):
    admin_client.get(reverse("truong_hoc:index"))  # warm caches
    for n in range(3):
        make_school(f"TH Số {n}", level="TH", office=office)
    with django_assert_max_num_queries(30) as few:
        admin_client.get(reverse("truong_hoc:index"))
    for n in range(3, 15):
        make_school(f"TH Số {n}", level="TH", office=office)
    with django_assert_max_num_queries(len(few.captured_queries) + 2):
        response = admin_client.get(reverse("truong_hoc:index"))
    assert len(response.context["object_list"]) == 15


def test_admin_adds_a_school_through_the_service(admin_client, office):
    response = admin_client.post(
        reverse("truong_hoc:add"),
        {
            "name": "THCS Lê Lợi",
            "level": "THCS",
            "slug": "",
            "address": "",
            "phone": "",
            "email": "",
            "principal_name": "Nguyễn Văn A",
            "legacy_url": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    school = School.objects.get(slug="thcs-le-loi")
    assert school.principal_name == "Nguyễn Văn A"
    assert [p.slug for p in school.home_page.get_children()] == [
        "gioi-thieu",
        "cong-khai",
        "chuyen-mon",
        "tin-tuc",
        *NEW_SECTION_SLUGS,
    ]
    assert school.role_groups.count() == 4


def test_adding_a_clashing_school_shows_the_reason(admin_client, school):
    response = admin_client.post(
        reverse("truong_hoc:add"),
        {
            "name": "THCS Kim Dong",
            "level": "THCS",
            "slug": "",
        },
    )
    assert response.status_code == 200
    assert "thcs-kim-dong" in response.content.decode()
    assert School.objects.count() == 1


def test_admin_imports_a_csv(admin_client, office):
    upload = SimpleUploadedFile("truong.csv", "name;level\nTH Cẩm Hà;TH\nMG Cẩm Kim;MG\n".encode())
    response = admin_client.post(reverse("truong_hoc:import"), {"csv_file": upload})
    assert response.status_code == 302
    assert set(School.objects.values_list("slug", flat=True)) == {"th-cam-ha", "mg-cam-kim"}


def test_csv_with_bad_rows_shows_every_row_and_imports_nothing(admin_client, office):
    upload = SimpleUploadedFile(
        "truong.csv", "name,level\nTH Tốt,TH\n,TH\nTH Lạ,Cao đẳng\n".encode()
    )
    response = admin_client.post(reverse("truong_hoc:import"), {"csv_file": upload})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dòng 3: thiếu tên trường" in html
    assert "Dòng 4: cấp học" in html
    assert not School.objects.exists()


def test_admin_adds_a_user_to_a_school_role(admin_client, school):
    url = reverse("truong_hoc:add_user", args=[school.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url,
        {
            "role": "editor",
            "username": "bientap-kd",
            "email": "bt@example.test",
            "password": "matkhau-123",
        },
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(username="bientap-kd")
    assert user.groups.filter(pk=school.group_for(SchoolRole.EDITOR).pk).exists()


def test_a_user_of_one_school_cannot_join_another(admin_client, school, other_school, editor):
    url = reverse("truong_hoc:add_user", args=[other_school.pk])
    response = admin_client.post(
        url, {"role": "editor", "username": editor.username, "email": editor.email}
    )
    assert response.status_code == 200
    assert "mỗi tài khoản chỉ thuộc một trường" in response.content.decode()
    assert not editor.groups.filter(school_role__school=other_school).exists()


def test_inspector_sees_the_list_read_only(inspector_client, school):
    response = inspector_client.get(reverse("truong_hoc:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "THCS Kim Đồng" in html
    assert reverse("truong_hoc:add") not in html
    assert reverse("truong_hoc:import") not in html
    for url in (
        reverse("truong_hoc:add"),
        reverse("truong_hoc:import"),
        reverse("truong_hoc:edit", args=[school.pk]),
        reverse("truong_hoc:add_user", args=[school.pk]),
    ):
        response = inspector_client.get(url)
        assert response.status_code in (302, 403), url
    response = inspector_client.post(reverse("truong_hoc:add"), {"name": "TH Mới", "level": "TH"})
    assert response.status_code in (302, 403)
    assert School.objects.count() == 1


def test_school_staff_cannot_reach_the_office_screens(client, school, editor):
    client.force_login(editor)
    for url in (
        reverse("truong_hoc:index"),
        reverse("truong_hoc:import"),
        reverse("truong_hoc:add_user", args=[school.pk]),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
    response = client.post(
        reverse("truong_hoc:add_user", args=[school.pk]),
        {"role": "principal", "username": editor.username, "email": editor.email},
    )
    assert response.status_code in (302, 403)
    assert not editor.groups.filter(school_role__role=SchoolRole.PRINCIPAL).exists()


def test_admin_edits_contact_details_but_not_identity(admin_client, school):
    url = reverse("truong_hoc:edit", args=[school.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert 'name="slug"' not in response.content.decode()
    response = admin_client.post(
        url,
        {
            "address": "12 Trần Phú, Hội An",
            "phone": "0235 386 1234",
            "email": "kd@example.test",
            "principal_name": "Trần Thị B",
            "legacy_url": "",
            "is_active": "on",
            "name": "Tên bị đổi",
            "slug": "ten-bi-doi",
        },
    )
    assert response.status_code == 302
    school.refresh_from_db()
    assert school.address == "12 Trần Phú, Hội An"
    assert (school.name, school.slug) == ("THCS Kim Đồng", "thcs-kim-dong")


def test_office_forms_render_in_the_admin_look(admin_client, school):
    for url in (
        reverse("truong_hoc:add"),
        reverse("truong_hoc:import"),
        reverse("truong_hoc:add_user", args=[school.pk]),
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert 'id="w-editor-form"' in html, url
    assert "Mã trường" in admin_client.get(reverse("truong_hoc:add")).content.decode()
