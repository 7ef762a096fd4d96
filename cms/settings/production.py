"""Production: safe by default. Everything else comes from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import OFFICE_DOMAIN, SECRET_KEY, env_bool, env_list

DEBUG = False

# Keys seen in tutorials, templates and this repository: anyone may know them.
KNOWN_SECRET_KEYS = {
    "dev-only-insecure-key-change-me",
    "test-only",
    "changeme",
    "change-me",
    "secret",
    "secret_key",
    "your-secret-key",
    "your-secret-key-here",
    "django-insecure",
    "x",
}
MIN_SECRET_KEY_LENGTH = 50
MIN_SECRET_KEY_DISTINCT = 12


def check_secret_key(key):
    """Refuse a key an attacker could guess: short, known, or of too few characters
    (Django's own check --deploy uses the same thresholds: 50 long, 5+ distinct)."""
    lowered = (key or "").strip().lower()
    if (
        not lowered
        or lowered in KNOWN_SECRET_KEYS
        or lowered.startswith(("dev-only", "django-insecure", "test-only"))
    ):
        raise ImproperlyConfigured(
            "SECRET_KEY chưa đặt hoặc là khoá mặc định ai cũng biết: đặt biến môi trường "
            'SECRET_KEY bằng một chuỗi ngẫu nhiên (ví dụ: python -c "import secrets; '
            'print(secrets.token_urlsafe(64))").'
        )
    if len(key) < MIN_SECRET_KEY_LENGTH or len(set(key)) < MIN_SECRET_KEY_DISTINCT:
        raise ImproperlyConfigured(
            f"SECRET_KEY quá ngắn hoặc quá đơn giản: cần ít nhất {MIN_SECRET_KEY_LENGTH} "
            f"ký tự, trong đó ít nhất {MIN_SECRET_KEY_DISTINCT} ký tự khác nhau."
        )


check_secret_key(SECRET_KEY)

# Hosts: sites.hosts.HostMiddleware (offices' domains and verified school hostnames from
# the database, no restart needed). CSRF_TRUSTED_ORIGINS only matters for cross-origin
# posts; same-origin posts on any allowed host pass Django's Origin check.
CSRF_TRUSTED_ORIGINS = env_list(
    "CSRF_TRUSTED_ORIGINS", f"https://{OFFICE_DOMAIN},https://*.{OFFICE_DOMAIN}"
)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail's previews set SAMEORIGIN on themselves
SCHOOL_SITE_PORT = int(os.environ.get("SCHOOL_SITE_PORT", "443"))
# Mail goes through the task queue (retried with backoff, failures shown to the office);
# the worker delivers it over SMTP.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "cms.ops.mail.QueuedEmailBackend")
EMAIL_DELIVERY_BACKEND = os.environ.get(
    "EMAIL_DELIVERY_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
TASKS["project"]["BACKEND"] = os.environ.get(  # noqa: F405
    "PROJECT_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"
)
