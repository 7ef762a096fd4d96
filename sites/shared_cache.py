"""Whether the Django cache is shared by every app server (Redis) or per process."""

from django.conf import settings


def cache_is_shared():
    """False for per-process caches (local memory): there another process's change is
    only seen when an entry expires, so entries must be short-lived."""
    backend = settings.CACHES["default"]["BACKEND"]
    return not any(word in backend for word in ("locmem", "dummy"))
