"""The anonymous page cache: hits, and never stale or personal."""

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory

import pytest

from home.models import NewsPage, OfficeNewsPage
from sites.cache import AnonymousPageCacheMiddleware
from tests.factories import NewsPageFactory, OfficeNewsPageFactory, make_school_user

pytestmark = pytest.mark.django_db


def get(client, site, path="/", **extra):
    return client.get(path, HTTP_HOST=site.hostname, **extra)


def test_second_anonymous_visit_is_a_hit_without_sql(
    client, school, page_cache_on, django_assert_num_queries
):
    first = get(client, school.site)
    assert first.status_code == 200
    assert first["X-Cache"] == "MISS"
    assert "public" in first["Cache-Control"] and "max-age=60" in first["Cache-Control"]
    with django_assert_num_queries(0):
        second = get(client, school.site)
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content
    head = client.head("/", HTTP_HOST=school.site.hostname)
    assert head["X-Cache"] == "HIT" and head.content == b""


def test_publishing_clears_the_school_and_the_portal_only(
    client, office, school, other_school, page_cache_on
):
    for site in (school.site, other_school.site, office.site):
        assert get(client, site).status_code == 200
        assert get(client, site)["X-Cache"] == "HIT"
    news = NewsPageFactory.for_school(school, title="Khai giảng năm học mới")
    news.save_revision().publish()
    fresh = get(client, school.site)
    assert fresh["X-Cache"] == "MISS"
    assert "Khai giảng năm học mới" in fresh.content.decode()
    assert get(client, office.site)["X-Cache"] == "MISS"
    assert get(client, other_school.site)["X-Cache"] == "HIT"


def test_drafts_keep_the_school_and_the_portal_cached(client, office, school, page_cache_on):
    live = NewsPageFactory.for_school(school, title="Tin đã đăng")
    for site in (school.site, office.site):
        assert get(client, site).status_code == 200
        assert get(client, site)["X-Cache"] == "HIT"
    index = school.home_page.get_children().get(slug="tin-tuc")
    draft = index.add_child(instance=NewsPage(title="Tin nháp", date=live.date, live=False))
    draft.save_revision()
    live.title = "Tin đã đăng, bản sửa chưa duyệt"
    live.save_revision()
    for site in (school.site, office.site):
        response = get(client, site)
        assert response["X-Cache"] == "HIT"
        assert "Tin nháp" not in response.content.decode()
    live.get_latest_revision().publish()
    fresh = get(client, school.site)
    assert fresh["X-Cache"] == "MISS"
    assert "bản sửa chưa duyệt" in fresh.content.decode()
    assert get(client, office.site)["X-Cache"] == "MISS"


def test_unpublish_and_delete_are_not_served_stale(client, school, page_cache_on):
    news = NewsPageFactory.for_school(school, title="Tin sắp gỡ xuống")
    path = f"/tin-tuc/{news.slug}/"
    assert get(client, school.site, path).status_code == 200
    assert get(client, school.site, path)["X-Cache"] == "HIT"
    assert "Tin sắp gỡ xuống" in get(client, school.site).content.decode()
    news.unpublish()
    assert get(client, school.site, path).status_code == 404
    assert "Tin sắp gỡ xuống" not in get(client, school.site).content.decode()
    other = NewsPageFactory.for_school(school, title="Tin sẽ bị xoá")
    assert "Tin sẽ bị xoá" in get(client, school.site).content.decode()
    assert get(client, school.site)["X-Cache"] == "HIT"
    other.delete()
    assert "Tin sẽ bị xoá" not in get(client, school.site).content.decode()


def test_office_notice_for_all_schools_clears_every_school(
    client, office, school, other_school, page_cache_on
):
    for site in (school.site, other_school.site):
        get(client, site)
        assert get(client, site)["X-Cache"] == "HIT"
    index = office.site.root_page.get_children().get(slug="tin-tuc")
    notice = OfficeNewsPageFactory(parent=index, for_all_schools=True)
    notice.save_revision().publish()
    assert get(client, school.site)["X-Cache"] == "MISS"
    assert get(client, other_school.site)["X-Cache"] == "MISS"
    assert OfficeNewsPage.objects.filter(for_all_schools=True).count() == 1


def test_changing_a_school_clears_the_portal(client, office, school, page_cache_on):
    get(client, office.site)
    assert get(client, office.site)["X-Cache"] == "HIT"
    school.address = "12 Trần Hưng Đạo"
    school.save()
    assert get(client, office.site)["X-Cache"] == "MISS"


def test_logged_in_users_never_get_or_fill_the_cache(client, school, page_cache_on):
    editor = make_school_user(school, "editor")
    client.force_login(editor)
    for _ in range(2):
        response = get(client, school.site)
        assert response.status_code == 200
        assert "X-Cache" not in response
        assert "public" not in response.get("Cache-Control", "")
    client.logout()
    client.cookies.clear()
    assert get(client, school.site)["X-Cache"] == "MISS"


def test_search_results_are_not_cached(client, office, page_cache_on):
    for _ in range(2):
        response = get(client, office.site, "/", data={"q": "kim dong"})
        assert "X-Cache" not in response


def test_a_response_with_a_csrf_token_is_not_cached(page_cache_on, school):
    calls = []

    def view_with_form(request):
        calls.append(1)
        return HttpResponse(
            f'<form><input name="csrfmiddlewaretoken" value="{get_token(request)}">'
        )

    middleware = AnonymousPageCacheMiddleware(view_with_form)
    factory = RequestFactory()
    for _ in range(2):
        response = middleware(factory.get("/lien-he/", HTTP_HOST=school.site.hostname))
        assert "X-Cache" not in response
        assert "private" in response["Cache-Control"]
    assert len(calls) == 2


def test_responses_that_set_cookies_or_fail_are_not_cached(page_cache_on, school):
    def view(request):
        response = HttpResponse("xin chào", status=404 if "loi" in request.path else 200)
        if "cookie" in request.path:
            response.set_cookie("theo-doi", "1")
        return response

    middleware = AnonymousPageCacheMiddleware(view)
    factory = RequestFactory()
    for path in ("/cookie/", "/loi/"):
        for _ in range(2):
            assert "X-Cache" not in middleware(factory.get(path, HTTP_HOST=school.site.hostname))
    middleware(factory.get("/tot/", HTTP_HOST=school.site.hostname))
    assert middleware(factory.get("/tot/", HTTP_HOST=school.site.hostname))["X-Cache"] == "HIT"
