"""Admin hooks for how schools edit: the privacy guard, the approval trail,
and the Vietnamese editor help."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Page

from sites.page_policy import governed_q
from sites.permissions import is_office_staff

from .privacy import (
    PRIVACY_CONFIRM_FIELD,
    PRIVACY_LOG_ACTION,
    log_confirmation,
    scan_page,
)

PRIVACY_SESSION_KEY = "privacy_findings"


# --- Privacy guard ------------------------------------------------------------------


def _remember_findings(request, page, findings):
    stored = request.session.get(PRIVACY_SESSION_KEY, {})
    if findings:
        stored[str(page.pk)] = [f.as_dict() for f in findings]
    else:
        stored.pop(str(page.pk), None)
    request.session[PRIVACY_SESSION_KEY] = stored


def pending_findings(request, page):
    """Findings shown in the editor after a publish was stopped."""
    if page is None or not page.pk:
        return []
    return request.session.get(PRIVACY_SESSION_KEY, {}).get(str(page.pk), [])


@hooks.register("before_publish_page")
def stop_publishing_personal_data(request, page):
    """Runs after the draft is saved, before it goes live (create and edit views).
    With findings and no confirmation, the page stays a draft and the editor sees
    the findings above the form."""
    findings = scan_page(page)
    if not findings:
        _remember_findings(request, page, [])
        return None
    if request.POST.get(PRIVACY_CONFIRM_FIELD):
        log_confirmation(page, request.user, findings, revision=page.latest_revision)
        _remember_findings(request, page, [])
        return None
    _remember_findings(request, page, findings)
    match = getattr(request, "resolver_match", None)
    if match and match.url_name == "add" and page.live:
        # The create view inserts the new page with live=True before this hook runs;
        # keep it as a draft.
        page.live = False
        page.has_unpublished_changes = True
        page.save(update_fields=["live", "has_unpublished_changes"], clean=False)
    messages.error(
        request,
        _(
            "Chưa xuất bản: trang có thể chứa dữ liệu cá nhân của học sinh. Hãy xem các mục "
            "được phát hiện ở đầu trang soạn thảo, sửa lại hoặc đánh dấu xác nhận rồi xuất bản lại."
        ),
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("after_edit_page")
def send_stopped_approval_to_privacy_review(request, page):
    """Approving from the editor's own action menu ignores where the task wanted to send
    the reviewer; if the final approval was held back by the privacy guard, go there."""
    if not (
        request.method == "POST"
        and request.POST.get("action-workflow-action")
        and request.POST.get("workflow-action-name") == "approve"
    ):
        return None
    task_state = page.current_workflow_task_state
    if task_state is None or not task_state.workflow_state.is_at_final_task:
        return None
    if task_state.task.specific.get_actions(page, request.user) and scan_page(
        page.get_latest_revision().as_object()
    ):
        return redirect("editing_privacy_review", page.pk)
    return None


@hooks.register("register_log_actions")
def register_privacy_log_actions(actions):
    actions.register_action(
        PRIVACY_LOG_ACTION,
        gettext_lazy("Xác nhận xuất bản dù có cảnh báo dữ liệu cá nhân"),
        gettext_lazy("Đã xác nhận xuất bản dù có cảnh báo dữ liệu cá nhân"),
    )


def privacy_review(request, page_id):
    """Where a reviewer lands when the final approval was stopped by the guard."""
    page = get_object_or_404(Page, pk=page_id).specific
    task_state = page.current_workflow_task_state
    task = task_state.task.specific if task_state else None
    if task is None or not task.get_actions(page, request.user):
        raise PermissionDenied
    revision_page = page.get_latest_revision().as_object()  # what approval would publish
    return render(
        request,
        "home/admin/privacy_review.html",
        {
            "page": page,
            "findings": [f.as_dict() for f in scan_page(revision_page)],
            "task_state": task_state,
            "confirm_field": PRIVACY_CONFIRM_FIELD,
            "action_url": reverse(
                "wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk)
            ),
            "edit_url": reverse("wagtailadmin_pages:edit", args=(page.pk,)),
        },
    )


# --- Trail of who did what ------------------------------------------------------------


def user_can_read_trail(user, page):
    if user.is_superuser:
        return True
    if is_office_staff(user):
        # Office staff inspect the schools (and portals) of their own subtree only.
        scope = governed_q(user)
        return scope is None or Page.objects.filter(scope, pk=page.pk).exists()
    perms = page.permissions_for_user(user)
    if perms.can_edit():
        return True
    task = page.current_workflow_task
    return bool(task and task.specific.user_can_access_editor(page, user))


def editing_trail(request, page_id):
    from sites.workflows import workflow_trail

    page = get_object_or_404(Page, pk=page_id).specific
    if not user_can_read_trail(request.user, page):
        raise PermissionDenied
    return render(
        request,
        "home/admin/trail.html",
        {
            "page": page,
            "trail": workflow_trail(page),
            "workflow_state": page.current_workflow_state,
            "edit_url": reverse("wagtailadmin_pages:edit", args=(page.pk,)),
        },
    )


OFFICE_TRAIL_ROWS = 200
TRAIL_ACTIONS = ("wagtail.workflow.", "wagtail.publish", "wagtail.unpublish", PRIVACY_LOG_ACTION)


def office_can_inspect(user):
    return is_office_staff(user)


def office_trail(request):
    """The office's view across schools: the latest approvals, rejections, publications
    and privacy confirmations, each linked to the page's full trail."""
    from django.db.models import Q

    from wagtail.models import PageLogEntry

    from sites.models import School

    if not office_can_inspect(request.user):
        raise PermissionDenied
    actions = Q()
    for prefix in TRAIL_ACTIONS:
        actions |= Q(action__startswith=prefix)
    entries = PageLogEntry.objects.filter(actions)
    scope = governed_q(request.user, field="page__path")
    if scope is not None:
        entries = entries.filter(scope)  # a ward's staff: the ward's schools and portal only
    entries = list(
        entries.select_related("user", "page").order_by("-timestamp", "-pk")[:OFFICE_TRAIL_ROWS]
    )
    wanted = {e.page.path[: Page.steplen * 2] for e in entries if e.page_id and e.page}
    schools = {
        s.home_page.path: s
        for s in School.objects.select_related("home_page").filter(home_page__path__in=wanted)
    }
    rows = []
    for entry in entries:
        page_path = entry.page.path if entry.page_id and entry.page else ""
        school = schools.get(page_path[: Page.steplen * 2])
        workflow = (entry.data or {}).get("workflow") or {}
        comment = (entry.data or {}).get("comment")
        rows.append(
            {
                "entry": entry,
                "school": school,
                "task": (workflow.get("task") or {}).get("title", ""),
                "comment": comment if isinstance(comment, str) else "",
            }
        )
    return render(request, "home/admin/office_trail.html", {"rows": rows})


class OfficeMenuItem(MenuItem):
    def is_shown(self, request):
        return office_can_inspect(request.user)


@hooks.register("register_admin_menu_item")
def register_office_trail_menu_item():
    return OfficeMenuItem(
        gettext_lazy("Nhật ký duyệt các trường"),
        reverse("editing_office_trail"),
        icon_name="history",
        order=9000,
    )


# --- Editor help ----------------------------------------------------------------------


def editor_help(request):
    return render(request, "home/admin/help.html", {})


@hooks.register("register_admin_urls")
def register_editing_urls():
    return [
        path("huong-dan/", editor_help, name="editing_help"),
        path("nhat-ky/", office_trail, name="editing_office_trail"),
        path("nhat-ky/<int:page_id>/", editing_trail, name="editing_trail"),
        path(
            "kiem-tra-du-lieu-ca-nhan/<int:page_id>/", privacy_review, name="editing_privacy_review"
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_help_menu_item():
    return MenuItem(
        gettext_lazy("Hướng dẫn sử dụng"), reverse("editing_help"), icon_name="help", order=10000
    )
