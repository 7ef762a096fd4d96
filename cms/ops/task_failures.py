"""Background tasks that failed for good, as the office administrator reads them."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

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


def failed_tasks(limit=200):
    rows = DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).order_by("-finished_at")
    return [FailedTask(row) for row in rows[:limit]]


def waiting_retries():
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.READY,
        task_path="cms.ops.mail.send_email",
        args_kwargs__kwargs__attempt__gt=1,
    ).count()
