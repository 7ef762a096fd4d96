"""Wrong passwords, per account and per address: slowed, then locked for a while.

django-axes records every failure in the database (so every app server sees the same
counts) and refuses logins through its authentication backend. Axes has one limit for
everything; this handler gives it two tiers per key instead: from a few failures on an
account (or many more from one address: a school's whole staff may share one) each new
try must wait a little longer, and at the limit the key is locked for THROTTLE_LOCK_MINUTES.
Each wait is a refusal with a Vietnamese message, never a sleep that ties up a worker.
"""

import math
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt

MAX_SLOW_DOWN_SECONDS = 60


def _setting(name, default):
    return getattr(settings, name, default)


def username_key(request, credentials):
    """Count `BienTap` and `bientap` as one account (usernames are case-insensitive)."""
    username = (credentials or {}).get("username")
    if username is None and request is not None:
        username = request.POST.get("username")
    return username.strip().lower() if isinstance(username, str) else username


def lock_minutes():
    return _setting("THROTTLE_LOCK_MINUTES", 15)


def cool_off(_request=None):
    """Axes' window: failures older than this no longer count."""
    return timedelta(minutes=lock_minutes())


@dataclass
class LockState:
    retry_after: int  # seconds to wait; 0 = may try now
    locked: bool  # a real lock (at the limit), not a slow-down

    @property
    def blocked(self):
        return self.retry_after > 0


def _tiers():
    return (
        (
            "username",
            _setting("THROTTLE_ACCOUNT_SLOW_AFTER", 3),
            _setting("THROTTLE_ACCOUNT_LOCK_AFTER", 5),
        ),
        (
            "ip_address",
            _setting("THROTTLE_ADDRESS_SLOW_AFTER", 10),
            _setting("THROTTLE_ADDRESS_LOCK_AFTER", 20),
        ),
    )


def lock_state(username, ip_address, now=None):
    now = now or timezone.now()
    window = cool_off()
    recent = AccessAttempt.objects.filter(attempt_time__gte=now - window)
    state = LockState(0, False)
    for field, slow_after, lock_after in _tiers():
        value = username if field == "username" else ip_address
        if not value:
            continue
        row = recent.filter(**{field: value}).aggregate(
            failures=Sum("failures_since_start"), last=Max("attempt_time")
        )
        failures, last = row["failures"] or 0, row["last"]
        if not failures or failures < slow_after:
            continue
        if failures >= lock_after:
            wait, locked = window, True
        else:
            wait = timedelta(seconds=min(2 ** (failures - slow_after + 1), MAX_SLOW_DOWN_SECONDS))
            locked = False
        remaining = math.ceil((last + wait - now).total_seconds())
        if remaining > state.retry_after:
            state = LockState(remaining, locked or state.locked)
    return state


class TieredAxesHandler(AxesDatabaseHandler):
    """Axes' database handler; "failures" are reported as at the limit exactly when the
    tiered rules above say wait, so axes' own checks and signals do the rest."""

    def get_failures(self, request, credentials=None):
        state = lock_state(
            get_client_username(request, credentials), getattr(request, "axes_ip_address", None)
        )
        request.throttle_state = state
        return get_failure_limit(request, credentials) if state.blocked else 0

    def reset_user_attempts(self, request, credentials=None):
        """On a successful login forget the account's failures, not the address's: an
        attacker must not clear an address's count by logging into an account of their own."""
        username = get_client_username(request, credentials)
        if not username:
            return 0
        count, _rows = AccessAttempt.objects.filter(username=username).delete()
        return count


def _wait_text(seconds):
    if seconds < 90:
        return ngettext("%(n)d giây", "%(n)d giây", seconds) % {"n": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext("%(n)d phút", "%(n)d phút", minutes) % {"n": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the Vietnamese refusal, 429 with Retry-After."""
    state = getattr(request, "throttle_state", None) or LockState(lock_minutes() * 60, True)
    wait = max(state.retry_after, 1)
    if state.locked:
        message = _(
            "Đăng nhập sai quá nhiều lần nên tạm thời bị khoá. Hãy thử lại sau %(wait)s. "
            "Nếu quên mật khẩu, hãy dùng “Quên mật khẩu” hoặc liên hệ quản trị viên phòng giáo dục."
        ) % {"wait": _wait_text(wait)}
    else:
        message = _("Sai mật khẩu nhiều lần liên tiếp. Hãy chờ %(wait)s rồi thử lại.") % {
            "wait": _wait_text(wait)
        }
    response = render(request, "sites/admin/login_locked.html", {"message": message}, status=429)
    response["Retry-After"] = str(wait)
    return response
