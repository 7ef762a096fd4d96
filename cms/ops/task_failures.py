"""Background tasks that failed for good, as the office administrator reads them."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cms.old_site.models import OldSiteImport
from sites.permissions import schools_visible_to, sees_every_office, users_visible_to

TASK_LABELS = {
    "cms.ops.mail.send_email": _("Gửi thư điện tử"),
    "cms.ops.tasks.publish_scheduled_pages": _("Đăng/gỡ bài hẹn giờ"),
    "publicity.tasks.send_disclosure_reminders": _("Thư nhắc công khai"),
    "cms.old_site.tasks.import_old_site": _("Nhập trang web cũ"),
}


@dataclass
class FailedTask:
    result: DBTaskResult

    @property
    def label(self):
        return TASK_LABELS.get(self.result.task_path, self.result.task_path)

    @property
    def kwargs(self):
        return (self.result.args_kwargs or {}).get("kwargs", {})

    @property
    def args(self):
        return (self.result.args_kwargs or {}).get("args", [])

    @property
    def detail(self):
        """What the task was about (never its arguments wholesale: no bodies, no keys)."""
        if self.result.task_path == "cms.ops.mail.send_email" and self.args:
            message = self.args[0]
            return _("“%(subject)s” tới %(to)s") % {
                "subject": message.get("subject", ""),
                "to": ", ".join(message.get("to", []) + message.get("cc", [])),
            }
        return ""

    @property
    def attempts(self):
        return self.kwargs.get("attempt", 1)

    @property
    def error(self):
        lines = [line for line in (self.result.traceback or "").strip().splitlines() if line]
        return lines[-1][:300] if lines else self.result.exception_class_path


def failed_tasks(limit=200, user=None):
    """The latest failures; for a ward's administrator (`user` reaching part of the
    install) only those about their reach: e-mails whose every recipient is one of their
    people, and old-site imports of their schools. Install-wide work (scheduled
    publishing, reminders) and everybody else's mail are the Sở's to read."""
    rows = DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).order_by("-finished_at")
    if user is None or sees_every_office(user):
        return [FailedTask(row) for row in rows[:limit]]
    addresses = {
        address.lower()
        for address in users_visible_to(user).exclude(email="").values_list("email", flat=True)
    }
    imports = set(
        OldSiteImport.objects.filter(school__in=schools_visible_to(user)).values_list(
            "pk", flat=True
        )
    )
    found = []
    candidates = rows.filter(task_path__in=["cms.ops.mail.send_email", IMPORT_TASK])
    for row in candidates.iterator():
        task = FailedTask(row)
        if _within_reach(task, addresses, imports):
            found.append(task)
            if len(found) == limit:
                break
    return found


IMPORT_TASK = "cms.old_site.tasks.import_old_site"


def _within_reach(task, addresses, imports):
    if task.result.task_path == IMPORT_TASK:
        return bool(task.args) and task.args[0] in imports
    message = task.args[0] if task.args and isinstance(task.args[0], dict) else {}
    recipients = [
        str(address).lower() for key in ("to", "cc", "bcc") for address in message.get(key, [])
    ]
    return bool(recipients) and all(_address(r) in addresses for r in recipients)


def _address(recipient):
    """ "Name <a@b>" or "a@b" -> a@b."""
    return recipient.rsplit("<", 1)[-1].rstrip(">").strip()


def waiting_retries():
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.READY,
        task_path="cms.ops.mail.send_email",
        args_kwargs__kwargs__attempt__gt=1,
    ).count()
