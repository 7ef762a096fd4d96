"""Publish-at / expire-at through `publish_scheduled`, and the editor help page."""

import datetime
from unittest import mock

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Revision

import pytest

from home.models import NewsPage
from sites.roles import SchoolRole
from tests.factories import NewsPageFactory

from .helpers import draft_news

pytestmark = pytest.mark.django_db


def test_expired_notice_is_unpublished_by_publish_scheduled(school):
    notice = NewsPageFactory.for_school(school, title="Thông báo nghỉ học do bão")
    notice.expire_at = timezone.now() - datetime.timedelta(minutes=5)
    notice.save_revision().publish()
    keeps = NewsPageFactory.for_school(school, title="Tin không hết hạn")
    keeps.save_revision().publish()
    assert NewsPage.objects.get(pk=notice.pk).live

    call_command("publish_scheduled")

    notice = NewsPage.objects.get(pk=notice.pk)
    assert not notice.live
    assert notice.expired
    assert NewsPage.objects.get(pk=keeps.pk).live


def test_scheduled_news_goes_live_when_its_time_comes(school, school_user):
    principal = school_user(SchoolRole.PRINCIPAL)
    page = draft_news(school, principal, title="Lịch thi học kỳ")
    page.go_live_at = timezone.now() + datetime.timedelta(hours=2)
    revision = page.save_revision(user=principal)
    revision.publish(user=principal)
    page = NewsPage.objects.get(pk=page.pk)
    assert not page.live
    assert Revision.page_revisions.get(pk=revision.pk).approved_go_live_at is not None

    call_command("publish_scheduled")
    assert not NewsPage.objects.get(pk=page.pk).live  # not yet

    # Three hours later, the timer runs the command again.
    later = timezone.now() + datetime.timedelta(hours=3)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled")
    assert NewsPage.objects.get(pk=page.pk).live


def test_editor_help_in_vietnamese(client, editor, django_assert_max_num_queries):
    client.force_login(editor)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("editing_help"))
    assert response.status_code == 200
    html = response.content.decode()
    for heading in (
        "Đăng tin bài",
        "Đăng một mục Công khai",
        "Quy trình duyệt nghĩa là gì",
        "Những gì không bao giờ được đăng",
        "Hẹn giờ đăng",
    ):
        assert heading in html
    assert "điểm số" in html and "căn cước" in html
    # Reachable from the admin menu.
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("editing_help") in home


def test_help_needs_admin_login(client):
    response = client.get(reverse("editing_help"))
    assert response.status_code == 302
    assert reverse("wagtailadmin_login") in response.url


def test_trail_page_query_budget(client, school, editor, superuser, django_assert_max_num_queries):
    page = draft_news(school, editor, title="Tin có nhiều bước")
    page.get_workflow().start(page, editor)
    for _ in range(3):
        page.save_revision(user=editor)
    client.force_login(superuser)
    with django_assert_max_num_queries(40):
        response = client.get(reverse("editing_trail", args=(page.pk,)))
    assert response.status_code == 200
    assert "Tin có nhiều bước" in response.content.decode()
