"""Admin views of how schools edit: the privacy review, the approval trail (per page
and across schools for the office) and the Vietnamese editor help."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from wagtail.models import Page, PageLogEntry

from sites.models import School
from sites.page_policy import governed_q
from sites.permissions import is_office_staff

from ..privacy import PRIVACY_CONFIRM_FIELD, PRIVACY_LOG_ACTION
from ..publishing import revision_findings
from ..workflows import workflow_trail

PRIVACY_SESSION_KEY = "privacy_findings"
OFFICE_TRAIL_ROWS = 200
TRAIL_ACTIONS = ("wagtail.workflow.", "wagtail.publish", "wagtail.unpublish", PRIVACY_LOG_ACTION)


# --- Privacy findings kept for the editor between requests ----------------------------


def remember_findings(request, page, findings):
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


def privacy_review(request, page_id):
    """Where a reviewer lands when the final approval was stopped by the guard."""
    page = get_object_or_404(Page, pk=page_id).specific
    task_state = page.current_workflow_task_state
    task = task_state.task.specific if task_state else None
    if task is None or not task.get_actions(page, request.user):
        raise PermissionDenied
    revision = page.get_latest_revision()  # what approval would publish
    return render(
        request,
        "home/admin/privacy_review.html",
        {
            "page": page,
            "findings": [f.as_dict() for f in revision_findings(revision, request)],
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
    if page.permissions_for_user(user).can_edit():
        return True
    task = page.current_workflow_task
    return bool(task and task.specific.user_can_access_editor(page, user))


def editing_trail(request, page_id):
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


def office_trail(request):
    """The office's view across its schools: the latest approvals, rejections,
    publications and privacy confirmations, each linked to the page's full trail."""
    if not is_office_staff(request.user):
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
        workflow = (entry.data or {}).get("workflow") or {}
        comment = (entry.data or {}).get("comment")
        rows.append(
            {
                "entry": entry,
                "school": schools.get(page_path[: Page.steplen * 2]),
                "task": (workflow.get("task") or {}).get("title", ""),
                "comment": comment if isinstance(comment, str) else "",
            }
        )
    return render(request, "home/admin/office_trail.html", {"rows": rows})


# --- Editor help ----------------------------------------------------------------------


def editor_help(request):
    return render(request, "home/admin/help.html", {})
