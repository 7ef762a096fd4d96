"""Outgoing e-mail through the project's task queue.

`QueuedEmailBackend` is the EMAIL_BACKEND: every message (Wagtail's workflow notices,
password resets, the Công khai reminders) becomes a `send_email` task on the project's
backend (`TASKS["project"]`), and the worker delivers it with `EMAIL_DELIVERY_BACKEND`
(SMTP in production). A failed delivery is retried with growing delays; after the last
attempt the task fails for good and the office administrator sees it in the admin
(Vận hành → Tác vụ nền bị lỗi).
"""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from django_tasks import task, task_backends

PROJECT_TASKS = "project"
# Delays before attempts 2, 3, …: a mail server down for a few minutes or an hour is
# ridden out; after the last one the message is reported instead of retried forever.
RETRY_DELAYS = (60, 300, 1800, 7200)


def message_to_json(message):
    """The parts of an EmailMessage a task argument can carry (JSON only)."""
    alternatives = [
        [content, mimetype] for content, mimetype in getattr(message, "alternatives", [])
    ]
    if message.attachments:
        raise ValueError("Attachments are not sent through the queue.")
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {str(k): str(v) for k, v in (message.extra_headers or {}).items()},
        "alternatives": alternatives,
    }


def message_from_json(data):
    cls = EmailMultiAlternatives if data.get("alternatives") else EmailMessage
    message = cls(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    for content, mimetype in data.get("alternatives", []):
        message.attach_alternative(content, mimetype)
    return message


def deliver(data):
    connection = get_connection(settings.EMAIL_DELIVERY_BACKEND, fail_silently=False)
    return connection.send_messages([message_from_json(data)])


@task(backend=PROJECT_TASKS, queue_name="default")
def send_email(message, attempt=1):
    """Deliver one message; on failure enqueue the next attempt after a delay, or fail
    for good (the exception stays on the task result) after the last one."""
    try:
        return deliver(message)
    except Exception:
        backend = task_backends[PROJECT_TASKS]
        if attempt > len(RETRY_DELAYS) or not backend.supports_defer:
            raise
        run_after = timezone.now() + datetime.timedelta(seconds=RETRY_DELAYS[attempt - 1])
        send_email.using(run_after=run_after).enqueue(message, attempt=attempt + 1)
        return 0  # this attempt is done; the next one is queued


class QueuedEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        count = 0
        for message in email_messages:
            if not message.recipients():
                continue
            send_email.enqueue(message_to_json(message))
            count += 1
        return count
