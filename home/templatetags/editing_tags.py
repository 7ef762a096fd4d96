"""The editor's panel: privacy findings to confirm and the approval trail."""

from django import template

from home.privacy import PRIVACY_CONFIRM_FIELD
from home.views.editing import pending_findings
from home.workflows import workflow_trail

register = template.Library()

TRAIL_ROWS_IN_EDITOR = 6


@register.inclusion_tag("home/admin/_editor_panel.html", takes_context=True)
def editing_panel(context, page):
    request = context["request"]
    trail = workflow_trail(page) if page and page.pk else []
    return {
        "page": page,
        "findings": pending_findings(request, page),
        "confirm_field": PRIVACY_CONFIRM_FIELD,
        "trail": trail[-TRAIL_ROWS_IN_EDITOR:],
        "trail_is_cut": len(trail) > TRAIL_ROWS_IN_EDITOR,
        "workflow_state": page.current_workflow_state if page and page.pk else None,
    }
