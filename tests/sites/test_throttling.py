"""Guessing passwords: per account and per address, slowed then locked; the office sees
it; X-Forwarded-For counts only from a trusted proxy."""

import datetime

from django.test import Client, RequestFactory
from django.urls import reverse

import pytest
from axes.models import AccessAttempt, AccessFailureLog

from sites.net import client_ip
from sites.roles import OfficeRole, SchoolRole
from tests.factories import UserFactory, join_office, make_school_user

PASSWORD = "matkhau-thu-123"
pytestmark = pytest.mark.django_db


def attempt(client, username, password="sai-mat-khau", door="/quan-tri/login/", **extra):
    return client.post(door, {"username": username, "password": password}, **extra)


def time_passes(seconds):
    """Move every recorded failure back in time (the clock moving forward)."""
    for row in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=row.pk).update(
            attempt_time=row.attempt_time - datetime.timedelta(seconds=seconds)
        )


def logged_in(client):
    return "_auth_user_id" in client.session


@pytest.fixture
def teacher(school):
    return make_school_user(school, SchoolRole.TEACHER, username="giaovien")


def test_account_is_slowed_then_locked(client, teacher, settings):
    for _ in range(2):
        assert attempt(client, "giaovien").status_code == 200  # the form again, with its error
    slowed = attempt(client, "giaovien")  # third failure: from now on, wait between tries
    assert slowed.status_code == 429
    assert "Hãy chờ 2 giây" in slowed.content.decode()
    assert int(slowed["Retry-After"]) == 2
    refused = attempt(client, "giaovien", PASSWORD)  # right password, too soon
    assert refused.status_code == 429 and not logged_in(client)

    time_passes(3)
    assert attempt(client, "giaovien").status_code == 429  # 4th failure: wait 4 s
    time_passes(5)
    locked = attempt(client, "GiaoVien")  # 5th (usernames count case-insensitively)
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "tạm thời bị khoá" in text and "15 phút" in text

    time_passes(10 * 60)
    assert attempt(client, "giaovien", PASSWORD).status_code == 429 and not logged_in(client)
    time_passes(6 * 60)  # past the 15 minutes
    assert attempt(client, "giaovien", PASSWORD).status_code == 302 and logged_in(client)
    assert not AccessAttempt.objects.filter(username="giaovien").exists()


def test_lock_holds_on_every_door(client, teacher):
    for _ in range(5):
        attempt(client, "giaovien")
        time_passes(120)
    for door in ("/quan-tri/login/", "/_util/login/"):
        response = attempt(Client(), "giaovien", PASSWORD, door=door)
        assert response.status_code == 429, door


def test_address_is_slowed_then_locked_across_accounts(client, school):
    """One address trying many accounts, each only twice (never enough to slow an
    account): after 10 failures each try waits longer, at 20 the address is locked."""
    statuses, waits, locked = [], [], None
    names = [f"tk{n}" for n in range(40) for _twice in range(2)]
    for name in names:
        response = attempt(client, name)
        statuses.append(response.status_code)
        if response.status_code == 429 and "Hãy chờ" in response.content.decode():
            waits.append(int(response["Retry-After"]))
            time_passes(waits[-1])  # a patient attacker waits exactly as told
        elif response.status_code == 429:
            locked = len(statuses)
            break
    assert statuses[:9] == [200] * 9
    assert locked == 20
    assert waits == [2, 4, 8, 16, 32, 60, 60, 60, 60, 60]
    assert AccessFailureLog.objects.filter(ip_address="127.0.0.1").count() == 20
    make_school_user(school, SchoolRole.EDITOR, username="moi")
    response = attempt(client, "moi", PASSWORD)
    assert response.status_code == 429 and "tạm thời bị khoá" in response.content.decode()
    assert attempt(Client(REMOTE_ADDR="192.0.2.8"), "moi", PASSWORD).status_code == 302


def test_forged_forwarded_for_does_not_dodge_the_lock(client, teacher):
    for n in range(5):
        attempt(client, "giaovien", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
        time_passes(120)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}
    assert attempt(client, "giaovien", PASSWORD).status_code == 429


def test_trusted_proxy_passes_the_client_address(client, teacher, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    attempt(client, "giaovien", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.7"]


def test_successful_login_forgets_only_the_account(client, school, teacher):
    make_school_user(school, SchoolRole.EDITOR, username="khac")
    attempt(client, "khac")
    attempt(client, "giaovien")
    assert attempt(client, "giaovien", PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="giaovien").exists()
    assert AccessAttempt.objects.filter(username="khac").exists()


def test_office_sees_failures_and_unlocks(client, office, school, teacher):

    for _ in range(5):
        attempt(Client(), "giaovien")
        time_passes(120)
    attempt(Client(), "nguoi-la")  # no such account: only superusers see those
    office_admin = UserFactory(username="phonggd")
    join_office(office_admin, OfficeRole.ADMINISTRATOR)
    client.force_login(office_admin)
    html = client.get(reverse("truongso_accounts")).content.decode()
    failures = html[html.index('id="dang-nhap-sai"') :]
    assert failures.count("giaovien") == 5 and "nguoi-la" not in failures
    assert "Mở khoá đăng nhập" in html

    assert client.post(reverse("truongso_unlock", args=[teacher.pk])).status_code == 302
    assert attempt(Client(), "giaovien", PASSWORD).status_code == 302
    assert "Đã mở khoá đăng nhập" in client.get(reverse("truongso_accounts")).content.decode()


def test_school_user_cannot_unlock(client, school, teacher):
    for _ in range(5):
        attempt(Client(), "giaovien")
        time_passes(120)
    principal = make_school_user(school, SchoolRole.PRINCIPAL)
    client.force_login(principal)
    client.post(reverse("truongso_unlock", args=[teacher.pk]))
    assert attempt(Client(), "giaovien", PASSWORD).status_code == 429


# --- sites.net.client_ip ----------------------------------------------------------


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        ([], "203.0.113.5", "198.51.100.1", "203.0.113.5"),  # no proxy trusted: header ignored
        (["10.0.0.0/8"], "203.0.113.5", "198.51.100.1", "203.0.113.5"),  # not from the proxy
        (["10.0.0.0/8"], "10.0.0.2", "198.51.100.1", "198.51.100.1"),
        # The client wrote a fake first hop; the proxy appended the real one.
        (["10.0.0.0/8"], "10.0.0.2", "1.2.3.4, 198.51.100.1", "198.51.100.1"),
        # Two trusted hops (CDN edge inside the trusted range, then nginx).
        (["10.0.0.0/8"], "10.0.0.2", "198.51.100.1, 10.0.0.9", "198.51.100.1"),
        (["10.0.0.0/8"], "10.0.0.2", "", "10.0.0.2"),
        (["10.0.0.0/8"], "10.0.0.2", "not-an-ip", "10.0.0.2"),
        (["::1"], "::1", "2001:db8::7", "2001:db8::7"),
        (["bogus", "10.0.0.0/8"], "10.0.0.2", "198.51.100.1", "198.51.100.1"),
    ],
)
def test_client_ip(settings, proxies, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
