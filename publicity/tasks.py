"""Background work (django-tasks, the project's backend alias): the reminder digests,
enqueued every Monday morning by `manage.py run_timers`."""

from django_tasks import task

from .reminders import parse_day, send_reminders
from .summaries import record_snapshots


@task(backend="project")
def send_disclosure_reminders(as_of=None, dry_run=False):
    """`as_of` is an ISO date string (task arguments must be JSON)."""
    return len(send_reminders(parse_day(as_of), dry_run=dry_run))


@task()
def record_compliance_snapshot(as_of=None):
    """Daily: store each office's figures for the progress chart (idempotent)."""
    return len(record_snapshots(parse_day(as_of)))
