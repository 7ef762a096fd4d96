"""Error pages: a database outage is a 503 ("try again in a few seconds"), not a 500.

Django hands every uncaught exception, raised in a view or any middleware, to the 500
handler while the exception is being handled, so `sys.exc_info()` tells a lost database
(a PostgreSQL restart, a full connection pool) from a bug. The 503 page needs neither the
database nor the cache, carries Retry-After and is never stored by caches.
"""

import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.template import loader
from django.views.defaults import server_error as django_server_error

DATABASE_OUTAGE = (OperationalError, InterfaceError)


def is_database_outage(exc):
    if isinstance(exc, DATABASE_OUTAGE):
        return True
    # psycopg2 errors wrapped elsewhere (e.g. inside a cache or task backend).
    cause = getattr(exc, "__cause__", None)
    return isinstance(cause, DatabaseError) and isinstance(cause, DATABASE_OUTAGE)


def server_error(request, template_name="500.html"):
    exc = sys.exc_info()[1]
    if exc is not None and is_database_outage(exc):
        from django.http import HttpResponse

        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "5"
        response["Cache-Control"] = "no-store"
        return response
    return django_server_error(request, template_name)
