"""The public websites as a parent sees them: school home, sections, portal."""

import datetime
import re
from pathlib import Path

import pytest

from home.models import NEWS_PER_PAGE, NewsCategory
from tests.factories import NewsPageFactory, make_school

from .conftest import fill_portal, fill_school, section

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(school, office):
    fill_school(school)
    fill_portal(office)
    return school


def get(client, site, path="/", **params):
    return client.get(path, params, HTTP_HOST=site.hostname)


def test_school_home_shows_identity_notices_news_and_contacts(client, filled, office):
    response = get(client, filled.site)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "user-scalable" not in html and "maximum-scale" not in html
    assert 'class="skip-link" href="#noi-dung"' in html
    # Header: school name, office linking to the portal, the four sections, search.
    assert "THCS Kim Đồng" in html
    assert f'<a href="{office.portal_url}">{office.name}</a>' in html
    for path in ("/gioi-thieu/", "/cong-khai/", "/chuyen-mon/", "/tin-tuc/"):
        assert f'href="{path}"' in html
    assert 'action="/tim-kiem/"' in html
    # Identity from settings: colour custom property, logo, motto.
    assert "--brand:#0b5394" in html
    assert "Dạy tốt – Học tốt" in html
    assert 'class="brand-logo"' in html
    # Pinned notice first, office notices link to the one original on the portal.
    assert "Thông báo tuyển sinh lớp 6" in html
    assert f'href="{office.portal_url}/tin-tuc/' in html
    assert "Thông báo về lịch thi học kỳ 1" in html
    # News with responsive thumbnails in WebP with a JPEG fallback.
    assert html.count("Hội thi giáo viên dạy giỏi") == 3
    assert 'type="image/webp"' in html and ".jpg" in html
    # Công khai, quick links, contacts; footer.
    assert 'class="highlight" href="/cong-khai/"' in html
    assert "https://sll.example.vn/" in html
    assert 'href="tel:02353861234"' in html
    assert "Trực thuộc Phòng Giáo dục và Đào tạo Hội An" in html


def test_school_home_is_under_100_kb_with_css_and_js(client, filled):
    from django.contrib.staticfiles import finders

    html = get(client, filled.site).content
    css = sum(
        Path(finders.find(href.decode().removeprefix("/static/"))).stat().st_size
        for href in re.findall(rb'href="(/static/[^"]+\.css)"', html)
    )
    scripts = re.findall(rb"<script[^>]+src=", html)
    assert scripts == []  # the theme needs no JavaScript
    assert css > 0
    print(f"trang chủ trường: HTML {len(html)} B + CSS {css} B + JS 0 B = {len(html) + css} B")
    assert len(html) + css < 100 * 1024


def test_school_colour_sets_readable_text_colour(client, filled):
    from sites.models import SchoolSettings

    SchoolSettings.objects.filter(site=filled.site).update(primary_colour="#ffd966")
    html = get(client, filled.site).content.decode()
    assert "--brand:#ffd966;--on-brand:#000000;--nav-shade:rgba(255,255,255,.4)" in html


@pytest.mark.parametrize("colour", ["#0b5394", "#ffd966", "#777777", "#c00000", "#2e7d32"])
def test_text_on_any_school_colour_meets_wcag_aa(colour):
    from home.templatetags.identity import text_colour_for

    def luminance(hex_colour):
        def channel(v):
            v /= 255
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)

    text, background = luminance(text_colour_for(colour)), luminance(colour)
    ratio = (max(text, background) + 0.05) / (min(text, background) + 0.05)
    assert ratio >= 4.5


def test_introduction_shows_structured_content(client, filled):
    html = get(client, filled.site, "/gioi-thieu/").content.decode()
    assert "Chức năng, nhiệm vụ" in html
    assert "Tổ Toán – Tin" in html
    assert "Hiệu trưởng" in html and 'href="mailto:hoa@example.vn"' in html
    assert "openstreetmap.org" in html
    assert "Chi bộ" in html and "thành lập năm 1975" in html
    assert "12 Lê Lợi, Hội An" in html


def test_news_index_categories_pagination_and_archive(client, school):
    for n in range(NEWS_PER_PAGE + 2):
        NewsPageFactory.for_school(school, title=f"Tin số {n}", date=datetime.date(2026, 9, 1))
    NewsPageFactory.for_school(
        school,
        title="Tuyên truyền an toàn giao thông",
        category=NewsCategory.LEGAL,
        date=datetime.date(2026, 3, 2),
    )
    first = get(client, school.site, "/tin-tuc/").content.decode()
    assert first.count('class="card"') == NEWS_PER_PAGE
    assert 'href="?trang=2"' in first
    assert "Tháng 9/2026" in first and "Tháng 3/2026" in first
    second = get(client, school.site, "/tin-tuc/", trang=2).content.decode()
    assert second.count('class="card"') == 3
    assert f'<link rel="canonical" href="http://{school.site.hostname}/tin-tuc/?trang=2">' in second
    assert get(client, school.site, "/tin-tuc/", trang=9).status_code == 404
    category = get(
        client, school.site, "/tin-tuc/chuyen-muc/tuyen-truyen-phap-luat/"
    ).content.decode()
    assert "Tuyên truyền an toàn giao thông" in category and "Tin số 1<" not in category
    assert 'aria-current="page">Tuyên truyền pháp luật' in category
    month = get(client, school.site, "/tin-tuc/2026/3/").content.decode()
    assert "Tuyên truyền an toàn giao thông" in month and "Tin số 1<" not in month
    assert get(client, school.site, "/tin-tuc/chuyen-muc/khong-co/").status_code == 404


def test_a_publish_or_unpublish_shows_in_the_news_lists_and_archive_at_once(client, school):
    # The archive's figures are kept with the school's chrome (home/chrome.py).
    NewsPageFactory.for_school(school, title="Tin tháng ba", date=datetime.date(2026, 3, 2))
    draft = NewsPageFactory.for_school(
        school, title="Tin tháng năm", date=datetime.date(2026, 5, 4), live=False
    )
    before = get(client, school.site, "/tin-tuc/").content.decode()
    assert "Tháng 3/2026</a> (1)" in before and "Tháng 5/2026" not in before
    assert get(client, school.site, "/tin-tuc/2026/5/").content.decode().count('class="card"') == 0
    draft.save_revision().publish()
    after = get(client, school.site, "/tin-tuc/").content.decode()
    assert "Tháng 5/2026</a> (1)" in after and "Tin tháng năm" in after
    assert get(client, school.site, "/tin-tuc/2026/5/").content.decode().count('class="card"') == 1
    draft.refresh_from_db()
    draft.unpublish()
    again = get(client, school.site, "/tin-tuc/").content.decode()
    assert "Tháng 5/2026" not in again and "Tin tháng năm" not in again


def test_category_and_month_lists_page_by_their_own_number_of_items(client, school):
    # The lists' lengths come from the archive's figures (no COUNT query of their own).
    for n in range(NEWS_PER_PAGE + 1):
        NewsPageFactory.for_school(
            school,
            title=f"Tin pháp luật {n}",
            category=NewsCategory.LEGAL,
            date=datetime.date(2026, 3, 1 + n),
        )
    NewsPageFactory.for_school(school, title="Tin tháng tư", date=datetime.date(2026, 4, 2))
    legal = "/tin-tuc/chuyen-muc/tuyen-truyen-phap-luat/"
    assert 'href="?trang=2"' in get(client, school.site, legal).content.decode()
    assert get(client, school.site, legal, trang=2).content.decode().count('class="card"') == 1
    teaching = "/tin-tuc/chuyen-muc/hoat-dong-day-hoc/"
    assert 'href="?trang=2"' not in get(client, school.site, teaching).content.decode()
    assert get(client, school.site, teaching, trang=2).status_code == 404
    march = get(client, school.site, "/tin-tuc/2026/3/").content.decode()
    assert 'href="?trang=2"' in march and "Tin tháng tư" not in march
    assert get(client, school.site, "/tin-tuc/2026/4/", trang=2).status_code == 404
    assert "Tháng 3/2026</a> (13)" in march


def test_news_page_shows_date_category_body_and_attachments(client, filled):
    news = section(filled, "tin-tuc").get_children().live().last().specific
    response = get(client, filled.site, f"/tin-tuc/{news.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert news.date.strftime("%d/%m/%Y") in html
    assert "Hoạt động dạy học" in html
    assert "Nhà trường tổ chức hội thi Đồng Khánh." in html
    assert "Tệp đính kèm" in html and "Kế hoạch hội thi" in html
    assert "(PDF, 2,0\xa0KB)" in html or "(PDF, 2.0\xa0KB)" in html
    assert "<picture>" in html and 'type="image/webp"' in html
    assert '"@type": "NewsArticle"' in html
    assert 'property="og:image"' in html and 'property="og:type" content="article"' in html
    assert (
        f'<link rel="canonical" href="http://{filled.site.hostname}/tin-tuc/{news.slug}/">' in html
    )


def test_professional_documents_grouped_by_year_and_kind(client, filled):
    html = get(client, filled.site, "/chuyen-mon/").content.decode()
    assert html.index("Năm học 2025-2026") < html.index("Năm học 2024-2025")
    year_2025 = html[html.index("Năm học 2025-2026") : html.index("Năm học 2024-2025")]
    assert "Kế hoạch dạy học" in year_2025 and "Đề kiểm tra" in year_2025
    assert html.count(" download>") == 3


def test_portal_home_lists_office_news_and_every_schools_news(client, filled, office, other_school):
    NewsPageFactory.for_school(other_school, title="Tin từ trường Lê Độ")
    html = get(client, office.site).content.decode()
    assert "Thông báo về lịch thi học kỳ 1" in html
    assert f'href="{other_school.base_url}/tin-tuc/' in html
    assert "Tin từ trường Lê Độ" in html and "TH Lê Độ" in html
    assert "123/PGDĐT" in html
    assert 'href="/truong-hoc/"' in html


def test_school_directory_filters_by_level_and_searches_without_accents(
    client, filled, office, other_school
):
    make_school("Trường Mầm non Hoa Sen", level="MN", office=office)
    everyone = get(client, office.site, "/truong-hoc/").content.decode()
    assert "THCS Kim Đồng" in everyone and "TH Lê Độ" in everyone and "Hoa Sen" in everyone
    assert f'href="{filled.base_url}/"' in everyone
    primary = get(client, office.site, "/truong-hoc/", cap="TH").content.decode()
    assert "TH Lê Độ" in primary and "THCS Kim Đồng" not in primary
    found = get(client, office.site, "/truong-hoc/", q="kim dong").content.decode()
    assert "THCS Kim Đồng" in found and "TH Lê Độ" not in found
    assert "Có 1 trường." in found


def test_official_documents_filter_by_issuer(client, filled, office):
    html = get(client, office.site, "/van-ban/").content.decode()
    assert "123/PGDĐT" in html and "45/SGDĐT" in html
    filtered = get(
        client, office.site, "/van-ban/", **{"co-quan": "Sở GDĐT Quảng Nam"}
    ).content.decode()
    assert "45/SGDĐT" in filtered and "123/PGDĐT" not in filtered
    assert "Trần Văn Bình" in filtered and "Tải về" in filtered


def test_office_news_index_and_page(client, filled, office):
    html = get(client, office.site, "/tin-tuc/").content.decode()
    assert "Thông báo về lịch thi học kỳ 2" in html
    link = re.search(r'href="(/tin-tuc/[^"]+/)"', html).group(1)
    page = get(client, office.site, link)
    assert page.status_code == 200 and "Thông báo về lịch thi học kỳ" in page.content.decode()


def test_school_home_has_school_json_ld(client, filled):
    html = get(client, filled.site).content.decode()
    assert '"@type": "School"' in html and '"telephone": "0235 3861 234"' in html
    assert 'property="og:image" content="http://' in html


def test_404_is_vietnamese_in_the_school_theme(client, filled):
    response = get(client, filled.site, "/khong-co-trang-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html and "THCS Kim Đồng" in html


def test_500_template_renders_without_the_database(django_assert_num_queries):
    from django.template.loader import render_to_string

    with django_assert_num_queries(0):
        html = render_to_string("500.html")
    assert "Trang đang gặp sự cố" in html and 'lang="vi"' in html


def test_restricted_pages_leave_every_listing(client, school):
    from wagtail.models import PageViewRestriction

    from home.models import NewsPage
    from home.visibility import without_restricted
    from tests.factories import NewsPageFactory

    open_news = NewsPageFactory.for_school(school, title="Tin công khai")
    closed = NewsPageFactory.for_school(school, title="Tin nội bộ")
    portal = school.office.site.hostname
    listings = [
        (host, path)
        for host in (school.site.hostname, portal)
        for path in ("/", "/tim-kiem/?q=tin", "/rss.xml", "/atom.xml")
    ] + [(school.site.hostname, "/tin-tuc/"), (school.site.hostname, "/sitemap.xml")]
    # Read once before: what is kept of the restrictions (sites/restrictions.py) follows.
    html = client.get("/tim-kiem/?q=tin", HTTP_HOST=school.site.hostname).content.decode()
    assert "Tin nội bộ" in html
    PageViewRestriction.objects.create(page=closed, restriction_type=PageViewRestriction.LOGIN)
    assert list(without_restricted(NewsPage.objects.live())) == [open_news]
    for host, path in listings:
        html = client.get(path, HTTP_HOST=host).content.decode()
        assert open_news.slug in html and closed.slug not in html, (host, path)
        if "sitemap" not in path:
            assert "Tin công khai" in html and "Tin nội bộ" not in html, (host, path)


@pytest.mark.parametrize("other_restrictions", [0, 25])
def test_restricted_subtrees_leave_listings_by_prefix_or_subquery(
    school, other_restrictions, django_assert_num_queries
):
    """A few restricted pages are excluded by path prefix, many by one subquery; the
    answer is the same, and a restriction added later is seen at once (the paths' cache
    entry is dropped)."""
    from wagtail.models import PageViewRestriction

    from home.models import NewsPage
    from home.visibility import PREFIXES_MAX, without_restricted
    from tests.factories import NewsPageFactory

    kept = NewsPageFactory.for_school(school, title="Tin công khai")
    hidden = NewsPageFactory.for_school(school, title="Tin nội bộ")
    for number in range(other_restrictions):
        other = NewsPageFactory.for_school(school, title=f"Tin riêng {number}")
        PageViewRestriction.objects.create(page=other, restriction_type=PageViewRestriction.LOGIN)
    news = NewsPage.objects.filter(pk__in=[kept.pk, hidden.pk])
    assert set(without_restricted(news)) == {kept, hidden}
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    assert (other_restrictions + 1 > PREFIXES_MAX) == bool(other_restrictions)
    assert list(without_restricted(news)) == [kept]
    with django_assert_num_queries(1):  # the paths come from the cache: the listing only
        assert list(without_restricted(news)) == [kept]


def test_school_home_weighs_at_most_50_kb_with_its_css_and_js(client, filled):
    """HTML + every stylesheet and script the school home loads (images are lazy)."""
    import re

    from django.contrib.staticfiles import finders

    response = get(client, filled.site, "/")
    html = response.content.decode()
    total = len(response.content)
    assets = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html)
    assets += re.findall(r'<script[^>]+src="([^"]+)"', html)
    for url in assets:
        path = finders.find(url.split("/static/", 1)[1].split("?")[0])
        assert path, url
        with open(path, "rb") as handle:
            total += len(handle.read())
    assert assets, "the page loads its stylesheet"
    assert total <= 50 * 1024, f"{total} bytes"
