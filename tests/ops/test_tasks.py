"""The project's background work on the database queue (django-tasks-db), drained by the
real `db_worker --batch`: e-mail queued and retried with backoff, failures shown to the
office administrator, periodic work enqueued once by one timer."""

import datetime
import zoneinfo

from django.core import mail
from django.core.mail import send_mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.tasks import update_reference_index_task

import pytest
from django_tasks_db.models import DBTaskResult

from cms.models import PeriodicRun
from cms.ops import periodic
from cms.ops.mail import RETRY_DELAYS
from sites.roles import OfficeRole, SchoolRole
from tests.factories import UserFactory, join_office

from .conftest import FlakyBackend, drain, make_ready_now

# The worker takes an exclusive SQLite transaction of its own: real transactions here.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def office_admin():

    user = UserFactory(username="phonggd")
    join_office(user, OfficeRole.ADMINISTRATOR)
    return user


def test_mail_is_queued_and_delivered_by_the_worker(queued):
    sent = send_mail("Thông báo họp", "Nội dung", "phong@pgddthoian.test", ["gv@truong.test"])
    assert sent == 1
    assert mail.outbox == []  # nothing left the request
    assert DBTaskResult.objects.filter(task_path="cms.ops.mail.send_email").count() == 1
    drain()
    assert [m.subject for m in mail.outbox] == ["Thông báo họp"]
    assert mail.outbox[0].to == ["gv@truong.test"]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_failed_mail_is_retried_with_growing_delays_then_delivered_once(queued):
    FlakyBackend.failures_left = 2
    send_mail("Nhắc công khai", "…", None, ["hieutruong@truong.test"])
    started = timezone.now()
    drain()
    drain()  # the retry waits: running the worker again sends nothing yet
    assert mail.outbox == []
    waiting = DBTaskResult.objects.get(status="READY")
    assert waiting.args_kwargs["kwargs"] == {"attempt": 2}
    delay = (waiting.run_after - started).total_seconds()
    assert RETRY_DELAYS[0] - 5 <= delay <= RETRY_DELAYS[0] + 30
    make_ready_now()
    drain()
    third = DBTaskResult.objects.get(status="READY")
    assert third.args_kwargs["kwargs"] == {"attempt": 3}
    assert (third.run_after - timezone.now()).total_seconds() > RETRY_DELAYS[0]
    make_ready_now()
    drain()
    assert len(mail.outbox) == 1  # delivered exactly once
    assert not DBTaskResult.objects.filter(status__in=["READY", "FAILED"]).exists()


def test_mail_that_fails_for_good_is_shown_to_the_office_admin(queued, client, school):
    FlakyBackend.failures_left = 100
    send_mail("Thư gửi hiệu trưởng", "…", None, ["sai-dia-chi@truong.test"])
    for _attempt in range(len(RETRY_DELAYS) + 1):
        drain()
        make_ready_now()
    failed = DBTaskResult.objects.get(status="FAILED")
    assert failed.args_kwargs["kwargs"] == {"attempt": len(RETRY_DELAYS) + 1}
    assert not DBTaskResult.objects.filter(status="READY").exists()  # no endless retries
    assert mail.outbox == []

    client.force_login(office_admin())
    response = client.get(reverse("cms:failed_tasks"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Gửi thư điện tử" in html and "Thư gửi hiệu trưởng" in html
    assert "sai-dia-chi@truong.test" in html and "SMTPServerDisconnected" in html

    from tests.factories import make_school_user

    client.force_login(make_school_user(school, SchoolRole.PRINCIPAL))
    refused = client.get(reverse("cms:failed_tasks"))  # Wagtail turns 403 into a redirect
    assert refused.status_code == 302 and refused.url == reverse("wagtailadmin_home")
    assert "Thư gửi hiệu trưởng" not in client.get(refused.url).content.decode()


def test_wagtail_internal_tasks_stay_on_the_default_backend(queued, school):
    """Wagtail's reference indexing still runs at once: nothing of it lands in the queue."""
    assert update_reference_index_task.backend == "default"
    from tests.factories import NewsPageFactory

    NewsPageFactory.for_school(school, title="Tin mới")
    assert not DBTaskResult.objects.exclude(task_path__startswith="cms.").exists()


def test_timer_enqueues_each_job_once_when_due(queued):
    monday_0705 = datetime.datetime(2026, 11, 30, 7, 5, tzinfo=HCM)
    assert monday_0705.weekday() == 0
    enqueued = periodic.run_due(monday_0705)
    assert enqueued == ["publish_scheduled", "disclosure_reminders"]
    # A doubled or second server's timer a minute later enqueues nothing.
    assert periodic.run_due(monday_0705 + datetime.timedelta(minutes=1)) == []
    # Five minutes on: scheduled publishing again, the weekly digest not.
    assert periodic.run_due(monday_0705 + datetime.timedelta(minutes=5)) == ["publish_scheduled"]
    next_monday = monday_0705 + datetime.timedelta(days=7, minutes=-10)  # 06:55: not yet
    assert "disclosure_reminders" not in periodic.run_due(next_monday)
    assert "disclosure_reminders" in periodic.run_due(next_monday + datetime.timedelta(minutes=10))
    assert PeriodicRun.objects.count() == 2
    queued_paths = list(DBTaskResult.objects.values_list("task_path", flat=True))
    assert sorted(queued_paths) == sorted(
        ["cms.ops.tasks.publish_scheduled_pages"] * 4
        + ["publicity.tasks.send_disclosure_reminders"] * 2
    )


def test_weekly_job_on_a_fresh_install_waits_for_its_slot():
    weekly = periodic.Weekly(weekday=0, hour=7)
    thursday = datetime.datetime(2026, 12, 3, 10, 0, tzinfo=HCM)
    assert not weekly.due(thursday, None)
    assert weekly.due(datetime.datetime(2026, 11, 30, 8, 0, tzinfo=HCM), None)


def test_run_timers_command_and_worker_publish_scheduled_pages(queued, school):
    from tests.factories import NewsPageFactory

    page = NewsPageFactory.for_school(school, title="Thông báo nghỉ lễ")
    page.save_revision().publish()
    page.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    page.save()
    call_command("run_timers", verbosity=0)
    page.refresh_from_db()
    assert page.live  # only enqueued so far
    drain()
    page.refresh_from_db()
    assert not page.live and page.expired
    assert DBTaskResult.objects.filter(
        task_path="cms.ops.tasks.publish_scheduled_pages", status="SUCCESSFUL"
    ).exists()
