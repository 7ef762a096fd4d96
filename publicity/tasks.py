"""Background work (django-tasks): the reminder digests, e.g. every Monday morning."""

from django_tasks import task

from .reminders import parse_day, send_reminders


@task()
def send_disclosure_reminders(as_of=None, dry_run=False):
    """`as_of` is an ISO date string (task arguments must be JSON)."""
    return len(send_reminders(parse_day(as_of), dry_run=dry_run))
