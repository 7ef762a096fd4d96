"""The TLS proxy's certificate question (issue 21): 200 only for names the install
serves, and it works as the README wires it under production settings (the proxy asks
over loopback with Host 127.0.0.1 on plain HTTP)."""

import pytest

from sites.models import SchoolHostname

pytestmark = pytest.mark.django_db

ASK = "/.well-known/truongso-tls"


@pytest.fixture
def production(settings):
    """What cms/settings/production.py sets for hosts and HTTPS."""
    settings.DEBUG = False
    settings.EXTRA_ALLOWED_HOSTS = []
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    return settings


def ask(client, domain, host="127.0.0.1:8000", remote="127.0.0.1", **extra):
    return client.get(ASK, {"domain": domain}, HTTP_HOST=host, REMOTE_ADDR=remote, **extra)


def test_the_proxy_gets_an_answer_under_production_settings(client, school, production):
    alias = SchoolHostname.objects.create(school=school, hostname="thcskimdong.edu.vn")
    for domain in (school.site.hostname, school.office.site.hostname, alias.hostname):
        response = ask(client, domain)
        assert response.status_code == 200, domain  # not 400 (host), not 301 (HTTPS)
    assert ask(client, school.site.hostname.upper() + ".").status_code == 200
    assert ask(client, school.site.hostname, host="[::1]:8000", remote="::1").status_code == 200


def test_the_proxy_gets_an_answer_with_extra_allowed_hosts_too(client, school, production):
    production.EXTRA_ALLOWED_HOSTS = ["127.0.0.1"]
    assert ask(client, school.site.hostname).status_code == 200  # no 301 to HTTPS


def test_names_merely_under_an_office_domain_get_no_certificate(client, school, production):
    domain = school.office.domain
    for name in (f"rac.{domain}", f"www.{school.site.hostname}", f"a.b.{domain}", "", "x.example"):
        assert ask(client, name).status_code == 404, name


def test_only_the_proxys_own_request_skips_the_host_check(client, school, production):
    hostname = school.site.hostname
    # From outside, or forwarded by the proxy for a visitor: the usual host check.
    assert ask(client, hostname, remote="203.0.113.7").status_code == 400
    forwarded = ask(client, hostname, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert forwarded.status_code == 400
    # On a served host the ordinary rules apply (HTTPS first).
    assert ask(client, hostname, host=hostname, remote="203.0.113.7").status_code == 301
    # Only the ask path is exempt.
    assert client.get("/", HTTP_HOST="127.0.0.1:8000", REMOTE_ADDR="127.0.0.1").status_code == 400
