"""Health checks for load balancers and orchestrators, answered before anything else.

- `/healthz`: the process is alive and serving (touches nothing, no database).
- `/readyz`: it can do its work: database, cache, media storage reachable and every
  migration applied; 503 otherwise.

The middleware sits first in MIDDLEWARE, so these paths answer on any Host (probes use
the server's IP; ALLOWED_HOSTS is never consulted because nothing calls get_host()),
never hit the SSL redirect, the page cache or a session, and are marked no-store. The
body names each check and says ok or the exception's class: never a message, host name
or credential.
"""

import json
import time
import uuid
from pathlib import Path

from django.core.cache import cache
from django.core.files.storage import storages
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse

HEALTH_PATHS = ("/healthz", "/readyz")
_migrations_applied = False  # once seen applied, they stay applied for this process


def check_database():
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache():
    key, value = f"readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, 10)
    try:
        # A cache that swallows errors (django-redis IGNORE_EXCEPTIONS) returns None here.
        if cache.get(key) != value:
            raise ConnectionError("cache did not return what was stored")
    finally:
        cache.delete(key)


def check_storage():
    storage = storages["default"]
    if hasattr(storage, "check"):  # object storage: both buckets answer our credentials
        storage.check()
        return
    location = Path(storage.location)
    location.mkdir(parents=True, exist_ok=True)
    probe = location / f".readyz-{uuid.uuid4().hex}"
    probe.write_bytes(b"")
    probe.unlink()


def check_migrations():
    global _migrations_applied
    if _migrations_applied:
        return
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise RuntimeError("unapplied migrations")
    _migrations_applied = True


READY_CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "storage": check_storage,
    "migrations": check_migrations,
}


def readiness():
    results, ok = {}, True
    for name, check in READY_CHECKS.items():
        if name == "migrations" and results.get("database") != "ok":
            results[name] = "skipped"
            continue
        started = time.monotonic()
        try:
            check()
            results[name] = "ok"
        except Exception as exc:  # any failure means "not ready"; report only its kind
            results[name] = f"error: {exc.__class__.__name__}"
            ok = False
        results[f"{name}_ms"] = round((time.monotonic() - started) * 1000, 1)
    return ok, results


def _json(status, payload):
    response = HttpResponse(
        json.dumps(payload), status=status, content_type="application/json; charset=utf-8"
    )
    response["Cache-Control"] = "no-store, max-age=0"
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info.rstrip("/")
        if path not in HEALTH_PATHS or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        if path == "/healthz":
            return _json(200, {"status": "ok"})
        ok, results = readiness()
        if request.method == "GET":
            for alias in connections:  # a probe every few seconds must not pin connections
                connections[alias].close_if_unusable_or_obsolete()
        return _json(200 if ok else 503, {"status": "ok" if ok else "error", "checks": results})
