"""Invitations: a staff account made without a password gets an e-mail with a link to
set one. The link is Django's password-reset token under its own salt and lifetime
(`INVITATION_DAYS`, 7 by default): it works once (the hash covers the password and the
last login) and expires. The first login after it still goes through the second-factor
set-up (sites/two_factor.py). Every invitation sent and accepted is in Wagtail's audit
log, which is where the office's accounts screen reads "sent when, by whom".
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from .models import OfficeMembership, SchoolGroup
from .roles import OfficeRole

SENT_ACTION = "truongso.invitation_sent"
ACCEPTED_ACTION = "truongso.invitation_accepted"
LOG_ACTIONS = (
    (SENT_ACTION, _("Gửi thư mời đặt mật khẩu"), _("Đã gửi thư mời đặt mật khẩu")),
    (ACCEPTED_ACTION, _("Nhận lời mời"), _("Đã đặt mật khẩu từ thư mời")),
)
DEFAULT_DAYS = 7
# What an invitation calls an office role (OfficeRole's labels are also group names).
OFFICE_ROLE_WORDS = {
    OfficeRole.ADMINISTRATOR: _("Quản trị viên"),
    OfficeRole.INSPECTOR: _("Chuyên viên kiểm tra"),
}


def local_time(moment):
    """ "14:30 ngày 07/12/2026": how the invitation and the screens write a time."""
    return timezone.localtime(moment).strftime("%H:%M ngày %d/%m/%Y")


def lifetime():
    return datetime.timedelta(days=int(getattr(settings, "INVITATION_DAYS", DEFAULT_DAYS)))


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Django's reset token with its own salt (a reset link is not an invitation, nor the
    reverse) and its own lifetime (PASSWORD_RESET_TIMEOUT stays the reset's)."""

    key_salt = "truongso.sites.invitations.InvitationTokenGenerator"

    def check_token(self, user, token):
        if not (user and token):
            return False
        try:
            stamp = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        if self._num_seconds(self._now()) - stamp > lifetime().total_seconds():
            return False
        return any(
            constant_time_compare(self._make_token_with_timestamp(user, stamp, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        )


invitation_tokens = InvitationTokenGenerator()


class StaffPlace:
    """Where a staff account works and in which role, for the invitation's words."""

    def __init__(self, name, role, office):
        self.name, self.role, self.office = name, role, office


def staff_place(user):
    """The school or office `user` works for, or None (e.g. a superuser)."""
    group = (
        SchoolGroup.objects.filter(group__user=user)
        .select_related("school__office__site")
        .order_by("pk")
        .first()
    )
    if group is not None:
        return StaffPlace(group.school.name, group.get_role_display(), group.school.office)
    membership = OfficeMembership.objects.filter(user=user).select_related("office__site").first()
    if membership is not None:
        role = OFFICE_ROLE_WORDS.get(membership.role, membership.get_role_display())
        return StaffPlace(membership.office.name, role, membership.office)
    return None


def is_pending(user):
    """Invited (or made without a password) and not accepted yet: an active account that
    has no usable password and has never logged in."""
    return user.is_active and not user.has_usable_password() and user.last_login is None


def accept_url(user, office=None):
    """The set-password link, on the portal of the person's office (the admin is served
    there), else on the default admin address."""
    path = reverse(
        "truongso_invitation_accept",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": invitation_tokens.make_token(user),
        },
    )
    if office is not None and office.site_id:
        base = office.site.root_url
    else:
        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return base + path


def message(user, place, link, expires, by=None):
    """(subject, body) of an invitation, in Vietnamese."""
    where = place.name if place else _t("hệ thống trang web các trường")
    role = place.role if place else _t("Người dùng")
    subject = _t("Mời đặt mật khẩu: %(role)s – %(place)s") % {"role": role, "place": where}
    lines = [
        _t("Chào %(name)s,") % {"name": user.get_full_name() or user.get_username()},
        "",
        _t(
            "%(by)s đã tạo cho bạn tài khoản %(role)s của %(place)s để quản trị trang web "
            "trên hệ thống Trường Số."
        )
        % {
            "by": (by.get_full_name() or by.get_username()) if by else _t("Quản trị viên"),
            "role": str(role).lower(),
            "place": where,
        },
        "",
        _t("Tên đăng nhập: %(username)s") % {"username": user.get_username()},
        _t("Đặt mật khẩu tại: %(link)s") % {"link": link},
        "",
        _t(
            "Liên kết chỉ dùng được một lần và hết hạn lúc %(time)s. Khi đã hết hạn, hãy nhờ "
            "quản trị viên gửi lại thư mời, hoặc bấm “Quên mật khẩu” ở trang đăng nhập."
        )
        % {"time": local_time(expires)},
        "",
        _t(
            "Lần đăng nhập đầu tiên, bạn cần cài một ứng dụng xác thực (Google "
            "Authenticator, Microsoft Authenticator, FreeOTP…) trên điện thoại và quét mã QR "
            "hiện trên màn hình; những lần sau, nhập mã 6 chữ số trong ứng dụng sau mật khẩu."
        ),
        "",
        _t("Nếu bạn không chờ thư này, hãy bỏ qua nó."),
    ]
    return subject, "\n".join(lines)


def send_invitation(user, *, by=None):
    """E-mail `user` a link to set their password (any earlier link stays valid until it
    expires or a password is set). Returns the expiry time."""
    place = staff_place(user)
    expires = timezone.now() + lifetime()
    link = accept_url(user, place.office if place else None)
    subject, body = message(user, place, link, expires, by=by)
    send_mail(subject, body, None, [user.email])
    log(
        instance=user,
        action=SENT_ACTION,
        user=by,
        data={"email": user.email, "expires": expires.isoformat()},
    )
    return expires


def record_acceptance(user):
    log(instance=user, action=ACCEPTED_ACTION, user=user)


def pending_invitations(users):
    """[{user, place, sent, expired}] for the accounts among `users` that have not accepted,
    with the time the last invitation went out (None: never sent)."""
    pending = [user for user in users if is_pending(user)]
    if not pending:
        return []
    sent = dict(
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(get_user_model()),
            object_id__in=[str(user.pk) for user in pending],
            action=SENT_ACTION,
        )
        .values_list("object_id")
        .annotate(last=Max("timestamp"))
    )
    now = timezone.now()
    rows = []
    for user in pending:
        last = sent.get(str(user.pk))
        rows.append(
            {
                "user": user,
                "sent": last,
                "expired": last is None or last + lifetime() < now,
            }
        )
    return rows
