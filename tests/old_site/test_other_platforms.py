"""A NukeViet site (capped sitemap and RSS, paginated categories, a slow page), a plain
hand-made site (no sitemap, no feed, a loop of links) and a WordPress export."""

import datetime

from wagtail.models import Page

import pytest

from cms.old_site.models import ImportEvent, OldAddress
from home.models import NewsCategory, NewsPage
from home.section_articles import SectionArticlePage

from .sites import (
    NV_ARTICLES,
    NV_HOST,
    NV_RSS_CAP,
    NV_SITEMAP_CAP,
    NV_SLOW_ID,
    PLAIN_ARTICLES,
    PLAIN_HOST,
    WP_HOST,
    WP_POSTS,
    wordpress_export,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def nukeviet(imported):
    return imported(NV_HOST)


@pytest.fixture(scope="module")
def plain(imported):
    return imported(PLAIN_HOST)


def test_nukeviet_listings_find_what_the_capped_sitemap_and_feed_leave_out(nukeviet):
    school, run, paths = nukeviet
    assert NV_SITEMAP_CAP + NV_RSS_CAP < NV_ARTICLES
    news = NewsPage.objects.descendant_of(school.home_page)
    # Every article but the slow one, found through /page-2, /page-3 of each category.
    assert news.count() == NV_ARTICLES - 1
    assert "/vi/news/tin-tuc/page-3" in paths and "/sitemap.xml" in paths
    assert "/vi/news/rss/" in paths
    first = news.get(title="Bài viết số 0 của tin tức")
    assert str(first.date) == "2022-01-01"
    assert first.summary == "Tóm tắt của bài viết số 0 của tin tức."
    assert news.get(title="Bài viết số 1 của thông báo").category == NewsCategory.NOTICE
    assert first.body[0].block_type == "paragraph" and first.lead_image is not None
    assert "Chia sẻ" not in str(first.body.get_prep_value())


def test_nukeviet_slow_page_is_reported_and_the_rest_goes_on(nukeviet):
    _school, run, _paths = nukeviet
    failed = ImportEvent.objects.get(run=run, kind=ImportEvent.Kind.FAILED)
    assert f"-{NV_SLOW_ID}.html" in failed.old_url
    assert run.status == run.Status.DONE


def test_nukeviet_index_php_address_answers_301(nukeviet, client):
    school, _run, _paths = nukeviet
    page = NewsPage.objects.descendant_of(school.home_page).get(title="Bài viết số 2 của tin tức")
    old = "/index.php?language=vi&nv=news&op=tin-tuc/bai-viet-so-2-102"
    assert OldAddress.objects.filter(school=school, old_url__endswith=old).exists()
    response = client.get(old, HTTP_HOST=school.site.hostname)
    assert response.status_code == 301
    assert response["Location"].endswith("/tin-tuc/" + page.slug + "/")
    pretty = client.get("/vi/news/tin-tuc/bai-viet-so-2-102.html", HTTP_HOST=school.site.hostname)
    assert pretty.status_code == 301 and pretty["Location"] == response["Location"]


def test_plain_site_without_sitemap_is_read_through_its_listing(plain):
    school, run, paths = plain
    news = NewsPage.objects.descendant_of(school.home_page)
    assert news.count() == PLAIN_ARTICLES
    assert "/tin-tuc.html?trang=2" in paths
    assert str(news.get(title="Tin số 4").date) == "2021-03-04"


def test_a_loop_of_links_ends(plain):
    _school, run, paths = plain
    calendar = [p for p in paths if p.startswith("/lich.html")]
    assert 0 < len(calendar) <= 9  # max_depth 8 from the home page, not 199 months
    assert "/a/a/" in paths and "/a/a/a/" not in paths
    assert run.status == run.Status.DONE


def test_wordpress_export_imports_only_published_items(school, served, import_site, tmp_path):
    site = served.site[WP_HOST]
    export = tmp_path / "truong.xml"
    export.write_text(wordpress_export(site), encoding="utf-8")
    run = import_site(school, site.url("/"), wxr=export)
    news = NewsPage.objects.descendant_of(school.home_page)
    assert news.count() == len(WP_POSTS)
    assert not Page.objects.filter(
        title__in=["Bản nháp chưa đăng", "Bài riêng tư", "Bài có mật khẩu"]
    ).exists()
    fetched = served.paths(WP_HOST)
    assert not any("ban-nhap.jpg" in p or "rieng-tu.pdf" in p for p in fetched)
    assert not any(p.startswith(("/20", "/category")) for p in fetched)  # no crawl
    spring = news.get(title="Hội giảng mùa xuân")
    assert spring.date == datetime.date(2023, 3, 15) and spring.lead_image is not None
    kinds = [b.block_type for b in spring.body]
    assert "image" in kinds and "gallery" in kinds
    assert spring.body[kinds.index("image")].value["caption"] == "Giáo viên dự giờ"
    assert "<p>Sáng nay" in spring.body[0].value.source and "<br" in spring.body[0].value.source
    assert SectionArticlePage.objects.filter(title="Lịch sử nhà trường").exists()
    assert run.counts["created"] == len(WP_POSTS) + 1
    for old in ("/?p=11", "/?page_id=7"):
        assert OldAddress.objects.filter(school=school, old_url__endswith=old).exists()
