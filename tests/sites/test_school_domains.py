"""Tên miền: the office administrator sets a school's main hostname and aliases in the
admin (and with `manage.py set_school_domain`). Under the office's domains a hostname is
applied at once; any other needs a DNS TXT or file proof first (fake resolver and fetcher
here). Only administrators who manage the school reach the screen."""

import socket
from io import StringIO
from types import SimpleNamespace

from django.core.management import CommandError, call_command
from django.urls import reverse

import pytest

import sites.domains
from sites.models import HostnameProof, School, SchoolHostname
from sites.roles import OfficeRole, SchoolRole
from tests.factories import make_office_user, make_school, make_school_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def hosts_checked(settings):
    # The test settings accept every host; here sites.hosts must answer (aliases: 301).
    settings.EXTRA_ALLOWED_HOSTS = ["testserver"]


@pytest.fixture
def wards(province):
    so, ward_a, ward_b, schools = province
    return so, ward_a, ward_b, schools["a1"], schools["a2"], schools["b1"]


@pytest.fixture
def admin_a(client, wards):
    client.force_login(make_office_user(wards[1], OfficeRole.ADMINISTRATOR, "quantri-a"))
    return client


def url_of(school):
    return reverse("truong_hoc:domains", args=[school.pk])


def state(school):
    """What the screen may change: the main hostname and every alias of every school."""
    school = School.objects.select_related("site").get(pk=school.pk)
    return school.site.hostname, sorted(SchoolHostname.objects.values_list("hostname", "school"))


def errors(response):
    return " ".join(response.context["form"].non_field_errors())


def fake_dns(monkeypatch, records):
    seen = []

    def resolver(name):
        seen.append(name)
        return records(name)

    monkeypatch.setattr(sites.domains, "dns_txt", resolver)
    return seen


# --- Under the office's domains: applied at once ----------------------------------------------


def test_hostnames_under_the_office_domain_are_applied_and_aliases_redirect(admin_a, wards):
    _so, _ward_a, _ward_b, a1, _a2, _b1 = wards
    old_host = a1.hostname
    page = admin_a.get(url_of(a1))
    assert page.status_code == 200
    assert page.context["form"].initial["main"] == old_host
    response = admin_a.post(
        url_of(a1),
        {
            "main": " KimDong.HoiAn.SoGDDaNang.test. ",
            "aliases": "www.kimdong.hoian.sogddanang.test\n\n  thcs.hoian.sogddanang.test \n",
        },
    )
    assert response.status_code == 302 and response["Location"] == url_of(a1)
    a1.refresh_from_db()
    assert a1.site.hostname == "kimdong.hoian.sogddanang.test"
    aliases = set(a1.hostnames.values_list("hostname", flat=True))
    assert aliases == {"www.kimdong.hoian.sogddanang.test", "thcs.hoian.sogddanang.test", old_host}
    assert not HostnameProof.objects.exists()  # no proof needed under the office's domain

    for alias in ("www.kimdong.hoian.sogddanang.test", old_host):
        moved = admin_a.get("/gioi-thieu/?a=1", HTTP_HOST=alias)
        assert moved.status_code == 301
        assert moved["Location"] == "http://kimdong.hoian.sogddanang.test/gioi-thieu/?a=1"
    assert admin_a.get("/", HTTP_HOST="kimdong.hoian.sogddanang.test").status_code == 200

    shown = admin_a.get(url_of(a1)).content.decode()
    assert "www.kimdong.hoian.sogddanang.test" in shown and "Đã lưu tên miền" in shown

    # Removing an alias from the list removes it (and it stops answering).
    admin_a.post(url_of(a1), {"main": "kimdong.hoian.sogddanang.test", "aliases": ""})
    assert not a1.hostnames.exists()
    # Still a name below the office's domain (Wagtail's 404), no longer a redirect.
    assert admin_a.get("/", HTTP_HOST=old_host).status_code == 404


# --- Own domains: a proof first ---------------------------------------------------------------


def test_own_domain_waits_for_the_dns_proof_then_applies(admin_a, wards, monkeypatch):
    _so, ward_a, _ward_b, a1, _a2, _b1 = wards
    before = state(a1)
    data = {"main": "thcskimdong.edu.vn", "aliases": "www.thcskimdong.edu.vn"}
    response = admin_a.post(url_of(a1), data)
    assert response.status_code == 200
    assert state(a1) == before  # nothing applied yet
    proof = HostnameProof.objects.get()
    # One proof: the alias lies under the main hostname, whose proof covers it.
    assert (proof.office, proof.hostname, proof.verified_at) == (
        ward_a,
        "thcskimdong.edu.vn",
        None,
    )
    html = response.content.decode()
    assert "_truongso-xac-minh.thcskimdong.edu.vn" in html
    assert f"truongso-xac-minh={proof.token}" in html
    assert "http://thcskimdong.edu.vn/.well-known/truongso-xac-minh.txt" in html
    assert 'value="check"' in html and "Kiểm tra" in html
    assert "cần được xác minh" in html

    # Saving again issues no second token.
    admin_a.post(url_of(a1), data)
    assert HostnameProof.objects.get().token == proof.token

    seen = fake_dns(monkeypatch, lambda name: ["v=spf1 -all"])
    refused = admin_a.post(url_of(a1), {**data, "action": "check", "method": "dns"})
    assert refused.status_code == 200
    assert "Chưa thấy mã xác minh cho thcskimdong.edu.vn" in errors(refused)
    assert seen == ["_truongso-xac-minh.thcskimdong.edu.vn"]
    assert state(a1) == before
    assert HostnameProof.objects.get().verified_at is None

    fake_dns(monkeypatch, lambda name: ["v=spf1 -all", f"truongso-xac-minh={proof.token}"])
    applied = admin_a.post(url_of(a1), {**data, "action": "check", "method": "dns"})
    assert applied.status_code == 302
    proof.refresh_from_db()
    assert proof.verified_at is not None and proof.method == "dns"
    assert (
        proof.evidence
        == f"TXT _truongso-xac-minh.thcskimdong.edu.vn: truongso-xac-minh={proof.token}"
    )
    a1.refresh_from_db()
    assert a1.site.hostname == "thcskimdong.edu.vn"
    redirect = admin_a.get("/tin-tuc/", HTTP_HOST="www.thcskimdong.edu.vn")
    assert redirect.status_code == 301
    assert redirect["Location"] == "http://thcskimdong.edu.vn/tin-tuc/"
    assert admin_a.get("/", HTTP_HOST="thcskimdong.edu.vn").status_code == 200


def test_own_domain_by_file_proof(admin_a, wards, monkeypatch):
    _so, _ward_a, _ward_b, _a1, a2, _b1 = wards
    data = {"main": "thleDo.example.vn", "aliases": ""}
    admin_a.post(url_of(a2), data)
    proof = HostnameProof.objects.get(hostname="thledo.example.vn")
    fetched = []
    monkeypatch.setattr(
        sites.domains, "fetch_text", lambda url: fetched.append(url) or f"{proof.token}\n"
    )
    response = admin_a.post(url_of(a2), {**data, "action": "check", "method": "file"})
    assert response.status_code == 302
    assert fetched == ["http://thledo.example.vn/.well-known/truongso-xac-minh.txt"]
    proof.refresh_from_db()
    assert proof.method == "file" and proof.evidence.startswith("GET http://thledo.example.vn/")
    a2.refresh_from_db()
    assert a2.site.hostname == "thledo.example.vn"


def test_check_of_a_hostname_that_needs_no_proof_just_applies(admin_a, wards, monkeypatch):
    _so, _ward_a, _ward_b, a1, _a2, _b1 = wards
    fake_dns(monkeypatch, lambda name: pytest.fail("no lookup needed"))
    response = admin_a.post(
        url_of(a1), {"main": "kd.hoian.sogddanang.test", "aliases": "", "action": "check"}
    )
    assert response.status_code == 302
    a1.refresh_from_db()
    assert a1.site.hostname == "kd.hoian.sogddanang.test"


# --- Refusals: a clear message, nothing half-saved -------------------------------------------


@pytest.mark.parametrize(
    ("main", "aliases", "message"),
    [
        ("thcs kim dong!", "", "không hợp lệ"),
        ("", "", "Hãy nhập tên miền chính"),
        ("kimdong", "", "ít nhất hai phần"),
        ("hoian.sogddanang.test", "", "tên miền cổng"),
        ("sogddanang.test", "", "tên miền cổng"),
        (
            "kd.hoiantay.sogddanang.test",
            "",
            "thuộc tên miền của đơn vị khác (UBND phường Hội An Tây)",
        ),
        # One bad alias among good ones: none of them is saved.
        ("kd.hoian.sogddanang.test", "ok.hoian.sogddanang.test\n-xau-.vn", "không hợp lệ"),
    ],
)
def test_bad_hostnames_are_refused_and_nothing_changes(admin_a, wards, main, aliases, message):
    a1 = wards[3]
    before = state(a1)
    response = admin_a.post(url_of(a1), {"main": main, "aliases": aliases})
    assert response.status_code == 200
    assert message in errors(response) or message in response.content.decode()
    assert state(a1) == before
    assert not HostnameProof.objects.exists()


def test_hostnames_of_another_school_are_refused(admin_a, wards):
    _so, _ward_a, _ward_b, a1, a2, b1 = wards
    SchoolHostname.objects.create(school=b1, hostname="cu.hoiantay.sogddanang.test", reason="moved")
    before = state(a1)
    for main, aliases in (
        (b1.hostname, ""),  # another ward's school's main hostname
        (a2.hostname, ""),  # a school of the same ward
        ("kd.hoian.sogddanang.test", "cu.hoiantay.sogddanang.test"),  # another school's alias
    ):
        response = admin_a.post(url_of(a1), {"main": main, "aliases": aliases})
        assert "đang được dùng cho trường hoặc đơn vị khác" in errors(response), main
        assert state(a1) == before


def test_every_problem_is_listed_at_once(admin_a, wards):
    _so, _ward_a, _ward_b, a1, _a2, b1 = wards
    response = admin_a.post(url_of(a1), {"main": "a_b.vn", "aliases": f"x y\n{b1.hostname}"})
    listed = list(response.context["form"].non_field_errors())
    assert len(listed) == 2 and all("không hợp lệ" in e for e in listed)


def test_a_proof_of_another_office_does_not_count(admin_a, wards, monkeypatch):
    _so, _ward_a, ward_b, a1, _a2, _b1 = wards
    HostnameProof.objects.create(
        office=ward_b,
        hostname="thcskimdong.edu.vn",
        token="t",
        method="dns",
        verified_at="2025-01-01T00:00Z",
    )
    before = state(a1)
    response = admin_a.post(url_of(a1), {"main": "thcskimdong.edu.vn", "aliases": ""})
    assert response.status_code == 200 and state(a1) == before
    assert HostnameProof.objects.filter(office=wards[1], verified_at=None).count() == 1


# --- Who may use it -------------------------------------------------------------------------


def test_another_wards_school_is_404_and_unchanged(admin_a, wards):
    b1 = wards[5]
    before = state(b1)
    assert admin_a.get(url_of(b1)).status_code == 404
    response = admin_a.post(url_of(b1), {"main": "chiem.hoian.sogddanang.test", "aliases": ""})
    assert response.status_code == 404
    assert admin_a.post(url_of(b1), {"main": "x.vn", "action": "check"}).status_code == 404
    assert state(b1) == before and not HostnameProof.objects.exists()


def test_inspectors_and_school_staff_are_refused(client, wards):
    _so, ward_a, _ward_b, a1, _a2, _b1 = wards
    before = state(a1)
    for user in (
        make_office_user(ward_a, OfficeRole.INSPECTOR),
        make_school_user(a1, SchoolRole.PRINCIPAL),
    ):
        client.force_login(user)
        for response in (
            client.get(url_of(a1)),
            client.post(url_of(a1), {"main": "x.hoian.sogddanang.test"}),
        ):
            # PermissionDenied: 403 from the admin guard (school staff), or Wagtail's
            # "no permission" redirect to the dashboard (inspectors).
            assert response.status_code == 403 or (
                response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
            ), user
    assert state(a1) == before


def test_so_admin_manages_a_wards_school(client, wards):
    so, _ward_a, _ward_b, a1, _a2, _b1 = wards
    client.force_login(make_office_user(so, OfficeRole.ADMINISTRATOR))
    response = client.post(url_of(a1), {"main": "kimdong.sogddanang.test", "aliases": ""})
    assert response.status_code == 302
    a1.refresh_from_db()
    assert a1.site.hostname == "kimdong.sogddanang.test"


def test_school_list_and_edit_link_to_the_screen(admin_a, wards):
    a1, b1 = wards[3], wards[5]
    listing = admin_a.get(reverse("truong_hoc:index")).content.decode()
    assert url_of(a1) in listing and url_of(b1) not in listing
    edit = admin_a.get(reverse("truong_hoc:edit", args=[a1.pk])).content.decode()
    assert url_of(a1) in edit


# --- The command ----------------------------------------------------------------------------


def run(*args):
    out = StringIO()
    call_command("set_school_domain", *args, stdout=out, skip_checks=True)
    return out.getvalue()


def test_command_sets_hostnames_idempotently(wards):
    a1 = wards[3]
    old = a1.hostname
    args = [
        "--school",
        a1.slug,
        "--main",
        "kd.hoian.sogddanang.test",
        "--alias",
        "www.kd.hoian.sogddanang.test",
    ]
    assert "Đã đặt tên miền" in run(*args)
    a1.refresh_from_db()
    assert a1.site.hostname == "kd.hoian.sogddanang.test"
    assert set(a1.hostnames.values_list("hostname", flat=True)) == {
        "www.kd.hoian.sogddanang.test",
        old,
    }
    # Same again (the old address stays an alias when listed): nothing changes.
    args += ["--alias", old]
    assert "không có gì thay đổi" in run(*args)
    assert "không có gì thay đổi" in run(*args)


def test_command_needs_the_proof_then_checks_it(wards, monkeypatch):
    a1 = wards[3]
    before = state(a1)
    with pytest.raises(CommandError) as refused:
        run("--school", a1.slug, "--main", "thcskimdong.edu.vn")
    proof = HostnameProof.objects.get()
    assert "Chưa thay đổi gì" in str(refused.value)
    assert f"truongso-xac-minh={proof.token}" in str(refused.value)
    assert "--kiem-tra dns" in str(refused.value)
    assert state(a1) == before

    fake_dns(monkeypatch, lambda name: [])
    with pytest.raises(CommandError, match="Chưa thấy mã xác minh"):
        run("--school", a1.slug, "--main", "thcskimdong.edu.vn", "--kiem-tra", "dns")
    assert state(a1) == before

    fake_dns(monkeypatch, lambda name: [f"truongso-xac-minh={proof.token}"])
    assert "Đã đặt tên miền" in run(
        "--school", a1.slug, "--main", "thcskimdong.edu.vn", "--kiem-tra", "dns"
    )
    a1.refresh_from_db()
    assert a1.site.hostname == "thcskimdong.edu.vn"


def test_command_errors_are_vietnamese(wards):
    a1, b1 = wards[3], wards[5]
    with pytest.raises(CommandError, match="Không có trường mã"):
        run("--school", "khong-co", "--main", "x.hoian.sogddanang.test")
    with pytest.raises(CommandError, match="đang được dùng"):
        run("--school", a1.slug, "--main", b1.hostname)
    with pytest.raises(CommandError, match="không hợp lệ"):
        run("--school", a1.slug, "--main", "x..vn")


class FakeConnection:
    """Stands in for http.client.HTTPConnection: records where it was sent."""

    made = []
    status, body = 200, b""

    def __init__(self, host, port, timeout):
        self.made.append((host, port))

    def request(self, method, path, headers):
        self.made.append((method, path, headers["Host"]))

    def getresponse(self):
        return SimpleNamespace(status=self.status, read=lambda size: self.body[:size])

    def close(self):
        pass


@pytest.fixture
def connection(monkeypatch):
    import http.client

    class Connection(FakeConnection):
        made = []

    monkeypatch.setattr(http.client, "HTTPConnection", Connection)
    return Connection


@pytest.mark.parametrize("address", ["127.0.0.1", "10.0.0.5", "169.254.169.254", "::1"])
def test_the_file_check_never_fetches_an_internal_address(monkeypatch, connection, address):
    """The administrator types the hostname: it must not make the server fetch from its
    own network (metadata service, Redis, the database's host)."""
    from sites import domains

    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    monkeypatch.setattr(
        socket, "getaddrinfo", lambda host, port: [(family, 1, 6, "", (address, 0))]
    )
    assert domains.fetch_text("http://thcskimdong.edu.vn/.well-known/x.txt") == ""
    assert connection.made == []


def test_the_file_check_connects_to_the_address_it_checked(monkeypatch, connection):
    """DNS rebinding: the first answer is public, the next one 127.0.0.1. The name is
    resolved once and the connection goes to the checked address, Host header intact."""
    from sites import domains

    answers = iter(["93.184.216.34", "127.0.0.1"])
    lookups = []

    def rebinding(host, port):
        lookups.append(host)
        return [(socket.AF_INET, 1, 6, "", (next(answers), 0))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    connection.body = b"ma-xac-minh\n"
    text = domains.fetch_text("http://thcskimdong.edu.vn/.well-known/x.txt")
    assert text == "ma-xac-minh\n"
    assert lookups == ["thcskimdong.edu.vn"]
    assert connection.made == [
        ("93.184.216.34", 80),
        ("GET", "/.well-known/x.txt", "thcskimdong.edu.vn"),
    ]


def test_the_file_check_does_not_follow_redirects(monkeypatch, connection):
    from sites import domains

    monkeypatch.setattr(
        socket, "getaddrinfo", lambda host, port: [(socket.AF_INET, 1, 6, "", ("93.184.216.34", 0))]
    )
    connection.status, connection.body = 302, b"ma-xac-minh"
    assert domains.fetch_text("http://thcskimdong.edu.vn/.well-known/x.txt") == ""
    assert len(connection.made) == 2  # one request, nothing followed


def test_a_name_taken_at_the_same_moment_is_a_vietnamese_error_and_nothing_changes(monkeypatch, db):
    """Two administrators save the same alias at once: the database's unique index
    stops the second, who gets a message, not a 500."""
    from django.db import IntegrityError

    from sites import domains

    school = make_school("THCS Kim Đồng")
    before = (school.site.hostname, list(school.hostnames.values_list("hostname", flat=True)))

    def clash(*args, **kwargs):
        raise IntegrityError("UNIQUE constraint failed: sites_schoolhostname.hostname")

    monkeypatch.setattr(SchoolHostname.objects, "update_or_create", clash)
    with pytest.raises(domains.DomainError, match="cùng lúc"):
        domains.set_school_hostnames(school, school.site.hostname, [f"www.{school.site.hostname}"])
    school.refresh_from_db()
    assert (
        school.site.hostname,
        list(school.hostnames.values_list("hostname", flat=True)),
    ) == before
