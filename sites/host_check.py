"""The proxy's question before it asks for a certificate: "do you serve this host?".

Caddy's on-demand TLS (`on_demand_tls { ask http://127.0.0.1:8000/.well-known/truongso-tls }`)
calls this with ?domain=<host> before requesting a certificate from the ACME CA. Only
names the install serves get 200: a Site's hostname (a school's or a portal's) or a
school's alias hostname (own domains become one of these once verified and set). A name
that merely lies under an office domain does not: any number of such names can be
pointed at the proxy, and each would cost a certificate (and the CA's rate limit).

The proxy asks over loopback with `Host: 127.0.0.1`, a name no Site has, on plain HTTP:
`TlsAskMiddleware`, before the host check and the SSL redirect, answers that request
itself, and only when it comes straight from loopback (no forwarding header, a loopback
Host), so nothing proxied from outside is exempted.
"""

import ipaddress

from django.http import HttpResponse, HttpResponseNotFound
from django.http.request import split_domain_port

from wagtail.models import Site

from .models import SchoolHostname

ASK_PATH = "/.well-known/truongso-tls"
LOOPBACK_NAMES = {"localhost"}


def serves_hostname(hostname):
    """True when `hostname` is a Site's hostname or a school's alias hostname."""
    hostname = (hostname or "").strip().lower().rstrip(".")
    if not hostname:
        return False
    return (
        Site.objects.filter(hostname=hostname).exists()
        or SchoolHostname.objects.filter(hostname=hostname).exists()
    )


def tls_allowed(request):
    if serves_hostname(request.GET.get("domain")):
        return HttpResponse("ok", content_type="text/plain")
    return HttpResponseNotFound(
        "không phục vụ tên miền này", content_type="text/plain; charset=utf-8"
    )


def _is_loopback(value):
    if value in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(value.strip("[]")).is_loopback
    except ValueError:
        return False


def is_local_ask(request):
    """The proxy's own request: the ask path, from loopback, to a loopback Host, and not
    forwarded (a proxied visitor's request carries X-Forwarded-For)."""
    if request.path_info != ASK_PATH or request.method not in ("GET", "HEAD"):
        return False
    meta = request.META
    if "HTTP_X_FORWARDED_FOR" in meta or "HTTP_FORWARDED" in meta:
        return False
    hostname = split_domain_port(request._get_raw_host())[0]
    return _is_loopback(meta.get("REMOTE_ADDR") or "") and _is_loopback(hostname)


class TlsAskMiddleware:
    """Answers the proxy's ask before the host check and the SSL redirect (see above)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_local_ask(request):
            return tls_allowed(request)
        return self.get_response(request)
