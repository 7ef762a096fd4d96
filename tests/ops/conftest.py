import smtplib

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import call_command

import pytest
from django_tasks_db.models import DBTaskResult


class FlakyBackend(LocmemBackend):
    """Delivery that fails while `failures_left` > 0, then delivers to mail.outbox."""

    failures_left = 0

    def send_messages(self, messages):
        if FlakyBackend.failures_left:
            FlakyBackend.failures_left -= 1
            raise smtplib.SMTPServerDisconnected("máy chủ thư không trả lời")
        return super().send_messages(messages)


@pytest.fixture
def queued(settings):
    """Project tasks in the database queue, mail through it (as in production)."""
    settings.TASKS = {
        **settings.TASKS,
        "project": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
    settings.EMAIL_BACKEND = "cms.ops.mail.QueuedEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "tests.ops.conftest.FlakyBackend"
    FlakyBackend.failures_left = 0
    yield
    FlakyBackend.failures_left = 0


def drain():
    """Run every task that is ready, as `manage.py db_worker --batch` does."""
    call_command(
        "db_worker",
        "--batch",
        "--backend",
        "project",
        "--no-startup-delay",
        "--no-reload",
        verbosity=0,
    )


def make_ready_now():
    """Time travel for retries: whatever waits for a later run_after is due now."""
    from django.utils import timezone

    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
