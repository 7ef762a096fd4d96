"""E-mail digests: each school's editors and principal get what is missing or due soon;
office staff get one summary of every school."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mass_mail
from django.utils import timezone
from django.utils.translation import gettext as _

from sites.models import OfficeMembership, SchoolGroup, office_tree, subtree_ids
from sites.roles import SchoolRole

from .compliance import compute
from .figures import Figures, glossary
from .periods import period_label

SOON_DAYS = 14
RECIPIENT_ROLES = (SchoolRole.EDITOR, SchoolRole.PRINCIPAL)


@dataclass
class Digest:
    school: object
    missing: list = field(default_factory=list)  # (requirement, period, deadline)
    due_soon: list = field(default_factory=list)  # (requirement, period, deadline)
    recipients: list = field(default_factory=list)
    figures: Figures = field(default_factory=Figures)

    @property
    def is_empty(self):
        return not (self.missing or self.due_soon)


def school_recipients():
    """{school_id: [email]} for the editors and principal of every school; one query."""
    rows = (
        SchoolGroup.objects.filter(role__in=RECIPIENT_ROLES, group__user__is_active=True)
        .exclude(group__user__email="")
        .values_list("school_id", "group__user__email")
        .distinct()
    )
    found = defaultdict(list)
    for school_id, email in rows:
        if email and email not in found[school_id]:
            found[school_id].append(email)
    return found


def office_recipients():
    """{office id: [email]} of every office's administrators and inspectors; one query."""
    rows = (
        OfficeMembership.objects.filter(user__is_active=True)
        .exclude(user__email="")
        .values_list("office_id", "user__email")
    )
    found = defaultdict(list)
    for office_id, email in rows:
        if email not in found[office_id]:
            found[office_id].append(email)
    return found


def build_digests(today=None, soon_days=SOON_DAYS):
    today = today or timezone.localdate()
    matrix = compute(today=today)
    recipients = school_recipients()
    digests = []
    for school in matrix.schools:
        digest = Digest(
            school,
            missing=matrix.missing(school),
            recipients=recipients.get(school.pk, []),
            figures=matrix.school_summary(school),
        )
        digest.due_soon = [
            (requirement, period, deadline)
            for deadline, _school, requirement, period in matrix.due_soon(soon_days, [school])
        ]
        digests.append(digest)
    return matrix, digests


def _lines(rows):
    return [
        f"  - {requirement.title} ({period_label(period)}) – "
        + _("hạn %(day)s") % {"day": deadline.strftime("%d/%m/%Y") if deadline else "–"}
        for requirement, period, deadline in rows
    ]


def shares_line():
    """How the two shares are computed (publicity.figures), under the figures."""
    return " ".join(text for name, text in glossary() if name.startswith("percent_"))


def school_message(digest, today):
    lines = [
        _("Kính gửi Ban giám hiệu và cán bộ phụ trách công khai %(school)s,")
        % {"school": digest.school.name},
        "",
        _("Tình hình công khai theo Thông tư 09/2024/TT-BGDĐT tính đến ngày %(day)s:")
        % {"day": today.strftime("%d/%m/%Y")},
        digest.figures.text(),
        shares_line(),
    ]
    if digest.missing:
        lines += [
            "",
            _("Chưa công khai – đã quá hạn (%(items)d mục, %(n)d kỳ):")
            % {"items": digest.figures.overdue, "n": len(digest.missing)},
        ]
        lines += _lines(digest.missing)
    if digest.due_soon:
        lines += ["", _("Sắp đến hạn (%(n)d kỳ):") % {"n": len(digest.due_soon)}]
        lines += _lines(digest.due_soon)
    lines += [
        "",
        _("Vào trang quản trị để đăng nội dung: %(url)s")
        % {"url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/quan-tri/"},
    ]
    subject = _("[Công khai] %(school)s: %(missing)d mục quá hạn, %(soon)d kỳ sắp đến hạn") % {
        "school": digest.school.name,
        "missing": digest.figures.overdue,
        "soon": len(digest.due_soon),
    }
    return subject, "\n".join(lines)


def office_message(matrix, digests, today):
    figures = Figures.sum(digest.figures for digest in digests)
    lines = [
        _("Tình hình công khai %(year)s của các trường, tính đến ngày %(day)s.")
        % {"year": period_label(matrix.school_year), "day": today.strftime("%d/%m/%Y")},
        figures.text(),
        shares_line(),
        "",
        _("Trường còn mục quá hạn hoặc trễ hạn (quá hạn / trễ hạn):"),
    ]
    # The ranking's order (Figures.sort_key): most overdue, then most late.
    lagging = sorted(
        (d for d in digests if d.figures.overdue or d.figures.late),
        key=lambda d: (d.figures.sort_key, d.school.name),
    )
    lines += [f"  - {d.school.name}: {d.figures.overdue} / {d.figures.late}" for d in lagging] or [
        _("  (không có)")
    ]
    overdue = sum(1 for d in digests if d.figures.overdue)
    subject = _("[Công khai] Tổng hợp: %(n)d trường còn mục quá hạn") % {"n": overdue}
    return subject, "\n".join(lines)


def send_reminders(today=None, dry_run=False, soon_days=SOON_DAYS):
    """Send (or, with dry_run, only build) the digests. Returns the list of messages as
    (subject, body, from, [to])."""
    today = today or timezone.localdate()
    matrix, digests = build_digests(today, soon_days)
    sender = settings.DEFAULT_FROM_EMAIL
    messages = []
    for digest in digests:
        if digest.is_empty or not digest.recipients:
            continue
        subject, body = school_message(digest, today)
        messages.append((subject, body, sender, digest.recipients))
    # Each office's staff get the summary of their own subtree (a ward: its schools).
    tree = office_tree()
    for office_id, emails in office_recipients().items():
        below = subtree_ids([office_id], tree)
        office_digests = [d for d in digests if d.school.office_id in below]
        if not office_digests:
            continue
        subject, body = office_message(matrix, office_digests, today)
        messages.append((subject, body, sender, emails))
    if not dry_run and messages:
        send_mass_mail(messages, fail_silently=False)
    return messages


def parse_day(text):
    return datetime.date.fromisoformat(text) if text else None
