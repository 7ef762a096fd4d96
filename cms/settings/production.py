"""Production: safe by default. Everything else comes from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import OFFICE_DOMAIN, SECRET_KEY, env_bool, env_list

DEBUG = False
if SECRET_KEY.startswith("dev-only"):
    raise ImproperlyConfigured("Đặt biến môi trường SECRET_KEY cho môi trường production.")

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
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
SCHOOL_SITE_PORT = int(os.environ.get("SCHOOL_SITE_PORT", "443"))
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
