"""Accounts, attacked as a person holding only a password would: every login door, the
second factor's set-up and verify screens, and the office's reset."""

import re

from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from wagtail.models import ModelLogEntry, PageViewRestriction

import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sites import two_factor
from sites.roles import OfficeRole, SchoolRole
from tests.factories import (
    UserFactory,
    enrol_second_factor,
    join_office,
    make_school_user,
    totp_code,
)

PASSWORD = "matkhau-thu-123"
pytestmark = pytest.mark.django_db

SETUP = "/quan-tri/xac-thuc/thiet-lap/"
VERIFY = "/quan-tri/xac-thuc/"


def password_login(client, username, password=PASSWORD, door="/quan-tri/login/"):
    return client.post(door, {"username": username, "password": password, "next": "/quan-tri/"})


def wrong_code_just_now(device):
    """The back-off is one second after a wrong code: on a loaded machine the next request
    may come later, so the test dates the failure to now instead of racing the clock."""
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=timezone.now())


def forget_wrong_codes(device):
    """Stand-in for waiting out django-otp's back-off after a wrong code."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )


NOT_IN = (VERIFY, SETUP, "/quan-tri/login/")


def assert_no_admin_session(client):
    """The dashboard, a listing and a form post all lead to the second factor (or the login)."""
    for path in ("/quan-tri/", "/quan-tri/pages/", "/quan-tri/images/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(NOT_IN), (path, response["Location"])
    response = client.post("/quan-tri/images/add/", {"title": "x"})
    assert response.status_code == 302 and response["Location"].startswith(NOT_IN)


def assert_refused(response):
    """Wagtail answers a PermissionDenied in the admin with a redirect to the dashboard."""
    assert response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/quan-tri/"
    ), response


@pytest.fixture
def principal(school):
    return make_school_user(school, SchoolRole.PRINCIPAL, username="hieutruong")


@pytest.fixture
def enrolled(principal):
    device, codes = enrol_second_factor(principal)
    return principal, device, codes


@pytest.fixture
def office_admin(office):

    user = UserFactory(username="phonggd")
    join_office(user, OfficeRole.ADMINISTRATOR)
    return user


# --- First login: set-up is forced ----------------------------------------------------


def test_first_login_goes_to_set_up_and_nothing_else(client, principal):
    response = password_login(client, "hieutruong")
    assert response.status_code == 302
    assert client.get("/quan-tri/")["Location"].startswith(SETUP)
    assert_no_admin_session(client)


def test_set_up_with_qr_code_then_admin(client, principal):
    password_login(client, "hieutruong")
    page = client.get(SETUP)
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and "Thiết lập xác thực hai bước" in html
    secret = re.search(r'data-totp-secret="([A-Z2-7]+)"', html).group(1)
    device = TOTPDevice.objects.get(user=principal, confirmed=False)
    assert secret == two_factor.totp_secret(device)
    assert client.get(SETUP).content.decode().count(secret) >= 1  # same device on reload

    wrong = client.post(SETUP, {"code": "000000"})
    assert "Mã chưa đúng" in wrong.content.decode()
    assert not two_factor.has_second_factor(principal)
    wrong_code_just_now(device)
    too_soon = client.post(SETUP, {"code": totp_code(device)})
    assert "Hãy chờ" in too_soon.content.decode()
    forget_wrong_codes(device)

    done = client.post(SETUP, {"code": totp_code(device), "next": "/quan-tri/pages/"})
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", done.content.decode())
    assert len(codes) == two_factor.RECOVERY_CODE_COUNT
    assert two_factor.has_second_factor(principal)
    assert client.get("/quan-tri/").status_code == 200
    assert ModelLogEntry.objects.filter(
        object_id=str(principal.pk), action=two_factor.ENROLLED_ACTION
    ).exists()


def test_superuser_must_enrol_too(client, superuser):
    password_login(client, "quantri")
    assert client.get("/quan-tri/")["Location"].startswith(SETUP)


# --- Every door, once the second factor is set up -----------------------------------


def test_admin_login_door_gives_no_admin_session(client, enrolled):
    response = password_login(client, "hieutruong")
    assert response.status_code == 302
    assert client.get("/quan-tri/")["Location"].startswith(VERIFY)
    assert_no_admin_session(client)


def test_private_page_login_door_gives_no_admin_session(client, enrolled, school):
    # Wagtail's own /_util/login/ (used for pages restricted to logged-in users).
    page = school.home_page.get_children().get(slug="tin-tuc")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    response = client.post(
        "/_util/login/",
        {"username": "hieutruong", "password": PASSWORD, "next": page.url},
        HTTP_HOST=school.site.hostname,
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session  # the password was right ...
    assert_no_admin_session(client)  # ... and yet no admin
    restricted = client.get(page.url, HTTP_HOST=school.site.hostname)
    assert restricted.status_code == 302 and restricted["Location"].startswith(VERIFY)


def test_password_reset_door_gives_no_admin_session(client, enrolled):
    user = enrolled[0]
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    start = client.get(f"/quan-tri/password_reset/confirm/{uid}/{token}/")
    assert start.status_code == 302  # Django moves the token into the session
    new_password = "mat-khau-moi-rat-dai-2026"
    done = client.post(
        start["Location"], {"new_password1": new_password, "new_password2": new_password}
    )
    assert done.status_code == 302
    assert_no_admin_session(client)
    other = Client()
    password_login(other, "hieutruong", new_password)
    assert_no_admin_session(other)


def test_django_admin_is_not_mounted(client, enrolled):
    with pytest.raises(NoReverseMatch):
        reverse("admin:index")
    assert (
        client.post("/admin/login/", {"username": "hieutruong", "password": PASSWORD}).status_code
        == 404
    )
    assert "_auth_user_id" not in client.session


def test_set_up_cannot_replace_an_existing_authenticator(client, enrolled):
    """A thief with the password must not enrol their own phone over the real one."""
    _user, device, _codes = enrolled
    password_login(client, "hieutruong")
    assert client.get(SETUP)["Location"].startswith(VERIFY)
    client.post(SETUP, {"code": "123456"})
    assert list(TOTPDevice.objects.filter(user=enrolled[0])) == [device]


# --- Verify ---------------------------------------------------------------------------


def test_code_opens_the_admin_once(client, enrolled):
    _user, device, _codes = enrolled
    password_login(client, "hieutruong")
    wrong = client.post(VERIFY, {"code": "000000"})
    assert "Mã xác thực không đúng" in wrong.content.decode()
    forget_wrong_codes(device)
    code = totp_code(device)
    response = client.post(VERIFY, {"code": code, "next": "/quan-tri/pages/"})
    assert response.status_code == 302 and response["Location"] == "/quan-tri/pages/"
    assert client.get("/quan-tri/").status_code == 200

    replay = Client()  # the same code, seen over a shoulder, a second later
    password_login(replay, "hieutruong")
    replay.post(VERIFY, {"code": code})
    assert_no_admin_session(replay)


def test_next_cannot_leave_the_site(client, enrolled):
    password_login(client, "hieutruong")
    response = client.post(VERIFY, {"code": totp_code(enrolled[1]), "next": "https://evil.test/"})
    assert response["Location"] == "/quan-tri/"


def test_recovery_code_works_once_and_is_logged(client, enrolled):
    user, _device, codes = enrolled
    password_login(client, "hieutruong")
    client.post(VERIFY, {"code": codes[0].upper()})
    assert client.get("/quan-tri/").status_code == 200
    assert StaticToken.objects.filter(device__user=user).count() == len(codes) - 1
    assert ModelLogEntry.objects.filter(
        object_id=str(user.pk), action=two_factor.RECOVERY_USED_ACTION
    ).exists()
    again = Client()
    password_login(again, "hieutruong")
    again.post(VERIFY, {"code": codes[0]})
    assert_no_admin_session(again)


def test_guessing_codes_is_slowed_down(client, enrolled):
    _user, device, _codes = enrolled
    password_login(client, "hieutruong")
    client.post(VERIFY, {"code": "000000"})
    wrong_code_just_now(device)
    response = client.post(VERIFY, {"code": totp_code(device)})  # right, but too soon
    assert "Hãy chờ" in response.content.decode()
    assert_no_admin_session(client)


def test_new_recovery_codes_replace_the_old(client, enrolled):
    user, device, codes = enrolled
    password_login(client, "hieutruong")
    client.post(VERIFY, {"code": totp_code(device)})
    assert "Tạo mã dự phòng mới" in client.get(reverse("wagtailadmin_account")).content.decode()
    assert "còn 10 mã" in client.get(reverse("two_factor_recovery_codes")).content.decode()
    response = client.post(reverse("two_factor_recovery_codes"))
    fresh = re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())
    assert len(fresh) == two_factor.RECOVERY_CODE_COUNT and not set(fresh) & set(codes)


# --- The office resets a lost phone ---------------------------------------------------


def test_office_admin_resets_a_school_users_second_factor(client, enrolled, office_admin):
    user = enrolled[0]
    client.force_login(office_admin)
    listing = client.get(reverse("truongso_accounts")).content.decode()
    assert "hieutruong" in listing and "Đã thiết lập" in listing
    url = reverse("truongso_reset_second_factor", args=[user.pk])
    assert "Xoá ứng dụng xác thực" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticToken.objects.filter(device__user=user).exists()
    entry = ModelLogEntry.objects.get(object_id=str(user.pk), action=two_factor.RESET_ACTION)
    assert entry.user == office_admin
    assert (
        "Đã đặt lại xác thực hai bước" in client.get(reverse("truongso_accounts")).content.decode()
    )

    fresh = Client()
    password_login(fresh, "hieutruong")
    assert fresh.get("/quan-tri/")["Location"].startswith(SETUP)


def test_reset_is_refused_to_school_roles_and_for_superusers(client, enrolled, school, superuser):
    user = enrolled[0]
    enrol_second_factor(superuser)
    editor = make_school_user(school, SchoolRole.EDITOR)
    client.force_login(user)  # a principal cannot reset a colleague, nor themselves here
    assert_refused(client.post(reverse("truongso_reset_second_factor", args=[editor.pk])))
    assert_refused(client.get(reverse("truongso_accounts")))
    office_admin = UserFactory(username="phonggd2")

    join_office(office_admin, OfficeRole.ADMINISTRATOR)
    client.force_login(office_admin)
    url = reverse("truongso_reset_second_factor", args=[superuser.pk])
    assert_refused(client.post(url))
    assert TOTPDevice.objects.filter(user=superuser).exists()


def test_inspector_cannot_reset(client, enrolled, office):

    inspector = UserFactory(username="kiemtra")
    join_office(inspector, OfficeRole.INSPECTOR)
    client.force_login(inspector)
    url = reverse("truongso_reset_second_factor", args=[enrolled[0].pk])
    assert_refused(client.post(url))
    assert TOTPDevice.objects.filter(user=enrolled[0]).exists()


# --- The demo and the language of these screens ----------------------------------------


def test_demo_accounts_are_enrolled_and_can_log_in(school, superuser):
    from django_otp.oath import totp

    from cms.demo.content import enrol_demo_accounts

    editor = make_school_user(school, SchoolRole.EDITOR, username=school.slug)
    secret, url, codes = enrol_demo_accounts(["quantri", school.slug, "khong-co-ai"])
    assert set(codes) == {"quantri", school.slug}
    assert url.startswith("otpauth://totp/") and "secret=" + secret in url
    from base64 import b32decode

    client = Client()
    password_login(client, school.slug)
    client.post(VERIFY, {"code": f"{totp(b32decode(secret)):06d}"})
    assert client.get("/quan-tri/").status_code == 200
    other = Client()
    password_login(other, "quantri")
    other.post(VERIFY, {"code": codes["quantri"]})
    assert other.get("/quan-tri/").status_code == 200
    assert TOTPDevice.objects.get(user=editor).confirmed


def test_account_screens_speak_vietnamese(client, principal):
    password_login(client, "hieutruong")
    pages = [client.get(SETUP), client.post(SETUP, {"code": ""})]
    enrol_second_factor(principal)
    pages += [client.get(VERIFY), client.post(VERIFY, {"code": "1"})]
    for _ in range(3):
        locked = Client().post("/quan-tri/login/", {"username": "ai-do", "password": "x"})
    pages.append(locked)
    for response in pages:
        html = response.content.decode()
        assert '<html lang="vi"' in html
        visible = re.sub(r"<script.*?</script>|<svg.*?</svg>|<[^>]+>", " ", html, flags=re.S)
        for english in ("Sign in", "token", "Account locked", "Invalid", "required", "Log out"):
            assert english not in visible, english
