"""The client's address, the one way every rate limit in the project reads it.

`X-Forwarded-For` is a header anyone can send. It is believed only when the request
comes straight from a proxy listed in the TRUSTED_PROXIES setting (addresses or
networks), and then only as far back as the proxies are trusted: the address we use is
the right-most one in the chain that is not itself a trusted proxy. Without trusted
proxies, REMOTE_ADDR is the client, whatever the headers say.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(proxies):
    networks = []
    for item in proxies:
        try:
            networks.append(ipaddress.ip_network(item.strip(), strict=False))
        except ValueError:
            continue  # a typo in the setting must not make every address trusted
    return tuple(networks)


def _parse(address):
    try:
        return ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return None


def is_trusted_proxy(address):
    ip = _parse(address or "")
    if ip is None:
        return False
    return any(ip in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_ip(request):
    """The address of the person behind `request`, as a string (REMOTE_ADDR if unsure)."""
    remote = (request.META.get("REMOTE_ADDR") or "").strip()
    if not is_trusted_proxy(remote):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    chain = [part.strip() for part in forwarded.split(",") if part.strip()]
    # Walk from the nearest hop back; stop at the first address no trusted proxy vouches for.
    for hop in reversed(chain):
        ip = _parse(hop)
        if ip is None:
            return remote  # garbage in the chain: fall back to the proxy we know
        if not is_trusted_proxy(hop):
            return str(ip)
    return str(_parse(chain[0])) if chain else remote
