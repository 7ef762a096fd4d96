"""One road for publishing (issue 27): saving for review, approving and publishing run
each guard once — the personal-data scan (each attached document opened once), the link
extraction, the photo check — and what they found stays with the revision for the
approval, its dialog, the publish and the reviewer's e-mail."""

from unittest import mock

from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from wagtail import hooks

import pytest

import home.privacy
from home.models import NewsPage
from home.privacy import KIND_LABELS
from home.publishing import RevisionFindings
from home.views.page_editor import GuardedEditView, GuardedRevertView
from sites.models import BlockedDomainPattern
from sites.roles import SchoolRole
from tests.factories import make_school_user

from .helpers import create_news_via_admin, draft_news, workflow_action
from .test_privacy import FULL_IDS, PUPIL_ROWS, docx_with_table, make_document

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


# --- Each guard once: the personal-data scan, link extraction, the photo check -------------


@pytest.fixture
def guards():
    """Counts the guards' runs: the personal-data scan, the link extraction and the photo
    check, wherever the road calls them."""
    import home.photos.wagtail_hooks
    import home.publishing
    import home.views.page_editor

    counts = {"privacy": 0, "links": 0, "photos": 0}

    def counting(kind, real):
        def spy(*args, **kwargs):
            counts[kind] += 1
            return real(*args, **kwargs)

        return spy

    patches = [
        mock.patch.object(
            home.publishing, "scan_page", counting("privacy", home.publishing.scan_page)
        ),
        mock.patch.object(
            home.publishing, "links_of_page", counting("links", home.publishing.links_of_page)
        ),
    ]
    photo_spy = counting("photos", home.publishing.check_version)
    for module in (home.publishing, home.views.page_editor, home.photos.wagtail_hooks):
        patches.append(mock.patch.object(module, "check_version", photo_spy))
    for patch in patches:
        patch.start()
    yield counts
    for patch in patches:
        patch.stop()


LINKED_BODY = '<p>Xem <a href="https://vnexpress.net/tin">báo</a>.</p>'


def news_with_link_and_file(client, school, action, **extra):
    return create_news_via_admin(
        client,
        school,
        action,
        title="Lịch thư viện",
        slug="lich-thu-vien",
        body_text=LINKED_BODY,
        attachments=attachment(school, ORDINARY_ROWS),
        **extra,
    )


def test_saving_for_review_runs_each_guard_once(client, school, editor, guards):
    principal = make_school_user(school, SchoolRole.PRINCIPAL)
    client.force_login(editor)
    response = news_with_link_and_file(client, school, "action-submit")
    assert response.status_code == 302
    page = NewsPage.objects.get(slug="lich-thu-vien")
    assert page.current_workflow_state is not None
    assert guards == {"privacy": 1, "links": 1, "photos": 1}
    kept = RevisionFindings.objects.get(revision=page.latest_revision)
    assert kept.privacy == [] and kept.fingerprint
    assert [link["domain"] for link in kept.links] == ["vnexpress.net"]
    # The reviewer's e-mail read what was kept: the domain is named, nothing scanned again.
    assert any(principal.email in m.to and "vnexpress.net" in m.body for m in mail.outbox)


def test_approving_runs_each_guard_once(client, school, editor, guards):
    principal = make_school_user(school, SchoolRole.PRINCIPAL)
    client.force_login(editor)
    news_with_link_and_file(client, school, "action-submit")
    page = NewsPage.objects.get(slug="lich-thu-vien")
    client.force_login(principal)
    for kind in guards:
        guards[kind] = 0

    # The dialog (new domain: no one-click approval), then the approval itself.
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    dialog = client.get(url, headers={"x-requested-with": "XMLHttpRequest"})
    assert "vnexpress.net" in dialog.json()["html"]
    assert guards == {"privacy": 0, "links": 0, "photos": 1}
    workflow_action(client, page, "approve", comment="Đồng ý")
    page.refresh_from_db()
    assert page.live
    assert guards == {"privacy": 0, "links": 0, "photos": 2}  # one per request


def test_publishing_runs_each_guard_once(client, school, guards):
    principal = make_school_user(school, SchoolRole.PRINCIPAL)
    client.force_login(principal)
    news_with_link_and_file(client, school, "action-publish", new_domains_confirmed="on")
    page = NewsPage.objects.get(slug="lich-thu-vien")
    assert page.live
    assert guards == {"privacy": 1, "links": 1, "photos": 1}
    assert RevisionFindings.objects.get(revision=page.live_revision).links


def test_a_held_submission_leaves_the_request_as_it_came(client, school, editor, guards):
    """The editor's own view saves the draft instead of submitting: no hook rewrites
    request.POST, and the version is scanned once (the one the view validated)."""
    client.force_login(editor)
    response = create_news_via_admin(
        client,
        school,
        "action-submit",
        title="Bảng điểm",
        slug="bang-diem",
        attachments=attachment(school, PUPIL_ROWS),
    )
    page = NewsPage.objects.get(slug="bang-diem")
    assert response.url == reverse("wagtailadmin_pages:edit", args=(page.pk,))
    assert response.wsgi_request.POST.get("action-submit") == "1"
    assert page.current_workflow_state is None and page.latest_revision_id
    assert guards["privacy"] == 1
    editor_view = client.get(response.url)
    assert isinstance(editor_view.context["view"], GuardedEditView)
    revert_url = reverse(
        "wagtailadmin_pages:revisions_revert", args=(page.pk, page.latest_revision_id)
    )
    assert isinstance(client.get(revert_url).context["view"], GuardedRevertView)
    assert "Số căn cước công dân" in editor_view.content.decode()
    home_hooks = [
        fn
        for name in ("before_create_page", "before_edit_page")
        for fn in hooks.get_hooks(name)
        if fn.__module__.startswith("home")
    ]
    assert home_hooks == []


def test_the_reviewers_email_lists_the_kept_findings(client, school, editor, guards):
    principal = make_school_user(school, SchoolRole.PRINCIPAL)
    client.force_login(editor)
    create_news_via_admin(
        client,
        school,
        "action-submit",
        title="Bảng điểm",
        slug="bang-diem",
        body_text=LINKED_BODY,
        attachments=attachment(school, PUPIL_ROWS),
        privacy_confirmed="on",
    )
    page = NewsPage.objects.get(slug="bang-diem")
    assert page.current_workflow_state is not None
    (message,) = [m for m in mail.outbox if principal.email in m.to]
    kept = RevisionFindings.objects.get(revision=page.latest_revision).privacy
    assert "Có thể có dữ liệu cá nhân của học sinh" in message.body
    for item in kept:
        assert f"- {KIND_LABELS[item['kind']]}: {item['count']} mục" in message.body
    assert "vnexpress.net [MỚI với trường]" in message.body
    assert not any(full_id in message.body for full_id in FULL_IDS)
    assert guards["privacy"] == 1 and guards["links"] == 1  # the e-mail scanned nothing


def test_a_pattern_added_later_blocks_from_the_kept_links(school, editor, guards):
    page = draft_news(school, editor, title="Tin có liên kết")
    guards["links"] = 0
    page.body = [("paragraph", '<p><a href="https://vuabai.example/">vào</a></p>')]
    revision = page.save_revision(user=editor)  # validated, then kept: one extraction
    assert guards["links"] == 1
    BlockedDomainPattern.objects.create(pattern="vuabai", note="Cổng game bài")
    with pytest.raises(ValidationError, match="vuabai.example"):
        NewsPage.objects.get(pk=page.pk).publish(revision)
    assert guards["links"] == 1  # decided from the kept links, against today's list


def test_bulk_publishing_runs_each_guard_once_per_page(client, school, guards):
    principal = make_school_user(school, SchoolRole.PRINCIPAL)
    first = draft_news(school, principal, title="Tin một")
    second = draft_news(school, principal, title="Tin hai")
    second.body = [("paragraph", "".join(f"<p>{' '.join(row)}</p>" for row in PUPIL_ROWS))]
    second.save_revision(user=principal)
    for kind in guards:
        guards[kind] = 0
    client.force_login(principal)
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    response = client.post(f"{url}?id={first.pk}&id={second.pk}", {}, follow=True)
    assert "Tin hai: trang có thể chứa dữ liệu cá nhân" in response.content.decode()
    assert not NewsPage.objects.get(pk=second.pk).live
    assert guards["links"] == 0  # the links kept with each revision

    for kind in guards:
        guards[kind] = 0
    response = client.post(f"{url}?id={first.pk}", {}, follow=True)
    assert NewsPage.objects.get(pk=first.pk).live
    assert guards == {"privacy": 0, "links": 0, "photos": 1}  # scanned by the first try
