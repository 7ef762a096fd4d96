"""/healthz and /readyz: any host, never cached, no secrets, and they really fail."""

import json

from django.core.cache import cache
from django.db import connection

import pytest

from cms.ops import health

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict_hosts(settings):
    settings.ALLOWED_HOSTS = ["pgddthoian.test", ".pgddthoian.test"]


def get(client, path, host="10.0.0.7"):
    return client.get(path, HTTP_HOST=host)


def test_healthz_answers_on_any_host_without_the_database(client, strict_hosts):
    with pytest.MonkeyPatch.context() as patch:
        # Any database use would raise here.
        patch.setattr(connection, "cursor", lambda *a, **k: pytest.fail("DB used"))
        response = get(client, "/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]
    # Other paths on an unknown host are still refused.
    assert get(client, "/").status_code == 400


def test_readyz_reports_every_check(client, strict_hosts, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    response = get(client, "/readyz/")
    body = json.loads(response.content)
    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert {k: v for k, v in body["checks"].items() if not k.endswith("_ms")} == {
        "database": "ok",
        "cache": "ok",
        "storage": "ok",
        "migrations": "ok",
    }
    assert "no-store" in response["Cache-Control"]
    assert "Set-Cookie" not in response.headers


def test_readyz_is_never_cached_by_the_page_cache(client, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    assert get(client, "/readyz", host="pgddthoian.test").status_code == 200
    monkeypatch.setitem(health.READY_CHECKS, "cache", _fail(ConnectionRefusedError))
    response = get(client, "/readyz", host="pgddthoian.test")
    assert response.status_code == 503  # a fresh answer, not a stored 200
    assert not [key for key in cache._cache if "pagecache:" in key and "readyz" in key]


def _fail(exc_class):
    def check():
        raise exc_class("redis://:hunter2@10.1.1.1:6379/3 refused")

    return check


def test_readyz_fails_without_leaking_the_reason(client, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setitem(health.READY_CHECKS, "database", _fail(ConnectionError))
    response = get(client, "/readyz")
    body = json.loads(response.content)
    assert response.status_code == 503
    assert body["status"] == "error"
    assert body["checks"]["database"] == "error: ConnectionError"
    assert body["checks"]["migrations"] == "skipped"
    assert (
        "hunter2" not in response.content.decode() and "10.1.1.1" not in response.content.decode()
    )


def test_readyz_fails_when_a_cache_swallows_errors(client, settings, tmp_path, monkeypatch):
    """django-redis with IGNORE_EXCEPTIONS returns None instead of raising."""
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(cache, "get", lambda *a, **k: None)
    response = get(client, "/readyz")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["cache"] == "error: ConnectionError"


def test_readyz_fails_with_unapplied_migrations(client, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(health, "_migrations_applied", False)
    from django.db.migrations.recorder import MigrationRecorder

    MigrationRecorder.Migration.objects.filter(app="cms").delete()
    response = get(client, "/readyz")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["migrations"] == "error: RuntimeError"


def test_readyz_fails_when_storage_is_unreachable(client, settings, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    settings.MEDIA_ROOT = blocker / "media"
    response = get(client, "/readyz")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["storage"].startswith("error: ")


def test_a_lost_database_is_a_vietnamese_503(client, monkeypatch):
    from django.db import OperationalError

    from sites import routing

    def down(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(routing, "get_site_for_hostname", down)  # in a middleware
    client.raise_request_exception = False
    response = client.get("/", HTTP_HOST="pgddthoian.test")
    assert response.status_code == 503
    assert response["Retry-After"] == "5" and response["Cache-Control"] == "no-store"
    text = response.content.decode()
    assert "Hệ thống đang tạm gián đoạn" in text and "Connection refused" not in text


def test_other_errors_stay_500(client, monkeypatch):
    from sites import routing

    def bug(*args, **kwargs):
        raise ValueError("lỗi lập trình")

    monkeypatch.setattr(routing, "get_site_for_hostname", bug)
    client.raise_request_exception = False
    response = client.get("/", HTTP_HOST="pgddthoian.test")
    assert response.status_code == 500
    assert "Trang đang gặp sự cố" in response.content.decode()
