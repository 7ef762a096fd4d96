"""Staff added without a password are invited: a Vietnamese e-mail naming the school or
office and the role, with a set-password link that works once and expires; the office
sees who has not accepted and resends; "Quên mật khẩu" works for every active account."""

import datetime
import re
from io import StringIO

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from wagtail.models import ModelLogEntry

import pytest

from sites import invitations
from sites.roles import OfficeRole, SchoolRole
from tests.factories import make_office_user

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Hoa-phuong-do-2026"


def link_in(message):
    return re.search(r"https?://\S+/quan-tri/loi-moi/\S+/", message.body).group(0)


def path_of(link):
    return "/" + link.split("/", 3)[3]


def accept(client, link, password=NEW_PASSWORD):
    """Open the link as the invited person would and set a password."""
    host = link.split("/")[2].split(":")[0]
    first = client.get(path_of(link), HTTP_HOST=host)
    assert first.status_code == 302  # the token moves from the URL to the session
    form_url = first["Location"]
    page = client.get(form_url, HTTP_HOST=host)
    return page, client.post(
        form_url, {"new_password1": password, "new_password2": password}, HTTP_HOST=host
    )


def add_staff(school_code, role, username, *extra):
    """`add_school_user` as an office would run it (no password: an invitation)."""
    out = StringIO()
    call_command(
        "add_school_user",
        "--school",
        school_code,
        "--role",
        role,
        "--username",
        username,
        "--email",
        f"{username}@example.test",
        *extra,
        stdout=out,
    )
    return out.getvalue()


@pytest.fixture
def ward_admin(province):
    _so, ward_a, _ward_b, _schools = province
    return make_office_user(ward_a, OfficeRole.ADMINISTRATOR, username="quantri-hoian")


def test_the_add_user_screen_invites_and_the_person_sets_a_password(client, province, ward_admin):
    _so, ward_a, _ward_b, schools = province
    school = schools["a1"]
    client.force_login(ward_admin)
    mail.outbox.clear()
    response = client.post(
        reverse("truong_hoc:add_user", args=[school.pk]),
        {
            "role": SchoolRole.EDITOR,
            "username": "bientap.kimdong",
            "email": "bientap@kimdong.example.test",
            "first_name": "Lan",
            "last_name": "Nguyễn Thị",
        },
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(username="bientap.kimdong")
    assert not user.has_usable_password() and invitations.is_pending(user)
    [message] = mail.outbox
    assert message.to == ["bientap@kimdong.example.test"]
    assert message.subject == "Mời đặt mật khẩu: Biên tập viên – THCS Kim Đồng"
    assert "tài khoản biên tập viên của THCS Kim Đồng" in message.body
    assert "Tên đăng nhập: bientap.kimdong" in message.body
    assert "hết hạn lúc" in message.body and "ứng dụng xác thực" in message.body
    # The link is on the portal of the school's office, where its admin is served.
    assert link_in(message).startswith(f"http://{ward_a.domain}/quan-tri/loi-moi/")
    flash = client.get(reverse("truong_hoc:index")).content.decode()
    assert "Đã gửi thư mời đặt mật khẩu tới bientap@kimdong.example.test" in flash

    # The administrator sees who has not accepted.
    screen = client.get(reverse("truongso_accounts")).content.decode()
    pending = screen.split('id="chua-nhan-loi-moi"')[1].split("</table>")[0]
    assert "bientap.kimdong" in pending and "THCS Kim Đồng" in pending

    person = Client()
    page, done = accept(person, link_in(message))
    assert "bientap.kimdong" in page.content.decode()
    assert done.status_code == 302 and done["Location"] == reverse("wagtailadmin_login")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert ModelLogEntry.objects.filter(
        object_id=str(user.pk), action=invitations.ACCEPTED_ACTION
    ).exists()
    # Used once: the same link now says it has expired or been used.
    again = person.get(path_of(link_in(message)), HTTP_HOST=ward_a.domain, follow=True)
    assert "đã hết hạn hoặc đã được dùng" in again.content.decode()
    # The first login goes to the second factor's set-up, nothing else.
    login = person.post(
        "/quan-tri/login/",
        {"username": "bientap.kimdong", "password": NEW_PASSWORD},
        HTTP_HOST=ward_a.domain,
    )
    assert login.status_code == 302
    assert person.get("/quan-tri/", HTTP_HOST=ward_a.domain)["Location"].startswith(
        "/quan-tri/xac-thuc/thiet-lap/"
    )
    # No longer waiting.
    screen = client.get(reverse("truongso_accounts")).content.decode()
    assert "bientap.kimdong" not in screen.split('id="chua-nhan-loi-moi"')[1].split("</table>")[0]


def test_the_commands_invite_unless_given_a_password(province):
    so, ward_a, _ward_b, schools = province
    mail.outbox.clear()
    out = StringIO()
    call_command(
        "add_office_user",
        "--office",
        ward_a.domain,
        "--role",
        "inspector",
        "--username",
        "kiemtra.hoian",
        "--email",
        "kiemtra@hoian.example.test",
        stdout=out,
    )
    assert "Đã gửi thư mời đặt mật khẩu tới kiemtra@hoian.example.test" in out.getvalue()
    [message] = mail.outbox
    assert message.subject == "Mời đặt mật khẩu: Chuyên viên kiểm tra – UBND phường Hội An"
    add_staff(schools["b1"].slug, "principal", "hieutruong.nguyendu")
    assert mail.outbox[-1].subject == "Mời đặt mật khẩu: Hiệu trưởng – THCS Nguyễn Du"
    count = len(mail.outbox)
    # A password given on the command line (scripts, the demo): no invitation.
    out = add_staff(
        schools["b1"].slug, "teacher", "giaovien.nguyendu", "--password", "Mat-khau-rieng-123"
    )
    assert len(mail.outbox) == count and "thư mời" not in out
    # Run again: the account exists, nothing is sent twice.
    add_staff(schools["b1"].slug, "principal", "hieutruong.nguyendu")
    assert len(mail.outbox) == count


def test_an_invitation_expires(client, province, monkeypatch, settings):
    _so, ward_a, _ward_b, schools = province
    settings.INVITATION_DAYS = 7
    mail.outbox.clear()
    add_staff(schools["a1"].slug, "editor", "bientap.tre")
    link = link_in(mail.outbox[-1])
    later = datetime.datetime.now() + datetime.timedelta(days=7, hours=1)
    monkeypatch.setattr(invitations.invitation_tokens, "_now", lambda: later)
    page = client.get(path_of(link), HTTP_HOST=ward_a.domain, follow=True)
    html = page.content.decode()
    assert "đã hết hạn hoặc đã được dùng" in html and "new_password1" not in html
    # A Django reset token is not an invitation, nor the reverse.
    user = get_user_model().objects.get(username="bientap.tre")
    assert not invitations.invitation_tokens.check_token(
        user, default_token_generator.make_token(user)
    )


def test_the_office_resends_within_its_reach_only(client, province, ward_admin):
    so, ward_a, ward_b, schools = province
    mail.outbox.clear()
    for school, username in ((schools["a2"], "bientap.ledo"), (schools["b1"], "bientap.nguyendu")):
        add_staff(school.slug, "editor", username)
    mine = get_user_model().objects.get(username="bientap.ledo")
    theirs = get_user_model().objects.get(username="bientap.nguyendu")
    client.force_login(ward_admin)
    screen = client.get(reverse("truongso_accounts")).content.decode()
    assert "bientap.ledo" in screen and "bientap.nguyendu" not in screen
    mail.outbox.clear()
    response = client.post(reverse("truongso_resend_invitation", args=[mine.pk]))
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["bientap.ledo@example.test"]]
    assert ModelLogEntry.objects.filter(
        object_id=str(mine.pk), action=invitations.SENT_ACTION, user=ward_admin
    ).exists()
    response = client.post(reverse("truongso_resend_invitation", args=[theirs.pk]))
    assert response.status_code in (302, 403, 404)
    if response.status_code == 302:
        assert response["Location"] != reverse("truongso_accounts")
    assert len(mail.outbox) == 1
    assert client.get(reverse("truongso_resend_invitation", args=[mine.pk])).status_code == 405


def test_forgotten_password_works_for_an_account_that_never_set_one(client, province):
    _so, _ward_a, _ward_b, schools = province
    add_staff(schools["a1"].slug, "editor", "Bientap.Quen")
    inactive = get_user_model().objects.create(
        username="da-nghi", email="nghi@example.test", is_active=False
    )
    inactive.set_unusable_password()
    inactive.save()
    mail.outbox.clear()
    response = client.post(
        reverse("wagtailadmin_password_reset"), {"email": "bientap.quen@example.test"}
    )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["Bientap.Quen@example.test"]]
    client.post(reverse("wagtailadmin_password_reset"), {"email": "nghi@example.test"})
    assert len(mail.outbox) == 1  # an account that was closed gets nothing


def test_wagtails_add_user_form_without_a_password_invites(client, superuser, school):
    client.force_login(superuser)
    mail.outbox.clear()
    response = client.post(
        reverse("wagtailusers_users:add"),
        {
            "username": "nguoimoi",
            "email": "nguoimoi@example.test",
            "first_name": "Minh",
            "last_name": "Trần",
            "password1": "",
            "password2": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user = get_user_model().objects.get(username="nguoimoi")
    assert not user.has_usable_password()
    assert [m.to for m in mail.outbox] == [["nguoimoi@example.test"]]
    assert "/quan-tri/loi-moi/" in mail.outbox[0].body


def test_a_new_account_needs_an_address_to_be_invited(province):
    from cms.schools.provisioning import ProvisioningError, add_school_user

    _so, _ward_a, _ward_b, schools = province
    with pytest.raises(ProvisioningError, match="Cần địa chỉ thư điện tử"):
        add_school_user(schools["a1"], SchoolRole.EDITOR, username="khong-thu", email="")
    assert not get_user_model().objects.filter(username="khong-thu").exists()
