"""The per-school chrome (home/chrome.py) and the view-restriction paths
(sites/restrictions.py): read once per change, and never shown stale after one."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

import pytest

from sites.models import SchoolSettings
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


def get(client, site, path="/"):
    return client.get(path, HTTP_HOST=site.hostname)


def asks_password(client, site, path):
    response = get(client, site, path)
    return response.status_code == 200 and 'name="password"' in response.content.decode()


def tables_read(client, site, path):
    with CaptureQueriesContext(connection) as queries:
        response = get(client, site, path)
    assert response.status_code == 200
    return " ".join(q["sql"] for q in queries.captured_queries)


def test_the_chrome_is_read_once_for_every_page_of_the_school(client, school, page_cache_off):
    news = NewsPageFactory.for_school(school, title="Ngày hội đọc sách")
    first = tables_read(client, school.site, "/")
    assert "sites_schoolsettings" in first  # the first page of the generation reads it
    again = tables_read(client, school.site, f"/tin-tuc/{news.slug}/")
    assert "sites_schoolsettings" not in again
    assert '"sites_school"' not in again
    assert "wagtailcore_pageviewrestriction" not in again


def test_a_settings_change_shows_at_once(client, school, page_cache_off):
    assert "Học để làm người" not in get(client, school.site).content.decode()
    settings = SchoolSettings.for_site(school.site)
    settings.motto = "Học để làm người"
    settings.save()
    assert "Học để làm người" in get(client, school.site).content.decode()


def test_a_school_renamed_shows_at_once(client, school, page_cache_off):
    get(client, school.site)
    school.name = "THCS Kim Đồng (mới)"
    school.save()
    assert "THCS Kim Đồng (mới)" in get(client, school.site).content.decode()


def test_a_restriction_added_or_lifted_takes_effect_at_once(client, school, page_cache_off):
    news = NewsPageFactory.for_school(school, title="Họp phụ huynh")
    path = f"/tin-tuc/{news.slug}/"
    assert not asks_password(client, school.site, path)
    restriction = PageViewRestriction.objects.create(
        page=news, restriction_type=PageViewRestriction.PASSWORD, password="mat-khau-1"
    )
    assert asks_password(client, school.site, path)
    restriction.delete()
    assert not asks_password(client, school.site, path)


def test_a_page_under_a_restricted_section_is_restricted(client, school, page_cache_off):
    news = NewsPageFactory.for_school(school, title="Họp phụ huynh")
    index = news.get_parent()
    path = f"/tin-tuc/{news.slug}/"
    assert not asks_password(client, school.site, path)
    PageViewRestriction.objects.create(
        page=index, restriction_type=PageViewRestriction.PASSWORD, password="mat-khau-1"
    )
    assert asks_password(client, school.site, path)
