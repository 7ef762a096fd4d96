"""One road for publishing (issue 27): saving for review and publishing run the
personal-data scan once per version — each attached document is opened once — and its
findings stay with the revision for the approval and the publish signal."""

from unittest import mock

from django.urls import reverse

import pytest

import home.privacy
from home.models import NewsPage
from home.publishing import RevisionFindings
from sites.roles import SchoolRole
from tests.factories import make_school_user

from .helpers import create_news_via_admin, workflow_action
from .test_privacy import PUPIL_ROWS, docx_with_table, make_document

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def opened():
    """Counts the attached documents the scan opens and reads."""
    calls = []
    real = home.privacy.file_text

    def counting(fileobj, name=""):
        calls.append(name)
        return real(fileobj, name)

    with mock.patch.object(home.privacy, "file_text", counting):
        yield calls


ORDINARY_ROWS = [("Ngày hội đọc sách", "Thư viện", "Sáng thứ Hai")]


def attachment(school, rows):
    document = make_document(school, "tep.docx", docx_with_table(rows), title="Tệp")
    return [("document", {"document": document.pk, "title": ""})]


def test_publishing_opens_each_document_once(client, school, opened):
    principal = make_school_user(school, SchoolRole.PRINCIPAL)
    client.force_login(principal)
    create_news_via_admin(
        client,
        school,
        "action-publish",
        title="Lịch thư viện",
        slug="lich-thu-vien",
        attachments=attachment(school, ORDINARY_ROWS),
    )
    page = NewsPage.objects.get(slug="lich-thu-vien")
    assert page.live
    assert len(opened) == 1  # the hook; the publish signal reads what it found
    assert RevisionFindings.objects.get(revision=page.live_revision).privacy == []


def test_submitting_and_approving_open_each_document_once(client, school, editor, opened):
    principal = make_school_user(school, SchoolRole.PRINCIPAL)
    client.force_login(editor)
    create_news_via_admin(
        client,
        school,
        "action-submit",
        title="Lịch thư viện",
        slug="lich-thu-vien",
        attachments=attachment(school, ORDINARY_ROWS),
    )
    page = NewsPage.objects.get(slug="lich-thu-vien")
    assert page.current_workflow_state is not None
    assert len(opened) == 1  # the submission's check, kept with the revision

    client.force_login(principal)
    response = workflow_action(client, page, "approve")
    page.refresh_from_db()
    assert page.live, response
    assert len(opened) == 1  # the approval and the publish signal read the revision's


def test_held_submission_keeps_findings_for_the_review(client, school, editor, opened):
    """With findings and the box ticked: one scan for the submission, none for the
    reviewer's dialog and approval (the findings travel with the revision)."""
    principal = make_school_user(school, SchoolRole.PRINCIPAL)
    client.force_login(editor)
    create_news_via_admin(
        client,
        school,
        "action-submit",
        title="Bảng điểm",
        slug="bang-diem",
        attachments=attachment(school, PUPIL_ROWS),
        privacy_confirmed="on",
    )
    page = NewsPage.objects.get(slug="bang-diem")
    assert page.current_workflow_state is not None
    assert len(opened) == 1
    stored = RevisionFindings.objects.get(revision=page.latest_revision)
    assert {item["kind"] for item in stored.privacy} >= {"cccd", "scores"}

    client.force_login(principal)
    response = workflow_action(client, page, "approve")
    assert response.url == reverse("editing_privacy_review", args=(page.pk,))
    html = client.get(response.url).content.decode()
    assert "079*******34" in html
    workflow_action(client, page, "approve", privacy_confirmed="on")
    page.refresh_from_db()
    assert page.live
    assert page.has_confirmed_personal_data
    assert len(opened) == 1
