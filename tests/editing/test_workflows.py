"""Every school shares one workflow per kind of content; each step is checked
against the roles held in the page's own school."""

from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from wagtail.models import PageLogEntry, TaskState, Workflow, WorkflowPage, WorkflowState

import pytest

from home.models import NewsPage
from home.workflows import (
    DISCLOSURE_WORKFLOW,
    NEWS_WORKFLOW,
    PROFESSIONAL_WORKFLOW,
    workflow_trail,
)
from sites.roles import SchoolRole
from tests.factories import NewsPageFactory, SuperuserFactory, make_school_user

from .helpers import (
    create_news_via_admin,
    draft_news,
    draft_professional_document,
    section,
    workflow_action,
)

pytestmark = pytest.mark.django_db


def fresh(page):
    return type(page).objects.get(pk=page.pk)


def test_each_section_uses_its_shared_workflow_without_per_school_rows(school, other_school):
    for target in (school, other_school):
        assert section(target, "tin-tuc").get_workflow().name == NEWS_WORKFLOW
        assert section(target, "gioi-thieu").get_workflow().name == NEWS_WORKFLOW
        assert section(target, "chuyen-mon").get_workflow().name == PROFESSIONAL_WORKFLOW
        assert section(target, "cong-khai").get_workflow().name == DISCLOSURE_WORKFLOW
        assert target.home_page.specific.get_workflow().name == NEWS_WORKFLOW
    # One definition each, whatever the number of schools; no WorkflowPage per school.
    assert Workflow.objects.filter(name=NEWS_WORKFLOW).count() == 1
    school_paths = [school.home_page.path, other_school.home_page.path]
    assert not WorkflowPage.objects.filter(page__path__in=school_paths).exists()
    professional = Workflow.objects.get(name=PROFESSIONAL_WORKFLOW)
    assert [t.specific.role for t in professional.tasks] == ["group_head", "principal"]


def test_news_editor_to_principal_end_to_end_through_the_admin(client, school, editor):
    principal = make_school_user(school, SchoolRole.PRINCIPAL)
    client.force_login(editor)
    response = create_news_via_admin(
        client, school, "action-submit", title="Hội giảng mùa xuân", slug="hoi-giang-mua-xuan"
    )
    assert response.status_code == 302, response.content[:2000]
    page = NewsPage.objects.get(slug="hoi-giang-mua-xuan")
    assert not page.live
    state = page.current_workflow_state
    assert state.workflow.name == NEWS_WORKFLOW
    assert state.requested_by == editor
    # The principal (of this school only) is told, in Vietnamese.
    to_principal = [m for m in mail.outbox if principal.email in m.to]
    assert len(to_principal) == 1
    assert to_principal[0].subject == 'Chờ duyệt (Hiệu trưởng duyệt): "Hội giảng mùa xuân"'
    assert "đang chờ thầy/cô duyệt" in to_principal[0].body
    mail.outbox.clear()

    # The editor cannot approve their own news.
    task = page.current_workflow_task
    assert task.get_actions(page, editor) == []
    response = workflow_action(client, page, "approve")
    assert response.status_code in (302, 403)  # Wagtail turns PermissionDenied into a redirect
    assert not fresh(page).live
    assert fresh(page).current_workflow_task_state.status == TaskState.STATUS_IN_PROGRESS

    client.force_login(principal)
    response = workflow_action(client, page, "approve", comment="Đồng ý đăng.")
    assert response.status_code == 302
    page = fresh(page)
    assert page.live
    assert page.current_workflow_state is None
    to_editor = [m for m in mail.outbox if editor.email in m.to]
    assert [m.subject for m in to_editor] == ['Đã được duyệt: "Hội giảng mùa xuân"']
    assert WorkflowState.objects.get(pk=state.pk).status == WorkflowState.STATUS_APPROVED

    actions = [row["action"] for row in workflow_trail(page)]
    assert actions.index("wagtail.workflow.start") < actions.index("wagtail.workflow.approve")
    assert actions.index("wagtail.workflow.approve") < actions.index("wagtail.publish")
    approve = next(r for r in workflow_trail(page) if r["action"] == "wagtail.workflow.approve")
    assert approve["comment"] == "Đồng ý đăng."
    assert approve["task"] == "Hiệu trưởng duyệt"


def test_professional_document_teacher_to_group_head_to_principal(school, school_user):
    teacher = school_user(SchoolRole.TEACHER)
    head = school_user(SchoolRole.GROUP_HEAD)
    principal = school_user(SchoolRole.PRINCIPAL)
    page = draft_professional_document(school, teacher)

    # A teacher cannot publish: no publish permission, and no say in the workflow.
    assert not page.permissions_for_user(teacher).can_publish()
    assert page.permissions_for_user(teacher).can_submit_for_moderation()
    page.get_workflow().start(page, teacher)

    task_state = page.current_workflow_task_state
    assert task_state.task.specific.role == SchoolRole.GROUP_HEAD
    assert task_state.task.specific.get_actions(page, teacher) == []
    # The principal does not skip the group head's step either.
    assert task_state.task.specific.get_actions(page, principal) == []
    with pytest.raises(PermissionDenied):
        task_state.task.specific.on_action(task_state, teacher, "approve")

    task_state.task.specific.on_action(task_state, head, "approve", comment="Đạt yêu cầu.")
    page = fresh(page)
    assert not page.live
    task_state = page.current_workflow_task_state
    assert task_state.task.specific.role == SchoolRole.PRINCIPAL
    assert task_state.task.specific.get_actions(page, head) == []

    task_state.task.specific.on_action(task_state, principal, "approve")
    page = fresh(page)
    assert page.live
    trail = workflow_trail(page)
    approvals = [(r["task"], r["user"]) for r in trail if r["action"] == "wagtail.workflow.approve"]
    assert approvals == [
        ("Tổ trưởng chuyên môn duyệt", head.get_username()),
        ("Hiệu trưởng duyệt", principal.get_username()),
    ]


def test_group_head_of_one_school_cannot_approve_for_another(
    client, school, other_school, school_user
):
    teacher = school_user(SchoolRole.TEACHER)
    head_b = school_user(SchoolRole.GROUP_HEAD, target=other_school)
    principal_b = school_user(SchoolRole.PRINCIPAL, target=other_school)
    head_a = school_user(SchoolRole.GROUP_HEAD)
    page = draft_professional_document(school, teacher)
    mail.outbox.clear()
    page.get_workflow().start(page, teacher)
    task = page.current_workflow_task
    # Only this school's group head is notified.
    recipients = {address for message in mail.outbox for address in message.to}
    assert head_a.email in recipients
    assert head_b.email not in recipients and principal_b.email not in recipients

    assert task.get_actions(page, head_b) == []
    assert task.locked_for_user(page, head_b)
    assert not task.user_can_access_editor(page, head_b)
    assert list(task.get_task_states_user_can_moderate(head_b)) == []
    assert list(task.get_task_states_user_can_moderate(head_a)) == [
        page.current_workflow_task_state
    ]
    assert list(TaskState.objects.reviewable_by(head_b)) == []

    client.force_login(head_b)
    assert workflow_action(client, page, "approve").status_code in (302, 403, 404)
    client.force_login(principal_b)
    assert workflow_action(client, page, "approve").status_code in (302, 403, 404)
    page = fresh(page)
    assert page.current_workflow_task_state.status == TaskState.STATUS_IN_PROGRESS
    assert not page.live


def test_rejection_returns_to_author_with_the_comment(client, school, editor, school_user):
    principal = school_user(SchoolRole.PRINCIPAL)
    page = draft_news(school, editor, title="Thông báo nghỉ lễ")
    page.get_workflow().start(page, editor)
    mail.outbox.clear()

    client.force_login(principal)
    response = workflow_action(client, page, "reject", comment="Ghi rõ ngày đi học lại.")
    assert response.status_code == 302
    page = fresh(page)
    state = page.workflow_states.order_by("-pk").first()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert not page.live
    # The author hears about it, with the reviewer's words.
    to_author = [m for m in mail.outbox if editor.email in m.to]
    assert to_author, [m.to for m in mail.outbox]
    assert "Ghi rõ ngày đi học lại." in to_author[0].body
    assert to_author[0].subject == 'Cần sửa lại: "Thông báo nghỉ lễ"'
    assert f"{principal.get_username()} đã yêu cầu sửa lại" in to_author[0].body
    # ...and the editor's screen shows it too (the trail on the page).
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    assert response.status_code == 200
    assert "Ghi rõ ngày đi học lại." in response.content.decode()
    rejected = [r for r in workflow_trail(page) if r["action"] == "wagtail.workflow.reject"]
    assert rejected[0]["comment"] == "Ghi rõ ngày đi học lại."
    assert rejected[0]["user"] == principal.get_username()


def test_principal_publishes_directly(client, school, school_user):
    principal = school_user(SchoolRole.PRINCIPAL)
    client.force_login(principal)
    response = create_news_via_admin(
        client, school, "action-publish", title="Khai giảng", slug="khai-giang"
    )
    assert response.status_code == 302
    page = NewsPage.objects.get(slug="khai-giang")
    assert page.live
    assert not page.workflow_states.exists()
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish", user=principal).exists()


def test_editor_cannot_publish_directly(client, school, editor):
    client.force_login(editor)
    create_news_via_admin(client, school, "action-publish", title="Tin tự đăng", slug="tin-tu-dang")
    page = NewsPage.objects.get(slug="tin-tu-dang")
    assert not page.live


def test_office_inspector_reads_the_trail(client, school, other_school, editor, school_user):
    from sites.roles import OfficeRole
    from tests.factories import make_office_user

    principal = school_user(SchoolRole.PRINCIPAL)
    page = draft_news(school, editor, title="Tin có nhật ký")
    page.get_workflow().start(page, editor)
    page.current_workflow_task.on_action(page.current_workflow_task_state, principal, "approve")

    inspector = make_office_user(school.office, OfficeRole.INSPECTOR, "chuyenvien")
    client.force_login(inspector)
    response = client.get(reverse("editing_trail", args=(page.pk,)))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tin có nhật ký" in html
    assert principal.get_username() in html
    assert "Hiệu trưởng duyệt" in html
    # A school editor of another school cannot read this school's trail.
    other = school_user(SchoolRole.EDITOR, target=other_school)
    client.force_login(other)
    response = client.get(reverse("editing_trail", args=(page.pk,)))
    assert response.status_code in (
        302,
        403,
        404,
    )  # 404: another school's object (sites/admin_guard.py)
    assert "Tin có nhật ký" not in response.content.decode()


def _approve_as(page, user):
    page = fresh(page)
    page.current_workflow_task.on_action(page.current_workflow_task_state, user, "approve")
    return fresh(page)


def test_disclosure_editor_to_principal(school, other_school, editor, school_user):
    from publicity.models import DisclosurePage, DisclosureRequirement

    requirement = DisclosureRequirement.objects.order_by("pk").first()
    if requirement is None:
        pytest.skip("no disclosure catalogue loaded")
    index = section(school, "cong-khai")
    page = DisclosurePage(
        title="Kế hoạch giáo dục năm học",
        requirement=requirement,
        period="2025-2026",
        live=False,
        owner=editor,
        content="<p>Kế hoạch giáo dục của nhà trường.</p>",
    )
    index.add_child(instance=page)
    page.save_revision(user=editor)
    assert not page.permissions_for_user(editor).can_publish()
    workflow = page.get_workflow()
    assert workflow.name == DISCLOSURE_WORKFLOW
    workflow.start(page, editor)

    other_principal = school_user(SchoolRole.PRINCIPAL, target=other_school)
    assert page.current_workflow_task.get_actions(page, other_principal) == []
    principal = school_user(SchoolRole.PRINCIPAL)
    page = _approve_as(page, principal)
    assert page.live
    assert [r["action"] for r in workflow_trail(page)][-2:] == [
        "wagtail.workflow.approve",
        "wagtail.publish",
    ]


def test_introduction_change_goes_to_the_principal(school, editor, school_user):
    introduction = section(school, "gioi-thieu")
    introduction.history = "<p>Trường được thành lập năm 1985.</p>"
    introduction.save_revision(user=editor)
    introduction.get_workflow().start(introduction, editor)
    assert introduction.current_workflow_task.specific.role == SchoolRole.PRINCIPAL
    live = type(introduction).objects.get(pk=introduction.pk)
    assert "1985" not in live.history  # the live page is unchanged until approval

    introduction = _approve_as(introduction, school_user(SchoolRole.PRINCIPAL))
    assert "1985" in introduction.history
    assert not introduction.has_unpublished_changes


def test_teacher_cannot_publish_through_the_admin(client, school, school_user):
    from home.models import ProfessionalDocumentPage
    from tests.factories import DocumentFactory

    teacher = school_user(SchoolRole.TEACHER)
    document = DocumentFactory(collection=school.collection)
    index = section(school, "chuyen-mon")
    client.force_login(teacher)
    url = reverse("wagtailadmin_pages:add", args=("home", "professionaldocumentpage", index.pk))
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    data = nested_form_data(
        {
            "title": "Đề kiểm tra giữa kỳ Toán 7",
            "slug": "de-kiem-tra-toan-7",
            "kind": "de-kiem-tra",
            "school_year": "2025-2026",
            "subject": "Toán",
            "grade": "7",
            "description": "",
            "document": document.pk,
            "comments": inline_formset([]),
        }
    )
    response = client.post(url, {**data, "action-publish": "1"})
    assert response.status_code == 302
    page = ProfessionalDocumentPage.objects.get(slug="de-kiem-tra-toan-7")
    assert not page.live
    assert not page.permissions_for_user(teacher).can_publish()

    # Submitting instead starts the professional workflow at the group head's step.
    edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    client.post(edit_url, {**data, "action-submit": "1"})
    page = fresh(page)
    assert page.current_workflow_state.workflow.name == PROFESSIONAL_WORKFLOW
    assert page.current_workflow_task.specific.role == SchoolRole.GROUP_HEAD
    assert not page.live


def test_office_sees_every_school_trail_in_one_place(
    client,
    school,
    other_school,
    editor,
    other_editor,
    school_user,
    django_assert_max_num_queries,
):
    from sites.roles import OfficeRole
    from tests.factories import make_office_user

    for target, author in ((school, editor), (other_school, other_editor)):
        page = draft_news(target, author, title=f"Tin của {target.name}")
        page.get_workflow().start(page, author)
        _approve_as(page, school_user(SchoolRole.PRINCIPAL, target=target))

    inspector = make_office_user(school.office, OfficeRole.INSPECTOR, "chuyenvien2")
    client.force_login(inspector)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("editing_office_trail"))
    assert response.status_code == 200
    html = response.content.decode()
    for target in (school, other_school):
        assert target.name in html
        assert f"Tin của {target.name}" in html

    client.force_login(editor)
    response = client.get(reverse("editing_office_trail"))
    assert response.status_code in (302, 403)


def test_workflows_come_back_if_missing_and_stay_off_if_switched_off(school):
    Workflow.objects.filter(name__in=[NEWS_WORKFLOW, PROFESSIONAL_WORKFLOW]).delete()
    professional = section(school, "chuyen-mon").get_workflow()
    assert professional.name == PROFESSIONAL_WORKFLOW
    assert [t.specific.role for t in professional.tasks] == ["group_head", "principal"]
    assert Workflow.objects.filter(name=NEWS_WORKFLOW).count() == 1

    Workflow.objects.filter(name=DISCLOSURE_WORKFLOW).update(active=False)
    disclosures = section(school, "cong-khai")
    assert disclosures.get_workflow() is None or (
        disclosures.get_workflow().name != DISCLOSURE_WORKFLOW
    )
    assert Workflow.objects.filter(name=DISCLOSURE_WORKFLOW).count() == 1


def test_a_submission_mails_the_school_reviewers_not_every_superuser(school, school_user):
    superuser = SuperuserFactory(username="quantri-tinh", email="quantri-tinh@example.test")
    editor = school_user(SchoolRole.EDITOR)
    principal = school_user(SchoolRole.PRINCIPAL)
    page = NewsPageFactory.for_school(school, title="Tin chờ duyệt", live=False)
    page.save_revision(user=editor)
    mail.outbox.clear()
    page.get_workflow().start(page, editor)
    recipients = {address for message in mail.outbox for address in message.to}
    assert principal.email in recipients
    assert superuser.email not in recipients
