"""Vietnamese slugs: what the admin shows while typing, what is saved, clashes among
siblings, and the command that repairs slugs saved before the fix."""

import datetime
import json
import unicodedata

from django.core.management import call_command
from django.urls import reverse

from wagtail.contrib.redirects.models import Redirect

import pytest

from home.models import NewsPage
from home.slugs import format_like_admin, js_formatters, repaired_slug
from sites.text import vietnamese_slug
from tests.factories import NewsPageFactory

from .helpers import create_news_via_admin, draft_news, section

pytestmark = pytest.mark.django_db

TITLES = [
    ("Học sinh được sách mùa đông", "hoc-sinh-duoc-sach-mua-dong"),
    ("Đề kiểm tra giữa kì", "de-kiem-tra-giua-ki"),
    ("Lịch thi học kỳ I–năm học 2025–2026", "lich-thi-hoc-ky-i-nam-hoc-2025-2026"),
    ("“Ngày hội đọc sách”: lớp 6A1/6A2!", "ngay-hoi-doc-sach-lop-6a1-6a2"),
    ("ĐOÀN THANH NIÊN – ĐỘI", "doan-thanh-nien-doi"),
]


@pytest.mark.parametrize(("title", "slug"), TITLES)
def test_server_and_admin_fold_the_same_way(title, slug):
    assert vietnamese_slug(title) == slug
    assert format_like_admin(title) == slug
    # Tone marks typed as combining characters (some keyboards) fold the same.
    assert format_like_admin(unicodedata.normalize("NFD", title)) == slug


def test_formatters_are_valid_for_the_slug_controller():
    formatters = js_formatters()
    json.dumps(formatters)
    assert all(flags == "gu" or flags == "giu" for (_pattern, flags), _r in formatters)


def test_saved_slug_is_folded_even_without_javascript(client, school, editor):
    client.force_login(editor)
    response = create_news_via_admin(
        client, school, "action-draft", title="Đề kiểm tra giữa kì", slug="Đề kiểm tra giữa kì"
    )
    assert response.status_code == 302, response.content[:2000]
    assert NewsPage.objects.get(title="Đề kiểm tra giữa kì").slug == "de-kiem-tra-giua-ki"


def test_taken_slug_gets_the_dated_one_with_a_vietnamese_message(client, school, editor):
    draft_news(school, editor, title="Thông báo lịch họp", slug="thong-bao-lich-hop")
    client.force_login(editor)
    response = create_news_via_admin(
        client, school, "action-draft", title="Thông báo lịch họp", slug="thong-bao-lich-hop"
    )
    assert response.status_code == 200  # nothing saved: the editor sees the suggestion
    today = datetime.date.today().strftime("%d-%m-%Y")
    content = response.content.decode()
    assert f"thong-bao-lich-hop-{today}" in content
    assert "đã có trong mục này" in content
    assert NewsPage.objects.filter(title="Thông báo lịch họp").count() == 1


def test_slug_check_endpoint_suggests_the_next_free_slug(client, school, editor):
    index = section(school, "tin-tuc")
    draft_news(school, editor, title="Thông báo lịch họp", slug="thong-bao-lich-hop")
    draft_news(school, editor, title="Thông báo lịch họp", slug="thong-bao-lich-hop-01-12-2026")
    client.force_login(editor)
    url = reverse("editing_slug_check")
    free = client.get(url, {"parent": index.pk, "slug": "hop-phu-huynh"}).json()
    assert free == {"slug": "hop-phu-huynh", "taken": False, "message": ""}
    taken = client.get(
        url, {"parent": index.pk, "slug": "thong-bao-lich-hop", "date": "2026-12-01"}
    ).json()
    assert taken["taken"] is True
    assert taken["slug"] == "thong-bao-lich-hop-01-12-2026-2"
    assert "thong-bao-lich-hop-01-12-2026-2" in taken["message"]


def test_slug_check_refuses_another_schools_section(client, school, other_school, editor):
    client.force_login(editor)
    other_index = section(other_school, "tin-tuc")
    response = client.get(reverse("editing_slug_check"), {"parent": other_index.pk, "slug": "x"})
    # Wagtail turns the refusal into a redirect to the dashboard; no answer either way.
    assert response.status_code in (302, 403)
    assert response.get("Content-Type", "").startswith("application/json") is False


def test_pages_made_in_code_get_the_folded_slug(school, editor):
    page = draft_news(school, editor, title="Học sinh được sách mùa đông")
    assert page.slug == "hoc-sinh-duoc-sach-mua-dong"
    again = draft_news(school, editor, title="Học sinh được sách mùa đông")
    assert again.slug == f"hoc-sinh-duoc-sach-mua-dong-{datetime.date.today():%d-%m-%Y}"


@pytest.mark.parametrize(
    ("title", "garbled", "fixed"),
    [
        (
            "Học sinh được sách mùa đông",
            "hc-sinh-djc-sach-mua-djong",
            "hoc-sinh-duoc-sach-mua-dong",
        ),
        ("Đề kiểm tra giữa kì", "dj-kim-tra-gia-k", "de-kiem-tra-giua-ki"),
        ("Đề kiểm tra giữa kì", "e-kiem-tra-giua-ki-2", "de-kiem-tra-giua-ki-2"),  # Django's
        ("Thông báo nghỉ Tết", "lich-nghi-tet", None),  # chosen on purpose: left alone
        ("Thông báo nghỉ Tết", "thong-bao-nghi-tet", None),
    ],
)
def test_garbled_slugs_are_recognised(title, garbled, fixed):
    assert repaired_slug(NewsPage(title=title, slug=garbled)) == fixed


def test_fix_command_rewrites_pages_and_waiting_revisions_once(
    school, editor, capsys, django_capture_on_commit_callbacks
):
    live = draft_news(school, editor, title="Học sinh được sách mùa đông")
    NewsPage.objects.filter(pk=live.pk).update(slug="hc-sinh-djc-sach-mua-djong")
    live.refresh_from_db()
    live.set_url_path(live.get_parent())
    live.save(clean=False)
    live.save_revision(user=editor).publish()
    live.refresh_from_db()
    old_url = live.get_url_parts()[2]
    waiting = draft_news(school, editor, title="Đề kiểm tra giữa kì")
    NewsPage.objects.filter(pk=waiting.pk).update(slug="dj-kim-tra-gia-k")
    waiting.refresh_from_db()
    waiting.save_revision(user=editor)  # the revision a reviewer would publish
    kept = draft_news(school, editor, title="Thông báo nghỉ Tết", slug="lich-nghi-tet")

    with django_capture_on_commit_callbacks(execute=True):
        call_command("fix_page_slugs")
    out = capsys.readouterr().out
    assert "hc-sinh-djc-sach-mua-djong -> hoc-sinh-duoc-sach-mua-dong" in out
    assert "Đã đổi đường dẫn của 2 trang." in out

    live.refresh_from_db()
    waiting.refresh_from_db()
    kept.refresh_from_db()
    assert live.slug == "hoc-sinh-duoc-sach-mua-dong"
    assert waiting.slug == "de-kiem-tra-giua-ki"
    assert waiting.get_latest_revision().content["slug"] == "de-kiem-tra-giua-ki"
    assert kept.slug == "lich-nghi-tet"
    # Publishing the waiting revision keeps the new slug.
    waiting.get_latest_revision().publish()
    waiting.refresh_from_db()
    assert waiting.slug == "de-kiem-tra-giua-ki"
    redirect = Redirect.objects.get(old_path=Redirect.normalise_path(old_url))
    assert redirect.redirect_page_id == live.pk

    call_command("fix_page_slugs")
    assert "Đã đổi đường dẫn của 0 trang." in capsys.readouterr().out


@pytest.mark.parametrize("alias", [False, True])
def test_copy_and_alias_form_folds_the_new_slug_on_the_server(
    client, school, editor, superuser, alias
):
    original = NewsPageFactory.for_school(school, title="Lịch họp phụ huynh")
    # Only someone who may publish there can make an alias.
    client.force_login(superuser if alias else editor)
    data = {
        "new_title": "Lịch họp phụ huynh tuần sau",
        # Sent as typed, without the admin's JavaScript folding it.
        "new_slug": "Lịch họp phụ huynh – tuần sau",
        "new_parent_page": original.get_parent().pk,
    }
    if alias:
        data["alias"] = "on"
    response = client.post(reverse("wagtailadmin_pages:copy", args=[original.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    copy = NewsPage.objects.exclude(pk=original.pk).get(path__startswith=original.get_parent().path)
    assert copy.slug == "lich-hop-phu-huynh-tuan-sau"
    assert (copy.alias_of_id == original.pk) is alias
