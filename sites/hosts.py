"""Which hostnames this install answers, and the 301s of school alias hostnames.

Offices and schools are added while the app runs, so a fixed ALLOWED_HOSTS cannot list
them. Settings therefore set ALLOWED_HOSTS = ["*"] and this middleware, placed first,
does the job Django's check did: a request whose Host is not an office domain (or below
one), a school's site hostname or a school's alias is refused with 400 before anything
reads the host — no password-reset mail, absolute URL or cache key is ever built from an
attacker's Host header. Answers come from the shared cache (routing generation), so a new
office or verified domain is accepted by every app server without a restart.

CSRF: Django compares Origin with the request's own host for same-origin posts, so a form
posted on a school's own domain passes once that host is allowed here; CSRF_TRUSTED_ORIGINS
is only needed for cross-origin posts, which this project does not make.
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponseBadRequest, HttpResponsePermanentRedirect
from django.http.request import split_domain_port, validate_host
from django.utils.encoding import escape_uri_path

from wagtail.models import Site

from . import receivers, routing
from .models import Office, School, SchoolHostname

ALLOWED = "ok"


def _lookup(hostname):
    """ALLOWED, a redirect {"root": root URL, "paths": {old: new}} (an alias of a
    school), or None (unknown)."""
    alias = (
        SchoolHostname.objects.filter(hostname=hostname)
        .values_list("school__site__hostname", "school__site__port", "paths")
        .first()
    )
    if alias is not None:
        return {"root": Site(hostname=alias[0], port=alias[1]).root_url, "paths": alias[2] or {}}
    if Site.objects.filter(hostname=hostname).exists():
        return ALLOWED
    # An office domain or any name below it (a school not yet provisioned answers 404
    # from Wagtail, not a host error).
    labels = hostname.split(".")
    candidates = [".".join(labels[i:]) for i in range(len(labels))]
    if Office.objects.filter(domain__in=candidates).exists():
        return ALLOWED
    return None


def host_answer(hostname):
    hostname = hostname.lower().rstrip(".")
    key = f"routing:{routing.generation()}:allowed:{hostname}"
    answer = routing.local.get(key)
    if answer is routing.local.missing:
        answer = cache.get(key)
        if answer is None:
            answer = _lookup(hostname) or ""
            cache.set(key, answer, routing.entry_timeout())
        routing.local.put(key, answer)
    return answer or None


def static_hosts():
    """Hosts always accepted (development names, health checks): EXTRA_ALLOWED_HOSTS."""
    return getattr(settings, "EXTRA_ALLOWED_HOSTS", [])


class HostMiddleware:
    """Host validation backed by the offices and schools in the database, and the 301
    from a school's alias (or pre-move) hostname to its main hostname, same path."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raw = request._get_raw_host()
        hostname, _port = split_domain_port(raw)
        if not hostname:
            return HttpResponseBadRequest("Tên miền không hợp lệ.")
        if validate_host(hostname, static_hosts()):
            return self.get_response(request)
        answer = host_answer(hostname)
        if answer is None:
            return HttpResponseBadRequest(
                "Tên miền không được phục vụ ở đây.", content_type="text/plain; charset=utf-8"
            )
        if answer != ALLOWED:
            return HttpResponsePermanentRedirect(alias_target(answer, request))
        return self.get_response(request)


def alias_target(answer, request):
    """The same path on the school's main hostname, or the page's new path when it
    moved there in a merge (its old one was taken)."""
    path = escape_uri_path(answer["paths"].get(request.path, request.path))
    query = request.META.get("QUERY_STRING", "")
    return answer["root"] + path + (f"?{query}" if query else "")


def _hosts_changed(sender, instance, raw=False, **kwargs):
    routing.invalidate()


def connect_receivers():
    """Called by SitesConfig.ready(). School too: a school moved to another office
    changes portals' scopes (office_scope)."""
    receivers.connect(_hosts_changed, (Office, School, SchoolHostname))
