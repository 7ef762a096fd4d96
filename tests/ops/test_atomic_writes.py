"""A save cut short by a lost database leaves nothing half-saved (cms/ops/atomic.py)."""

from django.db import OperationalError
from django.urls import reverse

from wagtail.models import Page, PageLogEntry

import pytest

from home.models import NewsPage
from sites.roles import SchoolRole
from tests.editing.helpers import news_form_data, section
from tests.factories import make_school_user

pytestmark = pytest.mark.django_db


def _add_news(client, school, **data):
    index = section(school, "tin-tuc")
    url = reverse("wagtailadmin_pages:add", args=("home", "newspage", index.pk))
    return client.post(url, news_form_data(**data))


def test_a_draft_cut_by_a_database_restart_is_not_half_saved(client, school, monkeypatch):
    editor = make_school_user(school, SchoolRole.EDITOR)
    client.force_login(editor)

    # Wagtail commits the new page before its revision: fail between the two.
    def restart(*args, **kwargs):
        raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr(Page, "save_revision", restart)
    client.raise_request_exception = False
    pages_before = Page.objects.count()
    response = _add_news(client, school, title="Tin lưu dở", slug="tin-luu-do")

    assert response.status_code == 503
    assert "Hệ thống đang tạm gián đoạn" in response.content.decode()
    assert Page.objects.count() == pages_before
    assert not NewsPage.objects.filter(slug="tin-luu-do").exists()
    assert not PageLogEntry.objects.filter(label="Tin lưu dở").exists()

    # Saving again once the database is back works: the slug was not left taken.
    monkeypatch.undo()
    client.force_login(editor)
    response = _add_news(client, school, title="Tin lưu dở", slug="tin-luu-do")
    page = NewsPage.objects.get(slug="tin-luu-do")
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_pages:edit", args=(page.pk,))
    assert page.latest_revision is not None and not page.live
