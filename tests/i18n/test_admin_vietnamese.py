"""The Wagtail admin as an editor sees it is in Vietnamese."""

import json
import re

from django.urls import reverse

import pytest


def strings_in(value):
    """Every string inside a JSON document (the sidebar is rendered from JSON)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def sidebar_strings(html):
    match = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S
    )
    assert match, "sidebar props not found"
    return set(strings_in(json.loads(match.group(1))))


@pytest.fixture
def admin_client_vi(client, superuser):
    client.force_login(superuser)
    return client


@pytest.mark.django_db
def test_dashboard_menu_and_chrome_are_vietnamese(admin_client_vi, school):
    response = admin_client_vi.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi"' in html
    labels = sidebar_strings(html)
    for vietnamese in ("Trang", "Hình ảnh", "Tài liệu", "Cài đặt", "Báo cáo", "Trợ giúp"):
        assert vietnamese in labels
    for english in ("Pages", "Images", "Documents", "Settings", "Reports", "Help"):
        assert english not in labels
    assert "Bảng điều khiển" in html or "Tổng quan trang web" in html
    assert "Site summary" not in html


@pytest.mark.django_db
def test_page_editor_is_vietnamese(admin_client_vi, school):
    news_index = school.home_page.get_children().get(slug="tin-tuc")
    response = admin_client_vi.get(reverse("wagtailadmin_pages:edit", args=[news_index.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for vietnamese in ("Lưu bản nháp", "Xuất bản", "Nội dung", "Quảng bá", "Lịch sử", "Xem trước"):
        assert vietnamese in html, vietnamese
    for english in (">Save draft<", ">Promote<", ">Preview<"):
        assert english not in html, english


@pytest.mark.django_db
def test_explorer_is_vietnamese(admin_client_vi, school):
    response = admin_client_vi.get(reverse("wagtailadmin_explore", args=[school.home_page.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thêm trang con" in html
    assert "Add child page" not in html


@pytest.mark.django_db
def test_admin_javascript_catalogue_is_vietnamese(admin_client_vi):
    response = admin_client_vi.get(reverse("wagtailadmin_javascript_catalog"))
    assert response.status_code == 200
    match = re.search(r"const newcatalog = (\{.*?\});", response.content.decode(), re.S)
    assert match
    catalog = json.loads(match.group(1))
    assert catalog["Dashboard"] == "Bảng điều khiển"
    assert catalog["Page explorer"] == "Duyệt trang"
    assert catalog["Write something or type ‘/’ to insert a block"].startswith("Viết nội dung")


@pytest.mark.django_db
def test_login_page_labels_are_vietnamese(client):
    html = client.get("/quan-tri/login/").content.decode()
    assert "Mật khẩu" in html and "Tên đăng nhập" in html
    assert ">Password<" not in html and "Password:" not in html


@pytest.mark.django_db
def test_wagtail_default_groups_and_workflow_have_vietnamese_names():
    from django.contrib.auth.models import Group

    from wagtail.models import Task, Workflow

    english = {"Editors", "Moderators", "Moderators approval"}
    names = set(Group.objects.values_list("name", flat=True))
    names |= set(Workflow.objects.values_list("name", flat=True))
    names |= set(Task.objects.values_list("name", flat=True))
    assert not names & english
    assert "Kiểm duyệt viên toàn hệ thống (không dùng cho trường)" in names
