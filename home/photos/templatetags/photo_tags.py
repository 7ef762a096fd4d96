"""The photo check where editors and approvers already look: the page editor's panel and
the approval dialog (names of listed pupils only in the admin, never in e-mail or logs)."""

from django import template

from ...workflows import SchoolRoleApprovalTask
from ..models import PhotoConfirmation
from ..review import NEEDS_CONFIRMATION, NEEDS_DECLARATION, check_version, role_for

register = template.Library()


@register.inclusion_tag("photos/admin/_editor_panel.html", takes_context=True)
def photo_editor_panel(context, page):
    if page is None or not getattr(page, "pk", None):
        return {"check": None}
    user = context["request"].user
    role = role_for(user, page)
    check = check_version(page, compute_missing=False)
    return {
        "page": page,
        "check": check,
        "undeclared": check.needing(NEEDS_DECLARATION, role),
        "unconfirmed": check.needing(NEEDS_CONFIRMATION, role),
    }


@register.inclusion_tag("photos/admin/_approval_panel.html")
def photo_approval_panel(page):
    if page is None or not getattr(page, "pk", None):
        return {"check": None}
    check = SchoolRoleApprovalTask.photo_check(page.specific)
    role = PhotoConfirmation.Role.APPROVER
    return {
        "page": page,
        "check": check,
        "rows": [(f, f.status(role)) for f in check.findings],
        "undeclared": check.needing(NEEDS_DECLARATION, role),
        "needs_confirmation": NEEDS_CONFIRMATION,
    }
