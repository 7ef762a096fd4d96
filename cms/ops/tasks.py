"""The project's own background work (backend alias `project`, see cms/ops/mail.py for
e-mail). Wagtail's internal tasks stay on the `default` backend."""

from django.core.management import call_command

from django_tasks import task

from .mail import PROJECT_TASKS


@task(backend=PROJECT_TASKS)
def publish_scheduled_pages():
    """Wagtail's publish-at / expire-at, as the `publish_scheduled` command does it."""
    call_command("publish_scheduled", verbosity=0)
    return True
