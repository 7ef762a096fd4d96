"""Each process trusts the generation numbers and pages it read from the cache (Redis in
production) for a fraction of a second: a hit then costs no round trip and no unpickling,
and another server's change is still seen within a second."""

from unittest import mock

import pytest

from sites import cache as page_cache
from sites import process_memo, routing
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_cache(page_cache_on, monkeypatch):
    monkeypatch.setattr(routing, "cache_is_shared", lambda: True)
    page_cache._local_generations.clear()
    page_cache._local_responses.clear()
    yield page_cache_on
    page_cache._local_generations.clear()
    page_cache._local_responses.clear()


def get(client, school):
    return client.get("/", HTTP_HOST=school.site.hostname)


def test_a_repeated_hit_reads_nothing_from_the_shared_cache(client, school, shared_cache):
    assert get(client, school)["X-Cache"] == "MISS"
    with (
        mock.patch.object(page_cache.cache, "get", wraps=page_cache.cache.get) as cache_get,
        mock.patch.object(
            page_cache.cache, "get_many", wraps=page_cache.cache.get_many
        ) as cache_get_many,
    ):
        assert get(client, school)["X-Cache"] == "HIT"
    page_reads = [c for c in cache_get.call_args_list if str(c.args[0]).startswith("pagecache:")]
    assert page_reads == [] and cache_get_many.call_count == 0


def test_own_publish_is_seen_at_once(client, school, shared_cache):
    assert get(client, school).status_code == 200
    news = NewsPageFactory.for_school(school, title="Tin vừa đăng", live=False)
    news.save_revision().publish()
    assert "Tin vừa đăng" in get(client, school).content.decode()


def test_another_servers_change_is_seen_once_the_local_trust_expires(
    client, school, shared_cache, monkeypatch
):
    clock = [1000.0]
    monkeypatch.setattr(process_memo.time, "monotonic", lambda: clock[0])
    first = get(client, school)
    assert get(client, school)["X-Cache"] == "HIT"
    # Another app server bumps the school's generation in the shared cache.
    page_cache.cache.incr(page_cache.site_generation_key(school.site.hostname))
    assert get(client, school)["X-Cache"] == "HIT"  # still trusted for a moment
    clock[0] += page_cache.local_seconds() + 0.01
    after = get(client, school)
    assert after["X-Cache"] == "MISS"
    assert after.content == first.content
