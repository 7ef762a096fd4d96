"""Local development: the embedded default (SQLite, local media, local-memory cache)."""

from .base import *  # noqa: F403
from .base import env_bool, env_list

DEBUG = env_bool("DEBUG", True)
# `make demo PORT=8001` serves on that port: new schools' links and e-mail links follow.
DEV_PORT = os.environ.get("PORT", "8000")  # noqa: F405
SCHOOL_SITE_PORT = int(os.environ.get("SCHOOL_SITE_PORT", DEV_PORT))  # noqa: F405
OFFICE_DOMAIN = os.environ.get("OFFICE_DOMAIN", "localhost")  # noqa: F405
EXTRA_ALLOWED_HOSTS = env_list("EXTRA_ALLOWED_HOSTS", "127.0.0.1,[::1],testserver")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", f"http://localhost:{DEV_PORT}")  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}

# Serve static files straight from the finders; no collectstatic needed.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
