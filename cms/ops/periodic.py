"""Periodic work, enqueued by one timer: `manage.py run_timers` every few minutes (cron or
a systemd timer on one server). Each job is enqueued when due and recorded in
PeriodicRun under a row lock, so a late, doubled or concurrent timer enqueues it once."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from cms.models import PeriodicRun
from publicity.tasks import send_disclosure_reminders

from .tasks import publish_scheduled_pages


@dataclass(frozen=True)
class Every:
    """Due when `minutes` have passed since the last enqueue."""

    minutes: int

    def due(self, now, last):
        # A little slack so a timer firing every 5 minutes never skips a turn.
        return last is None or now - last >= datetime.timedelta(minutes=self.minutes, seconds=-30)


@dataclass(frozen=True)
class Weekly:
    """Due once after each `weekday` (0 = Monday) at `hour`:00 local time."""

    weekday: int
    hour: int
    # On a fresh install, only a slot this recent counts (no digest on a Thursday deploy).
    first_window = datetime.timedelta(hours=6)

    def last_slot(self, now):
        local = timezone.localtime(now)
        slot = local.replace(hour=self.hour, minute=0, second=0, microsecond=0)
        slot -= datetime.timedelta(days=(local.weekday() - self.weekday) % 7)
        if slot > local:
            slot -= datetime.timedelta(days=7)
        return slot

    def due(self, now, last):
        slot = self.last_slot(now)
        if last is None:
            return now - slot < self.first_window
        return last < slot


JOBS = {
    "publish_scheduled": (Every(minutes=5), publish_scheduled_pages),
    "disclosure_reminders": (Weekly(weekday=0, hour=7), send_disclosure_reminders),
}


def run_due(now=None, jobs=None):
    """Enqueue every due job; returns the names enqueued."""
    now = now or timezone.now()
    enqueued = []
    for name, (schedule, task) in (jobs or JOBS).items():
        with transaction.atomic():
            PeriodicRun.objects.get_or_create(name=name)
            run = PeriodicRun.objects.select_for_update().get(name=name)
            if not schedule.due(now, run.last_enqueued_at):
                continue
            run.last_enqueued_at = now
            run.save(update_fields=["last_enqueued_at"])
            # Enqueued after commit: the worker never runs a job whose record rolled back.
            transaction.on_commit(task.enqueue)
            enqueued.append(name)
    return enqueued
