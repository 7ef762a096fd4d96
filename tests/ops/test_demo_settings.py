"""`make demo` runs with DEBUG off (the project's Vietnamese 404/500 pages) and still
serves media; production keeps both as they were."""

import importlib
from pathlib import Path

from django.urls import Resolver404, clear_url_caches, resolve

import pytest


def test_demo_settings_turn_debug_off_and_serve_media_only_there():
    demo = importlib.import_module("cms.settings.demo")
    assert demo.DEBUG is False and demo.DEMO_SERVE_MEDIA is True
    # Production (which needs its environment to import) never turns it on.
    production = Path(demo.__file__).with_name("production.py").read_text(encoding="utf-8")
    assert "DEMO_SERVE_MEDIA" not in production and "DEBUG = False" in production


@pytest.fixture
def fresh_urls(settings):
    import cms.urls

    def reload():
        clear_url_caches()  # resolvers are cached per urlconf module, which reload keeps
        return importlib.reload(cms.urls)

    yield reload
    settings.DEMO_SERVE_MEDIA = False
    reload()
    clear_url_caches()


def test_media_is_routed_without_debug_only_for_the_demo(settings, fresh_urls):
    settings.DEBUG = False
    settings.DEMO_SERVE_MEDIA = True
    match = resolve("/media/images/demo-1.jpg", urlconf=fresh_urls())
    assert match.func.__module__ == "django.views.static"
    assert match.kwargs["path"] == "images/demo-1.jpg"

    settings.DEMO_SERVE_MEDIA = False
    with pytest.raises(Resolver404):  # not routed at all: production's media is not Django's
        resolve("/media/images/demo-1.jpg", urlconf=fresh_urls())


@pytest.mark.django_db
def test_unknown_address_gets_the_vietnamese_404(client, school):
    response = client.get("/khong-co-trang-nay/", HTTP_HOST=school.site.hostname)
    assert response.status_code == 404
    assert "Không tìm thấy" in response.content.decode()
