"""One page-cache entry per Site, whatever the Host header's case, port or trailing dot,
and none for names under an office domain that no Site has (issue 21)."""

from django.core.cache import cache

import pytest

pytestmark = pytest.mark.django_db


def cache_keys(prefix):
    keys = getattr(cache, "_cache", None)
    if keys is None:
        pytest.skip("the test cache backend does not list its keys (local memory expected)")
    return {k for k in keys if prefix in k}


def test_host_variants_share_one_entry(client, school, page_cache_on):
    host = school.site.hostname
    assert client.get("/", HTTP_HOST=host)["X-Cache"] == "MISS"
    pages, routes = cache_keys(":pagecache:"), cache_keys(":host:")
    for variant in (host.upper(), f"{host}:8080", f"{host}.", f"{host.title()}.:443"):
        response = client.get("/", HTTP_HOST=variant)
        assert response.status_code == 200, variant
        assert response["X-Cache"] == "HIT", variant
    assert cache_keys(":pagecache:") == pages
    assert cache_keys(":host:") == routes


def test_unknown_names_under_an_office_domain_leave_no_entries(client, office, page_cache_on):
    assert client.get("/", HTTP_HOST=office.domain).status_code == 200
    pages, routes = cache_keys("pagecache:"), cache_keys(":host:")
    for n in range(10):
        client.get("/", HTTP_HOST=f"rac-{n}.{office.domain}")
        client.get("/", HTTP_HOST=f"www.rac-{n}.{office.domain}:81")
    assert cache_keys("pagecache:") == pages
    assert cache_keys(":host:") == routes
