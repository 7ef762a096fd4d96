"""An unknown school address answers 404 in the portal's layout, with the directory and a
search box, and leaves no cache entry per junk hostname."""

from django.core.cache import cache

import pytest

pytestmark = pytest.mark.django_db


def routing_host_keys():
    keys = getattr(cache, "_cache", None)
    if keys is None:
        pytest.skip("the test cache backend does not list its keys (local memory expected)")
    return [k for k in keys if ":host:" in k]


def test_unknown_school_host_is_a_vietnamese_404_with_directory_and_search(client, school):
    office = school.office
    response = client.get("/", HTTP_HOST=f"khong-co-truong.{office.domain}")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không có trường nào ở địa chỉ này" in html
    assert f"khong-co-truong.{office.domain}" in html
    assert 'href="/truong-hoc/"' in html
    assert 'role="search"' in html and 'name="q"' in html
    assert office.name in html  # the office's layout


def test_known_hosts_still_answer(client, school):
    assert client.get("/", HTTP_HOST=school.site.hostname).status_code == 200
    assert client.get("/", HTTP_HOST=school.office.domain).status_code == 200


def test_junk_hostnames_leave_no_cache_entries(client, school):
    domain = school.office.domain
    client.get("/", HTTP_HOST=school.site.hostname)
    before = len(routing_host_keys())
    assert before >= 1  # a real school's host is cached
    for n in range(20):
        assert client.get("/", HTTP_HOST=f"rac-{n}.{domain}").status_code == 404
    assert len(routing_host_keys()) == before
