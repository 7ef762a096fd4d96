"""The second factor every staff account must have (django-otp: TOTP + recovery codes).

django-otp verifies codes and remembers, in the session, which device verified the
user; it does not force anyone to enrol. `SecondFactorMiddleware` does: an authenticated
staff user whose session is not verified reaches nothing but the set-up/verify screens
and logout, whichever door (admin login, `/_util/login/`, password reset) let them in.
So a password alone never gives an admin session.
"""

import io
import time
from base64 import b32encode
from urllib.parse import quote

from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import LazyObject, empty
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import log

import django_otp
import qrcode
import qrcode.image.svg
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "totp"
RECOVERY_DEVICE_NAME = "recovery"

ENROLLED_ACTION = "truongso.second_factor_enrolled"
RESET_ACTION = "truongso.second_factor_reset"
RECOVERY_USED_ACTION = "truongso.recovery_code_used"
UNLOCK_ACTION = "truongso.login_unlocked"

LOG_ACTIONS = (
    (
        ENROLLED_ACTION,
        _("Thiết lập xác thực hai bước"),
        _("Đã thiết lập xác thực hai bước"),
    ),
    (
        RESET_ACTION,
        _("Đặt lại xác thực hai bước"),
        _("Đã đặt lại xác thực hai bước"),
    ),
    (
        RECOVERY_USED_ACTION,
        _("Đăng nhập bằng mã dự phòng"),
        _("Đã đăng nhập bằng mã dự phòng"),
    ),
    (
        UNLOCK_ACTION,
        _("Mở khoá đăng nhập"),
        _("Đã mở khoá đăng nhập"),
    ),
)


def requires_second_factor(user):
    """Everyone who can reach the admin: school roles, office roles, superusers."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or user.is_staff or user.has_perm("wagtailadmin.access_admin")


def has_second_factor(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def is_verified(user):
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def pending_device(user):
    """The not-yet-confirmed authenticator being set up (one per user, kept across
    reloads so the QR code the person already scanned stays valid)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)


def totp_secret(device):
    """The base32 secret people type in when they cannot scan the QR code."""
    return b32encode(device.bin_key).decode()


def qr_svg(device):
    """The otpauth:// URL as an inline SVG (no image request, no third-party service)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]  # drop the XML declaration: it sits inside HTML


def _replace_recovery_codes(user):
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def new_recovery_codes(user):
    """Fresh recovery codes for `user` (the old ones stop working), shown once."""
    return _replace_recovery_codes(user)


def _concrete(user):
    """request.user is a lazy object wrapped twice (auth, then django-otp); Wagtail's
    audit log looks up the real class, so unwrap it."""
    while isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user


def _clean(token):
    return "".join((token or "").split()).lower()


@transaction.atomic
def confirm_enrolment(request, device, token):
    """Confirm the pending authenticator with a code from it. Returns the fresh recovery
    codes (shown once) or None when the code is wrong."""
    if device.confirmed or device.user_id != request.user.pk:
        return None
    if not device.verify_token(_clean(token)):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
    codes = _replace_recovery_codes(request.user)
    django_otp.login(request, device)
    user = _concrete(request.user)
    log(instance=user, action=ENROLLED_ACTION, user=user)
    return codes


def enrol(user, *, key=None):
    """Give `user` a confirmed authenticator and recovery codes outside the browser
    (the demo; tests). Returns (device, recovery codes)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        fields = {"key": key} if key else {}
        device = TOTPDevice.objects.create(
            user=user, name=TOTP_DEVICE_NAME, confirmed=True, **fields
        )
        codes = _replace_recovery_codes(user)
    return device, codes


def verify(request, token):
    """Check a code from the authenticator or a recovery code; on success mark the
    session verified. django-otp slows repeated wrong codes per device."""
    token = _clean(token)
    user = _concrete(request.user)
    if not token:
        return False
    if token.isdigit():
        for device in TOTPDevice.objects.filter(user=user, confirmed=True):
            if device.verify_token(token):
                django_otp.login(request, device)
                return True
        return False
    for device in StaticDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(token):  # a recovery code works once
            django_otp.login(request, device)
            log(instance=user, action=RECOVERY_USED_ACTION, user=user)
            return True
    return False


def wait_seconds(device):
    """Seconds before `device` accepts another try (django-otp's back-off), or 0."""
    allowed, data = device.verify_is_allowed()
    if allowed or not data or not data.get("locked_until"):
        return 0
    return max(int(data["locked_until"].timestamp() - time.time()) + 1, 1)


def verify_is_throttled(user):
    devices = TOTPDevice.objects.filter(user=user, confirmed=True)
    return max((wait_seconds(device) for device in devices), default=0)


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def reset_second_factor(target, *, by):
    """Remove every device of `target` (a lost phone); they set up anew at next login.
    The caller checks `by` may manage `target` (sites.permissions.can_manage_user)."""
    TOTPDevice.objects.filter(user=target).delete()
    StaticDevice.objects.filter(user=target).delete()
    log(instance=target, action=RESET_ACTION, user=by)


# --- Enforcement ---------------------------------------------------------------------


def safe_next(request, default=None):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default or reverse("wagtailadmin_home")


class SecondFactorMiddleware:
    """Staff with a password-only session are sent to set up (no authenticator yet) or
    verify (one exists) before any other page, admin or not. Requests without a session
    cookie skip this at no cost (anonymous visitors, the page cache)."""

    ALWAYS_OPEN = ("/static/", "/media/", "/favicon.ico")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME in request.COOKIES and self._must_stop(request):
            return self._redirect(request)
        return self.get_response(request)

    @staticmethod
    def _open_paths():
        return {
            reverse(name)
            for name in (
                "two_factor_setup",
                "two_factor_verify",
                "wagtailadmin_logout",
                "wagtailadmin_javascript_catalog",
                "wagtailadmin_sprite",
            )
        }

    def _must_stop(self, request):
        path = request.path_info
        if path.startswith(self.ALWAYS_OPEN) or path in self._open_paths():
            return False
        user = request.user
        return requires_second_factor(user) and not is_verified(user)

    def _redirect(self, request):
        target = "two_factor_verify" if has_second_factor(request.user) else "two_factor_setup"
        url = reverse(target)
        if request.method == "GET":
            url += "?next=" + quote(request.get_full_path())
        return redirect(url)
