"""URL building and host lookup stay O(1) in the number of schools."""

from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, Site

import pytest

from home.models import NewsIndexPage, NewsPage, OfficialDocumentIndexPage
from sites import routing, wagtail_compat
from tests.factories import NewsPageFactory, OfficeNewsPageFactory, make_school

pytestmark = pytest.mark.django_db


def wagtail_url_parts(page):
    """What unpatched Wagtail computes (scanning every site root path)."""
    original = wagtail_compat.ORIGINALS["_get_relevant_site_root_paths"]
    srps = original(page, page)
    return srps


def test_page_urls_are_the_ones_wagtail_would_build(office, school, other_school):
    news = NewsPageFactory.for_school(school)
    portal_news_index = office.site.root_page.get_children().get(slug="tin-tuc")
    notice = OfficeNewsPageFactory(parent=portal_news_index)
    pages = [
        news,
        notice,
        school.home_page,
        other_school.home_page,
        office.site.root_page,
        *Page.objects.filter(depth__gte=2),
    ]
    for page in pages:
        assert routing.relevant_site_root_paths(page.url_path, page) == wagtail_url_parts(page)
    assert news.get_url() == f"http://{school.site.hostname}/tin-tuc/{news.slug}/"
    assert notice.full_url == f"http://{office.domain}/tin-tuc/{notice.slug}/"
    # A page on the site being served gets a local URL.
    request = RequestFactory().get("/", HTTP_HOST=school.site.hostname)
    request._wagtail_site = school.site
    assert news.get_url(request) == f"/tin-tuc/{news.slug}/"
    assert Page.objects.get(pk=news.pk).get_url(request) == f"/tin-tuc/{news.slug}/"


def test_url_building_never_reads_every_site_root(office, add_bulk_schools, monkeypatch):
    add_bulk_schools(30, news=1)

    def forbidden(*args, **kwargs):
        raise AssertionError("Site.get_site_root_paths() scans every school")

    monkeypatch.setattr(Site, "get_site_root_paths", staticmethod(forbidden))
    news = list(NewsPage.objects.all())
    request = RequestFactory().get("/")
    request._wagtail_site = office.site
    urls = {item.get_url(request) for item in news}
    assert len(urls) == 30
    assert all(url.startswith("http://quy-mo-") for url in urls)
    # Everything is now in the shared cache: a fresh request builds them without SQL.
    request = RequestFactory().get("/")
    request._wagtail_site = office.site
    with CaptureQueriesContext(connection) as queries:
        assert {item.get_url(request) for item in NewsPage.objects.all()} == urls
    assert len(queries) == 1  # the NewsPage query itself


def test_new_school_is_routed_at_once(office, school):
    host = f"truong-moi.{office.domain}"
    request = lambda: RequestFactory().get("/", HTTP_HOST=host)  # noqa: E731
    # Unknown host: the default site (the portal) answers, and that answer is cached.
    assert routing.find_site_for_request(request()).pk == office.site_id
    new = make_school("Trường Mới", level="TH", slug="truong-moi")
    site = routing.find_site_for_request(request())
    assert site.pk == new.site_id
    assert site.root_page_id == new.home_page_id


def test_host_lookup_is_cached_and_follows_site_changes(office, school):
    old_host = school.site.hostname
    request = lambda: RequestFactory().get("/", HTTP_HOST=old_host)  # noqa: E731
    assert routing.find_site_for_request(request()).pk == school.site_id
    with CaptureQueriesContext(connection) as queries:
        assert routing.find_site_for_request(request()).pk == school.site_id
    assert len(queries) == 0
    site = school.site
    site.hostname = f"doi-ten.{office.domain}"
    site.save()
    moved = RequestFactory().get("/", HTTP_HOST=site.hostname)
    assert routing.find_site_for_request(moved).pk == school.site_id
    # The old hostname no longer serves the school (the default site answers).
    assert routing.find_site_for_request(request()).pk == office.site_id


def test_a_cached_host_starts_routing_at_its_home_without_a_query(
    client, office, school, page_cache_off, settings
):
    settings.PAGE_CACHE_LOCAL_SECONDS = 0  # the shared entry itself, not a process memo
    site = routing.site_for_hostname(school.site.hostname)
    assert type(site.root_page) is type(school.home_page.specific)
    with CaptureQueriesContext(connection) as queries:
        routing.find_site_for_request(RequestFactory().get("/", HTTP_HOST=site.hostname))
        assert site.root_page.specific is site.root_page
    assert len(queries) == 0
    # The home kept with the host is the published one as soon as it is published.
    client.get("/", HTTP_HOST=site.hostname)
    home = school.home_page.specific
    home.welcome = "<p>Chào mừng năm học mới</p>"
    home.save_revision().publish()
    html = client.get("/", HTTP_HOST=site.hostname).content.decode()
    assert "Chào mừng năm học mới" in html


def test_renamed_school_home_changes_its_urls(office, school):
    news = NewsPageFactory.for_school(school)
    assert news.get_url().startswith(f"http://{school.site.hostname}/tin-tuc/")
    home = school.home_page.specific
    home.slug = "ten-moi"
    home.save()
    fresh = NewsPage.objects.get(pk=news.pk)
    assert fresh.url_path.startswith("/ten-moi/")
    assert fresh.get_url() == f"http://{school.site.hostname}/tin-tuc/{news.slug}/"


def test_subtree_queries_use_a_path_range_and_find_the_same_pages(office, school, other_school):
    for index in range(3):
        NewsPageFactory.for_school(school, title=f"Tin {index}")
    NewsPageFactory.for_school(other_school)
    home = school.home_page
    expected = {
        p.pk for p in Page.objects.all() if p.path.startswith(home.path) and p.pk != home.pk
    }
    assert set(Page.objects.descendant_of(home).values_list("pk", flat=True)) == expected
    assert set(Page.objects.descendant_of(home, inclusive=True).values_list("pk", flat=True)) == (
        expected | {home.pk}
    )
    news_index = home.get_children().get(slug="tin-tuc")
    assert NewsPage.objects.child_of(news_index).count() == 3
    sql = str(Page.objects.descendant_of(home).query)
    assert "LIKE" not in sql.upper()  # an index range, not a prefix match
    assert routing.path_successor("00010004") == "00010005"
    assert routing.path_successor("0001000Z") == "0001001"
    assert routing.path_successor("ZZZZ") is None


def test_routing_finds_children_by_slug_through_the_tree(client, office, school, other_school):
    news = NewsPageFactory.for_school(school, title="Tin của Kim Đồng")
    NewsPageFactory.for_school(other_school, title="Tin của Lê Độ", slug=news.slug)
    response = client.get(f"/tin-tuc/{news.slug}/", HTTP_HOST=school.site.hostname)
    assert response.status_code == 200
    assert "Tin của Kim Đồng" in response.content.decode()
    assert client.get("/khong-co/", HTTP_HOST=school.site.hostname).status_code == 404
    assert routing.child_by_slug(school.home_page, "tin-tuc").depth == 3


def test_a_child_of_the_likely_type_is_read_in_one_query_any_other_as_before(school):
    news = NewsPageFactory.for_school(school, title="Tin của Kim Đồng")
    index = news.get_parent().specific
    index.add_child(instance=OfficialDocumentIndexPage(title="Văn bản", slug="van-ban"))
    home = school.home_page.specific
    request = RequestFactory().get("/")
    with CaptureQueriesContext(connection) as queries:
        section = home.route(request, ["tin-tuc"]).page  # a section, by the sections table
        article = index.route(request, [news.slug]).page  # the first type allowed below
    assert len(queries) == 2
    assert type(section) is NewsIndexPage and section.pk == index.pk
    assert type(article) is NewsPage and article.pk == news.pk
    # Another type than the likely one is found as before, and nothing is a 404.
    assert type(index.route(request, ["van-ban"]).page) is OfficialDocumentIndexPage
    with pytest.raises(Http404):
        index.route(request, ["khong-co"])
    with pytest.raises(Http404):
        home.route(request, ["khong-co"])


def test_portal_hostname_follows_the_default_site(office, school):
    assert routing.default_site_hostname() == office.domain
    make_school("Trường Thêm", level="TH")  # a new school does not forget the portal
    assert routing.default_site_hostname() == office.domain
    portal = office.site
    portal.hostname = "cong.pgddthoian.test"
    portal.save()
    assert routing.default_site_hostname() == "cong.pgddthoian.test"
