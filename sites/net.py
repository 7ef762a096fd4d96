"""The one rule for a request's client address.

X-Forwarded-For is believed only when the direct peer (REMOTE_ADDR) is one of the
TRUSTED_PROXIES (addresses or networks); then the client is the right-most address of
the header that is not itself a trusted proxy. Anything else is spoofable by anyone."""

import ipaddress

from django.conf import settings


def _networks():
    return [ipaddress.ip_network(item, strict=False) for item in settings.TRUSTED_PROXIES]


def _is_trusted(address, networks):
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR", "")
    networks = _networks()
    if not _is_trusted(remote, networks):
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for address in reversed([part for part in forwarded if part]):
        if not _is_trusted(address, networks):
            try:
                return str(ipaddress.ip_address(address))
            except ValueError:
                return remote  # garbage in the header: fall back to the proxy itself
    return remote
