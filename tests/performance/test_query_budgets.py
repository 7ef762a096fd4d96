"""Query budgets of the public pages do not grow with the number of schools."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from tests.factories import NewsPageFactory
from tests.query_budgets import PORTAL_PAGES, SCHOOL_PAGES

pytestmark = pytest.mark.django_db

# This suite's pages, by their names in the one budget table.
BUDGETS = {
    name: {**SCHOOL_PAGES, **PORTAL_PAGES}[name][1]
    for name in ("trang-chu-truong", "tin-bai", "tin-tuc", "cong-phong", "danh-ba")
}


def measure(client, pages):
    counts = {}
    for name, (host, path) in pages.items():
        client.get(path, HTTP_HOST=host)  # warm the routing cache, renditions, settings
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, HTTP_HOST=host)
        assert response.status_code == 200, f"{name}: {response.status_code}"
        counts[name] = len(queries)
    return counts


def test_query_counts_are_the_same_at_5_and_200_schools(
    client, office, school, add_bulk_schools, page_cache_off, django_assert_max_num_queries
):
    news = NewsPageFactory.for_school(school)
    pages = {
        "trang-chu-truong": (school.site.hostname, "/"),
        "tin-bai": (school.site.hostname, f"/tin-tuc/{news.slug}/"),
        "tin-tuc": (school.site.hostname, "/tin-tuc/"),
        "cong-phong": (office.site.hostname, "/"),
        "danh-ba": (office.site.hostname, "/truong-hoc/"),
    }
    add_bulk_schools(4, news=3)
    small = measure(client, pages)
    add_bulk_schools(195, news=3)
    large = measure(client, pages)
    assert large == small
    over = {name: count for name, count in large.items() if count > BUDGETS[name]}
    assert not over, f"over budget {BUDGETS}: {over}"
    for name, (host, path) in pages.items():
        with django_assert_max_num_queries(BUDGETS[name]):
            client.get(path, HTTP_HOST=host)
