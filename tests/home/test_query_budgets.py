"""Every public page renders in a fixed number of SQL queries, whatever the number of
schools: each page gets ONE budget, checked in a world of 5 schools and of 200.

One world is built per test process (module-scoped, rolled back afterwards): measured
at 5 schools, grown to 200 and measured again. Each page is requested once before it is
measured, so one-time work (image renditions written on first view, the routing cache)
is not counted. The anonymous page cache is off: these are real renders.
"""

import datetime

from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from cms.demo.sections import seed_office_sections, seed_school_sections
from home.events import EventPage
from home.models import (
    NewsGalleryPhoto,
    NewsPage,
    OfficeNewsPage,
    OfficialDocumentPage,
    ProfessionalDocumentPage,
)
from home.schedule import monday_of
from sites.models import School
from sites.process_memo import forget_everything
from tests.factories import ImageFactory, NewsPageFactory, make_office, make_school
from tests.query_budgets import PORTAL_PAGES, SCHOOL_PAGES

from .conftest import fill_portal, fill_school

# The marker also tells pytest-django to create the test database for this module.
pytestmark = pytest.mark.django_db

WORLD_SIZES = [5, 200]


def build_world(office, school, existing, size):
    """Grow the world to `size` schools, each new one with a news item of its own (and
    every tenth with filled enrolment, schedule, questions, consultation and events)."""
    for n in range(existing, size):
        other = make_school(
            f"Trường Thử Nghiệm {n}", level=("TH", "THCS", "MN")[n % 3], office=office
        )
        if n % 10 == 0:
            seed_school_sections(other)
        NewsPageFactory.for_school(
            other,
            title=f"Thông báo của trường thử {n}",
            date=datetime.date(2026, 10, 1) - datetime.timedelta(days=n % 30),
        )


def add_gallery(school, photos=3):
    """A gallery on the school's newest news item: the home shows its first photos."""
    news = NewsPage.objects.descendant_of(school.home_page).order_by("-date", "-pk").first()
    for n in range(photos):
        NewsGalleryPhoto.objects.create(
            page=news,
            image=ImageFactory(collection=school.collection),
            caption=f"Ảnh hoạt động {n + 1}",
            sort_order=n,
        )


def page_paths(office, school):
    home_len = len(school.home_page.url_path) - 1
    portal_len = len(office.site.root_page.url_path) - 1
    return {
        "news": NewsPage.objects.descendant_of(school.home_page).first().url_path[home_len:],
        "professional": ProfessionalDocumentPage.objects.descendant_of(school.home_page)
        .first()
        .url_path[home_len:],
        "office_news": OfficeNewsPage.objects.first().url_path[portal_len:],
        "official": OfficialDocumentPage.objects.first().url_path[portal_len:],
        "event": EventPage.objects.descendant_of(school.home_page).first().url_path[home_len:],
        "last_week": (monday_of(timezone.localdate()) - datetime.timedelta(days=7)).isoformat(),
        "year": timezone.localdate().year,
        "month": timezone.localdate().month,
    }


def measure(client, host, path):
    client.get(path, HTTP_HOST=host)  # warm-up: renditions, routing cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, HTTP_HOST=host)
    assert response.status_code in (200, 404), (path, response.status_code)
    return len(queries), response


@pytest.fixture(scope="module")
def counts(django_db_setup, django_db_blocker):
    """{(page name, number of schools): queries}. One world, grown from 5 to 200 schools
    inside a transaction that is rolled back at the end (built once per test process)."""
    found = {}
    with django_db_blocker.unblock(), override_settings(PAGE_CACHE_ENABLED=False):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            office = make_office()
            school = make_school("THCS Kim Đồng", level="THCS", office=office)
            fill_school(school)
            add_gallery(school)
            fill_portal(office)
            seed_school_sections(school)
            seed_office_sections()
            existing = 1
            client = Client()
            for size in WORLD_SIZES:
                build_world(office, school, existing, size)
                existing = size
                assert School.objects.count() == size
                paths = page_paths(office, school)
                for pages, host in (
                    (SCHOOL_PAGES, school.site.hostname),
                    (PORTAL_PAGES, office.site.hostname),
                ):
                    for name, (path, _budget) in pages.items():
                        cache.clear()
                        forget_everything()  # and this process's copies of its entries
                        count, response = measure(client, host, path.format(**paths))
                        found[name, size] = count
                        if name == "danh-ba":
                            assert school.name in response.content.decode()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
    return found


@pytest.mark.parametrize("name", [*SCHOOL_PAGES, *PORTAL_PAGES])
def test_page_costs_the_same_budget_at_5_and_200_schools(counts, name):
    budget = {**SCHOOL_PAGES, **PORTAL_PAGES}[name][1]
    seen = {size: counts[name, size] for size in WORLD_SIZES}
    print(
        f"{name:22} "
        + "  ".join(f"{size} trường: {n}" for size, n in seen.items())
        + f"  (ngân sách {budget})"
    )
    for size, count in seen.items():
        assert count <= budget, f"{name}: {count} queries > {budget} with {size} schools"
    assert len(set(seen.values())) == 1, f"{name}: query count depends on schools: {seen}"
