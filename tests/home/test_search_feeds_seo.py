"""Search (per site, diacritic- and case-blind), feeds, robots.txt, sitemap, sharing tags.
Runs on whichever database is configured (SQLite by default, PostgreSQL with DATABASE_URL)."""

import xml.etree.ElementTree as ET

from django.db import connection

import pytest

from tests.factories import NewsPageFactory, OfficeNewsPageFactory

pytestmark = pytest.mark.django_db


def get(client, site, path, **params):
    return client.get(path, params, HTTP_HOST=site.hostname)


@pytest.fixture
def news(school, other_school):
    return {
        "notice": NewsPageFactory.for_school(school, title="Thông báo lịch họp phụ huynh"),
        "dong": NewsPageFactory.for_school(school, title="Hội khỏe Phù Đổng cấp trường"),
        "other": NewsPageFactory.for_school(other_school, title="Thông báo nghỉ Tết"),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("thong bao", "Thông báo lịch họp phụ huynh"),
        ("THÔNG BÁO", "Thông báo lịch họp phụ huynh"),
        ("phu dong", "Hội khỏe Phù Đổng cấp trường"),
        ("dong", "THCS Kim Đồng"),
        ("họp phụ huynh", "Thông báo lịch họp phụ huynh"),
    ],
)
def test_search_ignores_diacritics_and_case(client, school, news, query, expected):
    response = get(client, school.site, "/tim-kiem/", q=query)
    assert response.status_code == 200
    html = response.content.decode()
    assert expected in html


def test_search_is_scoped_to_the_site(client, school, other_school, news):
    html = get(client, school.site, "/tim-kiem/", q="thong bao").content.decode()
    assert "Thông báo lịch họp phụ huynh" in html
    assert "Thông báo nghỉ Tết" not in html
    other = get(client, other_school.site, "/tim-kiem/", q="thong bao").content.decode()
    assert "Thông báo nghỉ Tết" in other and "lịch họp phụ huynh" not in other
    assert f'href="/tin-tuc/{news["notice"].slug}/"' in html


def test_search_without_query_or_without_match(client, school, news):
    empty = get(client, school.site, "/tim-kiem/")
    assert empty.status_code == 200 and "Tìm thấy" not in empty.content.decode()
    none = get(client, school.site, "/tim-kiem/", q="khong co gi ca xyz").content.decode()
    assert "Tìm thấy 0 kết quả" in none and "Hãy thử từ khóa khác" in none


def test_search_skips_drafts(client, school):
    draft = NewsPageFactory.for_school(school, title="Thông báo nháp chưa đăng")
    draft.unpublish()
    html = get(client, school.site, "/tim-kiem/", q="thong bao nhap").content.decode()
    assert "Thông báo nháp chưa đăng" not in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_postgres_uses_the_vietnamese_unaccent_configuration():
    from django.conf import settings

    assert settings.WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] == "vietnamese_unaccent"
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('vietnamese_unaccent', 'Trường Kim Đồng')::text")
        assert cursor.fetchone()[0] == "'dong':3 'kim':2 'truong':1"


def test_school_rss_and_atom_list_only_that_schools_news(client, school, news):
    rss = get(client, school.site, "/rss.xml")
    assert rss.status_code == 200 and rss["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(rss.content).find("channel")
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert set(titles) == {"Thông báo lịch họp phụ huynh", "Hội khỏe Phù Đổng cấp trường"}
    links = [item.findtext("link") for item in channel.findall("item")]
    assert all(link.startswith(f"http://{school.site.hostname}/tin-tuc/") for link in links)
    atom = get(client, school.site, "/atom.xml")
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert "Thông báo lịch họp phụ huynh" in atom.content.decode()


def test_portal_feed_aggregates_office_and_school_news(client, office, school, news):
    index = office.site.root_page.get_children().get(slug="tin-tuc")
    OfficeNewsPageFactory(parent=index, title="Công văn về kế hoạch năm học")
    channel = ET.fromstring(get(client, office.site, "/rss.xml").content).find("channel")
    items = {item.findtext("title"): item.findtext("link") for item in channel.findall("item")}
    assert items["Công văn về kế hoạch năm học"].startswith(
        f"http://{office.site.hostname}/tin-tuc/"
    )
    assert items["Thông báo nghỉ Tết (TH Lê Độ)"].startswith(
        "http://th-le-do.pgddthoian.test/tin-tuc/"
    )


def test_robots_txt_points_at_the_hosts_sitemap(client, school):
    response = get(client, school.site, "/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert f"Sitemap: http://{school.site.hostname}/sitemap.xml" in text
    assert "Disallow: /quan-tri/" in text


def test_sitemap_lists_only_that_sites_pages(client, school, other_school, news):
    xml = get(client, school.site, "/sitemap.xml").content.decode()
    assert f"http://{school.site.hostname}/tin-tuc/{news['notice'].slug}/" in xml
    assert other_school.site.hostname not in xml
    assert news["other"].slug not in xml


def test_share_tags_fall_back_to_the_school_identity(client, school):
    html = get(client, school.site, "/gioi-thieu/").content.decode()
    assert f'<link rel="canonical" href="http://{school.site.hostname}/gioi-thieu/">' in html
    assert 'property="og:title" content="Giới thiệu"' in html
    assert 'name="twitter:card"' in html


@pytest.mark.parametrize(
    "query", ['a"b', '"thong bao', "thong* OR (bao", "'; --", '"', "NEAR(a b)"]
)
def test_search_with_query_syntax_characters_answers_200(client, school, news, query):
    response = get(client, school.site, "/tim-kiem/", q=query)
    assert response.status_code == 200, query


def test_search_with_quotes_still_finds_the_words(client, school, news):
    html = get(client, school.site, "/tim-kiem/", q='"thong bao"').content.decode()
    assert "Thông báo lịch họp phụ huynh" in html
