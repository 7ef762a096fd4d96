"""Test settings: fast hasher, immediate tasks, local-memory cache, plain static storage.
DATABASE_URL still switches the suite to PostgreSQL (the CI's second leg)."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only"  # noqa: S105
OFFICE_DOMAIN = "pgddthoian.test"
SCHOOL_SITE_PORT = 80
ALLOWED_HOSTS = ["*"]
EXTRA_ALLOWED_HOSTS = ["*"]  # host tests override this to exercise sites.hosts
WAGTAILADMIN_BASE_URL = "http://testserver"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "tests",
    }
}
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "project": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# A second install started by a test (tests/ops) sets its own.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "var" / "test-media")  # noqa: F405
PRIVATE_MEDIA_ROOT = Path(  # noqa: F405
    os.environ.get("PRIVATE_MEDIA_ROOT") or BASE_DIR / "var" / "test-private-media"  # noqa: F405
)
LOGGING = {"version": 1, "disable_existing_loggers": False}

# Serve static files straight from the finders; no collectstatic needed.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
