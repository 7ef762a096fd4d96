"""The proxy's question before it asks for a certificate: "do you serve this host?".

Caddy's on-demand TLS (`on_demand_tls { ask http://127.0.0.1:8000/.well-known/truongso-tls }`)
calls this with ?domain=<host> before requesting a certificate from the ACME CA, so
certificates are only ever issued for office domains, school hostnames and verified own
domains (never for whatever name someone points at the proxy).
"""

from django.http import HttpResponse, HttpResponseNotFound

from .hosts import host_answer


def tls_allowed(request):
    domain = (request.GET.get("domain") or "").strip().lower()
    if domain and host_answer(domain) is not None:
        return HttpResponse("ok", content_type="text/plain")
    return HttpResponseNotFound(
        "không phục vụ tên miền này", content_type="text/plain; charset=utf-8"
    )
