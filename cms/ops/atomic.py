"""A request that writes is all or nothing.

Wagtail's page create view commits the page, then its revision, then the log entry, each
on its own: a database lost in between (a PostgreSQL restart, see bench/faults.py) left a
page without a revision behind the 503 the editor saw. Django's ATOMIC_REQUESTS would
cover this, but it also wraps every read (on SQLite, with IMMEDIATE transactions, that
serialises all page views) and adds savepoint queries to every view in tests; only
requests that may write are wrapped here.
"""

from django.db import DEFAULT_DB_ALIAS, transaction

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class AtomicWritesMiddleware:
    """Last in MIDDLEWARE: every other middleware's process_view (CSRF, the admin guard)
    has run when it calls the view inside one transaction. Response rendering stays
    outside, as with ATOMIC_REQUESTS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in SAFE_METHODS:
            return None
        if DEFAULT_DB_ALIAS in getattr(view_func, "_non_atomic_requests", ()):
            return None
        with transaction.atomic(using=DEFAULT_DB_ALIAS):
            return view_func(request, *view_args, **view_kwargs)
