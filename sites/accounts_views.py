"""Accounts in the admin: the second factor's set-up and verify screens, and the office's
screen of accounts (second factor status, locks, failed logins) with reset and unlock."""

from django.contrib import messages as django_messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import PasswordResetConfirmView
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail.admin import messages
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from axes.models import AccessAttempt, AccessFailureLog
from axes.utils import reset as axes_reset

from . import invitations, two_factor
from .accounts_forms import CodeForm, InvitationPasswordForm, SetupCodeForm
from .permissions import can_manage_user, is_office_admin, users_managed_by
from .throttle import cool_off

# --- Second factor: the person's own screens -------------------------------------------


def setup(request):
    user = request.user
    if two_factor.has_second_factor(user):
        # Replacing an authenticator needs the old one (or the office's reset): a stolen
        # password alone must not be able to enrol the thief's phone.
        if two_factor.is_verified(user):
            return redirect(two_factor.safe_next(request))
        return redirect(reverse("two_factor_verify") + _next_query(request))
    device = two_factor.pending_device(user)
    form = SetupCodeForm(request.POST or None)
    wait = two_factor.wait_seconds(device) if request.method == "POST" else 0
    if wait:
        form.is_valid()
        form.add_error("code", _wait_message(wait))
    elif request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_enrolment(request, device, form.cleaned_data["code"])
        if codes:
            return render(
                request,
                "sites/admin/two_factor_codes.html",
                {"codes": codes, "next": two_factor.safe_next(request)},
            )
        form.add_error(
            "code",
            _(
                "Mã chưa đúng. Hãy kiểm tra giờ trên điện thoại và nhập mã đang hiện trong ứng dụng."
            ),
        )
    secret = two_factor.totp_secret(device)
    return render(
        request,
        "sites/admin/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": two_factor.qr_svg(device),
            "secret": secret,
            # In groups of four, so it wraps on a phone and is easier to type.
            "secret_groups": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": two_factor.safe_next(request),
        },
    )


def verify(request):
    user = request.user
    if not two_factor.has_second_factor(user):
        return redirect(reverse("two_factor_setup") + _next_query(request))
    if two_factor.is_verified(user):
        return redirect(two_factor.safe_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wait = two_factor.verify_is_throttled(user)
        if wait:
            form.add_error("code", _wait_message(wait))
        elif two_factor.verify(request, form.cleaned_data["code"]):
            return redirect(two_factor.safe_next(request))
        else:
            form.add_error("code", _("Mã xác thực không đúng hoặc đã được dùng."))
    return render(
        request,
        "sites/admin/two_factor_verify.html",
        {
            "form": form,
            "next": two_factor.safe_next(request),
            "codes_left": two_factor.recovery_codes_left(user),
        },
    )


def new_recovery_codes(request):
    """A verified person replaces their recovery codes (the old ones stop working)."""
    if not two_factor.is_verified(request.user):
        raise PermissionDenied
    if request.method != "POST":
        return render(
            request,
            "sites/admin/two_factor_new_codes.html",
            {"codes_left": two_factor.recovery_codes_left(request.user)},
        )
    codes = two_factor.new_recovery_codes(request.user)
    return render(
        request,
        "sites/admin/two_factor_codes.html",
        {"codes": codes, "next": reverse("wagtailadmin_account")},
    )


def _wait_message(seconds):
    return _("Vừa nhập sai mã. Hãy chờ %(seconds)d giây rồi thử lại.") % {"seconds": seconds}


def _next_query(request):
    target = request.GET.get("next")
    return f"?next={target}" if target else ""


# --- The office's screen ---------------------------------------------------------------


def _require_office_admin(request):
    if not is_office_admin(request.user):
        raise PermissionDenied


def accounts_index(request):
    _require_office_admin(request)

    users = list(
        users_managed_by(request.user)
        .prefetch_related("groups__school_role__school")
        .order_by("username")
    )
    enrolled = set(
        two_factor.TOTPDevice.objects.filter(user__in=users, confirmed=True).values_list(
            "user_id", flat=True
        )
    )
    usernames = {user.username.lower(): user for user in users}
    recent = timezone.now() - cool_off()
    locked = {
        attempt.username
        for attempt in AccessAttempt.objects.filter(
            username__in=usernames, attempt_time__gte=recent
        )
    }
    failures = AccessFailureLog.objects.order_by("-attempt_time")
    if not request.user.is_superuser:
        failures = failures.filter(username__in=usernames)
    rows = [
        {
            "user": user,
            "school": _school_name(user),
            "enrolled": user.pk in enrolled,
            "has_failures": user.username.lower() in locked,
        }
        for user in users
    ]
    log_entries = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(get_user_model()),
        object_id__in=[str(user.pk) for user in users],
        action__in=[
            action
            for action, _label, _message in (*two_factor.LOG_ACTIONS, *invitations.LOG_ACTIONS)
        ],
    ).select_related("user")
    pending = invitations.pending_invitations(users)
    names = {row["user"].pk: row["school"] for row in rows}
    for row in pending:
        row["school"] = names.get(row["user"].pk, "")
    return render(
        request,
        "sites/admin/accounts_index.html",
        {
            "rows": rows,
            "pending": pending,
            "failures": failures[:100],
            "log_entries": log_entries[:100],
        },
    )


def _school_name(user):
    for group in user.groups.all():
        school_role = getattr(group, "school_role", None)
        if school_role is not None:
            return school_role.school.name
    return ""


def _managed_user(request, user_id):
    _require_office_admin(request)
    target = get_object_or_404(get_user_model(), pk=user_id)
    if not can_manage_user(request.user, target):
        raise PermissionDenied
    return target


def reset_second_factor(request, user_id):
    target = _managed_user(request, user_id)
    if request.method == "POST":
        two_factor.reset_second_factor(target, by=request.user)
        messages.success(
            request,
            _(
                "Đã đặt lại xác thực hai bước của %(user)s. Lần đăng nhập tới, người này "
                "sẽ thiết lập lại trên điện thoại mới."
            )
            % {"user": target.get_username()},
        )
        return redirect("truongso_accounts")
    return render(request, "sites/admin/accounts_reset_confirm.html", {"target": target})


@require_POST
def unlock(request, user_id):
    target = _managed_user(request, user_id)
    axes_reset(username=target.get_username().lower())
    log(instance=target, action=two_factor.UNLOCK_ACTION, user=request.user)
    messages.success(
        request, _("Đã mở khoá đăng nhập cho %(user)s.") % {"user": target.get_username()}
    )
    return redirect("truongso_accounts")


@require_POST
def resend_invitation(request, user_id):
    target = _managed_user(request, user_id)
    if not invitations.is_pending(target):
        messages.warning(
            request,
            _("%(user)s đã đặt mật khẩu và đăng nhập; không cần gửi lại thư mời.")
            % {"user": target.get_username()},
        )
    elif not target.email:
        messages.error(
            request,
            _("%(user)s chưa có địa chỉ thư điện tử; hãy thêm địa chỉ rồi gửi lại.")
            % {"user": target.get_username()},
        )
    else:
        expires = invitations.send_invitation(target, by=request.user)
        messages.success(
            request,
            _("Đã gửi lại thư mời tới %(email)s; liên kết dùng được đến %(time)s.")
            % {
                "email": target.email,
                "time": invitations.local_time(expires),
            },
        )
    return redirect("truongso_accounts")


# --- The invited person: set a password (no login yet) ---------------------------------


class InvitationAcceptView(PasswordResetConfirmView):
    """The invitation's link: Django's reset-confirm flow (the token leaves the URL for
    the session before the form is shown) with the invitation's own token and words.
    Then the login page, and at the first login the second factor's set-up."""

    token_generator = invitations.invitation_tokens
    form_class = InvitationPasswordForm
    template_name = "sites/admin/invitation_accept.html"
    reset_url_token = "dat-mat-khau"  # noqa: S105 - a URL segment, not a secret
    success_url = reverse_lazy("wagtailadmin_login")

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None

    def form_valid(self, form):
        response = super().form_valid(form)
        invitations.record_acceptance(form.user)
        django_messages.success(
            self.request,
            _(
                "Đã đặt mật khẩu. Hãy đăng nhập; lần đầu bạn sẽ cài ứng dụng xác thực trên "
                "điện thoại."
            ),
        )
        return response
