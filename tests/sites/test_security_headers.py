"""Production refuses weak keys; public pages and the admin carry their policies."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def import_production(secret_key):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("SECRET_KEY", "DJANGO_SETTINGS_MODULE")
    }
    if secret_key is not None:
        env["SECRET_KEY"] = secret_key
    return subprocess.run(
        [sys.executable, "-c", "import cms.settings.production"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "key",
    [
        None,  # unset: the dev default
        "x",
        "dev-only-insecure-key-change-me",
        "test-only",
        "django-insecure-" + "a1b2c3d4e5" * 6,  # Django's startproject prefix
        "q8Zt-3LwN0vR7yXk2PcE5aHj9UmB4sGd",  # random-looking but short (32 characters)
        "ab" * 40,  # long, two characters
        "CHANGEME",
    ],
)
def test_production_refuses_weak_secret_key(key):
    result = import_production(key)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "SECRET_KEY" in result.stderr


def test_production_starts_with_a_strong_secret_key():
    result = import_production(secrets.token_urlsafe(64))
    assert result.returncode == 0, result.stderr


def test_deploy_check_is_clean():
    env = {**os.environ, "SECRET_KEY": secrets.token_urlsafe(64)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            "--settings=cms.settings.production",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


# --- Headers ------------------------------------------------------------------------


def directives(header):
    parsed = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


@pytest.mark.django_db
def test_public_page_policy(client, school):
    response = client.get("/", HTTP_HOST=school.site.hostname)
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in str(policy)
    assert "nonce-" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_cached_page_keeps_the_policy(client, school):
    first = client.get("/", HTTP_HOST=school.site.hostname)
    second = client.get("/", HTTP_HOST=school.site.hostname)
    assert first["X-Cache"] == "MISS" and second["X-Cache"] == "HIT"
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_public_templates_have_no_inline_script(client, school):
    """What the policy forbids must not be on the page in the first place."""
    import re

    for path in ("/", "/gioi-thieu/", "/cong-khai/", "/tin-tuc/", "/tim-kiem/?q=a"):
        html = client.get(path, HTTP_HOST=school.site.hostname).content.decode()
        # Data blocks (JSON-LD) are not run, so CSP does not apply to them.
        assert not re.search(
            r"<script(?![^>]*\b(?:src=|type=\"application/(?:ld\+)?json))[^>]*>", html
        ), path
        assert not re.search(r"\son[a-z]+\s*=", html), path
        assert "javascript:" not in html, path


@pytest.mark.django_db
def test_admin_policy(client, superuser):
    client.force_login(superuser)
    response = client.get("/quan-tri/")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert "'self'" in policy["script-src"]
    assert response["X-Frame-Options"] == "DENY"
    login = client.get("/quan-tri/login/")
    assert directives(login["Content-Security-Policy"])["frame-ancestors"] == ["'self'"]


@pytest.mark.django_db
def test_admin_preview_may_be_framed_by_the_admin_only(client, superuser, school):
    client.force_login(superuser)
    news = school.home_page.get_children().get(slug="tin-tuc")
    response = client.get(f"/quan-tri/pages/{news.pk}/edit/preview/")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert directives(response["Content-Security-Policy"])["frame-ancestors"] == ["'self'"]


@pytest.mark.parametrize("path", ["/", "/tin-tuc/", "/quan-tri/", "/quan-tri/pages/"])
def test_built_once_policies_are_what_django_csp_builds(path, settings):
    """The two constant policies are built once per process; every header they give is
    the one django-csp's own road gives, and a settings change rebuilds them."""
    from django.http import HttpResponse
    from django.test import RequestFactory

    from csp.middleware import CSPMiddleware

    from sites.headers import SecurityHeadersMiddleware

    def headers(middleware_class):
        request = RequestFactory().get(path)
        middleware = middleware_class(lambda request: HttpResponse("x"))
        middleware.process_request(request)
        response = middleware.process_response(request, HttpResponse("x"))
        return {k: v for k, v in response.items() if "Security-Policy" in k}

    class DjangoCsp(SecurityHeadersMiddleware):
        process_response = CSPMiddleware.process_response  # django-csp's own road

    ours = headers(SecurityHeadersMiddleware)
    assert ours == headers(DjangoCsp) and "Content-Security-Policy" in ours
    assert headers(SecurityHeadersMiddleware) == ours  # the built strings, again
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    settings.CONTENT_SECURITY_POLICY_ADMIN = {"DIRECTIVES": {"default-src": ["'none'"]}}
    changed = headers(SecurityHeadersMiddleware)
    assert changed == headers(DjangoCsp)
    assert changed["Content-Security-Policy"] == "default-src 'none'"


def test_a_view_with_its_own_policy_keeps_it():
    """django-csp's decorators (here: exempt) still apply: they take django-csp's road."""
    from django.http import HttpResponse
    from django.test import RequestFactory

    from csp.decorators import csp_exempt

    from sites.headers import SecurityHeadersMiddleware

    view = csp_exempt()(lambda request: HttpResponse("x"))
    request = RequestFactory().get("/")
    middleware = SecurityHeadersMiddleware(view)
    middleware.process_request(request)
    response = middleware.process_response(request, view(request))
    assert "Content-Security-Policy" not in response
