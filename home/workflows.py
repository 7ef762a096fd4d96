"""Approval workflows shared by every school.

There is ONE Wagtail workflow per kind of content (news, professional documents,
disclosures), not one per school. Its tasks are `SchoolRoleApprovalTask`s: a task
names a role (principal, subject-group head) and, for each page, resolves the school
from the page's tree path, so only that school's principal / group head may act.
School pages pick their shared workflow in `SchoolSitePage.get_workflow()`.
"""

import functools

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import registry
from wagtail.models import Page, Task, TaskState, Workflow, WorkflowTask
from wagtail.signals import task_submitted

from sites.models import School
from sites.permissions import user_holds_role
from sites.roles import SchoolRole

from .photos.models import PhotoConfirmation
from .photos.review import NEEDS_CONFIRMATION, NEEDS_DECLARATION, confirm
from .privacy import log_confirmation
from .publishing import photo_check, revision_findings
from .sections import HOME_WORKFLOW, SECTION_WORKFLOWS, WorkflowKind

# Stable workflow names: created by sites/migrations/0003_school_workflows.py and looked
# up by name, so renaming one in the admin detaches it from the school sections.
NEWS_WORKFLOW = "Tin bài, giới thiệu: biên tập viên → hiệu trưởng"
PROFESSIONAL_WORKFLOW = "Tài liệu chuyên môn: giáo viên → tổ trưởng → hiệu trưởng"
DISCLOSURE_WORKFLOW = "Công khai: biên tập viên → hiệu trưởng"

PRINCIPAL_TASK = "Hiệu trưởng duyệt"
GROUP_HEAD_TASK = "Tổ trưởng chuyên môn duyệt"

WORKFLOW_NAMES = {
    WorkflowKind.NEWS: NEWS_WORKFLOW,
    WorkflowKind.PROFESSIONAL: PROFESSIONAL_WORKFLOW,
    WorkflowKind.DISCLOSURE: DISCLOSURE_WORKFLOW,
}

HOME_DEPTH = 2  # a school's home page sits right under the tree root
SECTION_DEPTH = 3


def school_for_page(page):
    """The School whose site contains `page`, or None (portal pages, tree root)."""
    cached = getattr(page, "_school_for_workflow", False)
    if cached is not False:
        return cached
    school = None
    if page.path and page.depth >= HOME_DEPTH:
        school = School.objects.owning(page.path)
    page._school_for_workflow = school
    return school


def section_slug_for_page(page):
    """Slug of the fixed section (gioi-thieu, cong-khai...) the page belongs to."""
    if page.depth < SECTION_DEPTH:
        return None
    if page.depth == SECTION_DEPTH:
        return page.slug
    section_path = page.path[: Page.steplen * SECTION_DEPTH]
    return Page.objects.filter(path=section_path).values_list("slug", flat=True).first()


def shared_workflow_for(page):
    """The shared workflow for a school page, or None for pages outside any school."""
    if not getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True) or not page.path:
        return None
    if "_shared_workflow" in page.__dict__:
        return page.__dict__["_shared_workflow"]
    workflow = None
    if school_for_page(page) is not None:
        slug = section_slug_for_page(page)
        kind = HOME_WORKFLOW if slug is None else SECTION_WORKFLOWS.get(slug)
        name = WORKFLOW_NAMES.get(kind)
        if name:
            workflow = Workflow.objects.filter(name=name).first()
            if workflow is None:  # e.g. a database flushed after migrate
                workflow = ensure_school_workflows()[name]
            if not workflow.active:
                workflow = None  # the office switched this approval off
    page.__dict__["_shared_workflow"] = workflow
    return workflow


WORKFLOW_TASKS = {
    NEWS_WORKFLOW: [PRINCIPAL_TASK],
    PROFESSIONAL_WORKFLOW: [GROUP_HEAD_TASK, PRINCIPAL_TASK],
    DISCLOSURE_WORKFLOW: [PRINCIPAL_TASK],
}
TASK_ROLES = {PRINCIPAL_TASK: SchoolRole.PRINCIPAL, GROUP_HEAD_TASK: SchoolRole.GROUP_HEAD}


def ensure_school_workflows():
    """Create the shared workflows and tasks that are missing (same as the data
    migration); returns {name: Workflow}."""
    with transaction.atomic():
        tasks = {}
        for name, role in TASK_ROLES.items():
            tasks[name] = SchoolRoleApprovalTask.objects.filter(
                name=name
            ).first() or SchoolRoleApprovalTask.objects.create(name=name, role=role)
        workflows = {}
        for name, task_names in WORKFLOW_TASKS.items():
            workflow = Workflow.objects.filter(name=name).first()
            if workflow is None:
                workflow = Workflow.objects.create(name=name, active=True)
                for order, task_name in enumerate(task_names):
                    WorkflowTask.objects.create(
                        workflow=workflow, task=tasks[task_name], sort_order=order
                    )
            workflows[name] = workflow
    return workflows


@functools.cache
def privacy_confirming_approval_form():
    """The approval form with the privacy confirmation box (built lazily: Wagtail's
    admin forms cannot be imported while models load)."""
    from wagtail.forms import TaskStateCommentForm

    class PrivacyConfirmingApprovalForm(TaskStateCommentForm):
        privacy_confirmed = forms.BooleanField(
            label=_(
                "Tôi xác nhận đã kiểm tra: trang không công bố dữ liệu cá nhân hay kết quả "
                "học tập của từng học sinh (hoặc việc công bố đã được phép)."
            ),
            required=False,
        )
        photos_confirmed = forms.BooleanField(
            label=_(
                "Tôi đã xem các ảnh có học sinh chưa đồng ý đăng ảnh: không em nào nhận ra "
                "được trong ảnh."
            ),
            required=False,
        )

    return PrivacyConfirmingApprovalForm


class SchoolRoleApprovalTask(Task):
    """Approval by whoever holds `role` in the school the page belongs to."""

    role = models.CharField(
        _("vai trò duyệt"),
        max_length=20,
        choices=SchoolRole.choices,
        help_text=_("Người giữ vai trò này ở chính trường có trang sẽ duyệt bước này."),
    )

    admin_form_fields = Task.admin_form_fields + ["role"]

    class Meta:
        verbose_name = _("bước duyệt theo vai trò trong trường")
        verbose_name_plural = _("bước duyệt theo vai trò trong trường")

    def can_review(self, obj, user):
        if user.is_superuser:
            return True
        return user_holds_role(user, school_for_page(obj), self.role)

    def start(self, workflow_state, user=None):
        page = workflow_state.content_object
        # A lock held by someone who cannot review would block the reviewer.
        if page.locked and page.locked_by_id and not self.can_review(page, page.locked_by):
            page.locked = False
            page.locked_by = None
            page.locked_at = None
            page.save(update_fields=["locked", "locked_by", "locked_at"])
        return super().start(workflow_state, user=user)

    def user_can_access_editor(self, obj, user):
        return self.can_review(obj, user)

    def locked_for_user(self, obj, user):
        return not self.can_review(obj, user)

    def user_can_lock(self, obj, user):
        return self.can_review(obj, user)

    def get_actions(self, obj, user):
        if not self.can_review(obj, user):
            return []
        actions = [
            ("reject", _("Yêu cầu sửa lại"), True),
            ("approve", _("Duyệt"), False),
            ("approve", _("Duyệt kèm nhận xét"), True),
        ]
        adds_domains = getattr(obj.specific, "adds_external_domains", None)
        if (adds_domains and adds_domains()) or self._photos_owed(obj):
            # No one-click approval past new outside links or photos of pupils without
            # consent: the dialog lists them first.
            actions = [a for a in actions if a[0] != "approve" or a[2]]
        return actions

    @staticmethod
    def photo_check(obj):
        """The photo check of the version awaiting approval, once per request: the task
        asks while listing its actions, the dialog while rendering, the approval itself
        (home/publishing.py)."""
        return photo_check(obj)

    def _photos_owed(self, obj):
        return self.photo_check(obj).blocks(PhotoConfirmation.Role.APPROVER)

    def get_template_for_action(self, action):
        # The approval dialog lists the external domains the change adds (templates/).
        return "home/admin/approval_modal.html" if action == "approve" else ""

    def get_form_for_action(self, action):
        if action == "approve":
            return privacy_confirming_approval_form()
        return super().get_form_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        # The view only offers actions from get_actions(); check again so a crafted
        # request from another school's reviewer cannot approve.
        page = task_state.workflow_state.content_object
        if not self.can_review(page, user):
            raise PermissionDenied
        confirmed = kwargs.pop("privacy_confirmed", False)
        photos_confirmed = kwargs.pop("photos_confirmed", False)
        if action_name == "approve" and task_state.workflow_state.is_at_final_task:
            # A link to a blocked domain never goes live (the page model refuses to publish
            # it); back to the editor, whose panel names the link.
            blocked_error = getattr(page.specific, "publish_blocked_error", None)
            if blocked_error and blocked_error(page.get_latest_revision()):
                return reverse("wagtailadmin_pages:edit", args=(page.pk,))
            # The last approval publishes: the privacy guard applies here too.
            # Wagtail publishes the LATEST revision when the workflow finishes (a reviewer
            # may have edited it), so that is the one to scan.
            latest = page.get_latest_revision()
            findings = revision_findings(latest)
            if findings and not confirmed:
                return reverse("editing_privacy_review", args=(page.pk,))
            if findings:
                log_confirmation(page.specific, user, findings, revision=latest)
            # Photos: every face declared, and photos of classes with pupils whose parents
            # have not consented confirmed by the approver (or blurred): home/photos.
            approver = PhotoConfirmation.Role.APPROVER
            check = photo_check(page, latest)
            if check.needing(NEEDS_DECLARATION, approver) or (
                check.blocks(approver) and not photos_confirmed
            ):
                return reverse("photos_page", args=(page.pk,))
            confirm(page, check.needing(NEEDS_CONFIRMATION, approver), user, approver, latest)
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        in_progress = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return in_progress
        home_paths = list(
            user.groups.filter(school_role__role=self.role).values_list(
                "school_role__school__home_page__path", flat=True
            )
        )
        if not home_paths:
            return TaskState.objects.none()
        object_ids = list(in_progress.values_list("workflow_state__object_id", flat=True))
        in_schools = Q()
        for path in home_paths:
            in_schools |= Q(path__startswith=path)
        page_ids = Page.objects.filter(in_schools, pk__in=object_ids).values_list("pk", flat=True)
        return in_progress.filter(workflow_state__object_id__in=[str(pk) for pk in page_ids])

    @classmethod
    def get_description(cls):
        return _(
            "Người giữ vai trò đã chọn (hiệu trưởng, tổ trưởng chuyên môn) ở chính trường "
            "có trang sẽ duyệt bước này."
        )


@functools.cache
def school_task_submission_notifier():
    """Tells the reviewers of THIS school (not every principal) that a page awaits them,
    with templates/wagtailadmin/notifications/task_state_submitted*.txt (Vietnamese)."""
    from wagtail.admin.mail import BaseGroupApprovalTaskStateEmailNotifier

    class SchoolRoleTaskSubmissionNotifier(BaseGroupApprovalTaskStateEmailNotifier):
        notification = "submitted"

        def can_handle(self, instance, **kwargs):
            return isinstance(instance, TaskState) and isinstance(
                instance.task.specific, SchoolRoleApprovalTask
            )

        def get_recipient_users(self, task_state, **kwargs):
            task = task_state.task.specific
            school = school_for_page(task_state.workflow_state.content_object)
            if school is None:
                return set()
            reviewers = get_user_model().objects.filter(
                groups__school_role__school=school, groups__school_role__role=task.role
            )
            if user := kwargs.get("user"):
                reviewers = reviewers.exclude(pk=user.pk)
            return set(reviewers)

    return SchoolRoleTaskSubmissionNotifier()


def notify_school_reviewers(sender, instance=None, **kwargs):
    return school_task_submission_notifier()(instance=instance, **kwargs)


task_submitted.connect(
    notify_school_reviewers,
    sender=TaskState,
    dispatch_uid="school_role_task_submitted_email_notification",
)


def workflow_trail(page):
    """Who did what, and when, to this page: its audit log, oldest first, as rows
    the editor and the office can read."""
    entries = (
        registry.get_logs_for_instance(page)
        .select_related("user", "revision")
        .order_by("timestamp", "pk")
    )
    rows = []
    for entry in entries:
        data = entry.data or {}
        workflow = data.get("workflow") or {}
        task = workflow.get("task") or {}
        rows.append(
            {
                "timestamp": entry.timestamp,
                "user": entry.user_display_name,
                "action": entry.action,
                "label": entry.message,
                "task": task.get("title", ""),
                "comment": data.get("comment", "") if isinstance(data.get("comment"), str) else "",
            }
        )
    return rows
