"""The page cache against a takedown and against junk: a view restriction clears the
anonymous copies at once (and the CDN's), and random query strings add no entries."""

from django.core.cache import cache

from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.models import PageViewRestriction

import pytest

from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


def get(client, site, path="/", **params):
    return client.get(path, params, HTTP_HOST=site.hostname)


class RecordingBackend(BaseBackend):
    purged = []

    def purge(self, url):
        self.purged.append(url)


@pytest.fixture
def cdn(settings):
    RecordingBackend.purged = []
    settings.WAGTAILFRONTENDCACHE = {
        "test": {"BACKEND": "tests.performance.test_page_cache_trust.RecordingBackend"}
    }
    return RecordingBackend


@pytest.mark.parametrize("kind", [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN])
def test_restricting_a_page_takes_it_out_of_the_cache_at_once(client, school, page_cache_on, kind):
    news = NewsPageFactory.for_school(school, title="Tin sắp bị khoá")
    path = f"/tin-tuc/{news.slug}/"
    assert get(client, school.site, path).status_code == 200
    assert get(client, school.site, path)["X-Cache"] == "HIT"
    get(client, school.site)
    assert get(client, school.site)["X-Cache"] == "HIT"
    restriction = PageViewRestriction.objects.create(
        page=news, restriction_type=kind, password="matkhau"
    )
    after = get(client, school.site, path)
    assert after.get("X-Cache") != "HIT"
    assert "Tóm tắt tin bài." not in after.content.decode() or after.status_code != 200
    home = get(client, school.site)
    assert home["X-Cache"] == "MISS"  # the school's pages are re-rendered…
    assert "Tin sắp bị khoá" not in home.content.decode()  # …and listings leave it out
    # Lifting it shows the page again at once.
    restriction.delete()
    lifted = get(client, school.site, path)
    assert lifted.status_code == 200 and "Tin sắp bị khoá" in lifted.content.decode()
    assert "Tin sắp bị khoá" in get(client, school.site).content.decode()


def test_restricting_a_section_hides_its_children_from_the_cache(client, school, page_cache_on):
    news = NewsPageFactory.for_school(school, title="Tin trong mục")
    path = f"/tin-tuc/{news.slug}/"
    get(client, school.site, path)
    assert get(client, school.site, path)["X-Cache"] == "HIT"
    PageViewRestriction.objects.create(
        page=news.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    after = get(client, school.site, path)
    assert after.get("X-Cache") != "HIT" and after.status_code != 200


def test_a_restriction_purges_the_cdn_for_the_page_and_below(client, school, page_cache_on, cdn):
    news = NewsPageFactory.for_school(school, title="Tin trên CDN")
    cdn.purged.clear()
    PageViewRestriction.objects.create(
        page=news.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    assert any(url.endswith(f"/tin-tuc/{news.slug}/") for url in cdn.purged), cdn.purged
    assert any(url.endswith("/tin-tuc/") for url in cdn.purged), cdn.purged


def _entries():
    """Stored pages (a school's chrome, home/chrome.py, is one set of entries per site)."""
    return sum(":pagecache:" in key for key in getattr(cache, "_cache", {}))


def test_junk_query_strings_add_no_cache_entries(client, school, page_cache_on):
    if not hasattr(cache, "_cache"):
        pytest.skip("counts entries of the local-memory cache only")
    get(client, school.site)
    get(client, school.site, "/tin-tuc/")
    baseline = _entries()
    for n in range(30):
        assert get(client, school.site, "/", **{f"x{n}": "rac"}).status_code == 200
        get(client, school.site, "/tin-tuc/", trang=f"abc{n}")
        get(client, school.site, "/", cap="a" * 50)
    assert _entries() == baseline


def test_known_parameters_are_cached_and_tracking_tags_reuse_the_copy(
    client, school, page_cache_on
):
    assert get(client, school.site, "/tin-tuc/", trang="1")["X-Cache"] == "MISS"
    assert get(client, school.site, "/tin-tuc/", trang="1")["X-Cache"] == "HIT"
    assert get(client, school.site, "/tin-tuc/", trang="1", fbclid="abc")["X-Cache"] == "HIT"
    if hasattr(cache, "_cache"):
        before = _entries()
        for n in range(10):
            get(client, school.site, "/", fbclid=f"IwAR{n}", utm_source="zalo")
        assert _entries() <= before + 1  # at most the home's own copy
