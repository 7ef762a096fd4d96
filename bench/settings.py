"""Settings for `make bench`: production-like (DEBUG off, whitenoise, compiled static),
loopback only, plus a header with the number of SQL queries of each response."""

import os

from cms.settings.base import *  # noqa: F403
from cms.settings.base import BASE_DIR, MIDDLEWARE

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "bench-only-not-secret")
OFFICE_DOMAIN = "bench.test"
SCHOOL_SITE_PORT = 80
ALLOWED_HOSTS = [".bench.test", "bench.test", "127.0.0.1", "localhost"]
EXTRA_ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
STATIC_ROOT = BASE_DIR / "var" / "bench" / "static"
MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]
LOGGING = {"version": 1, "disable_existing_loggers": False}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
