"""The editor's panel (privacy findings to confirm, the approval trail), and the
personal-data findings kept with the revision for the approval dialog and the reviewer's
e-mail (home/publishing.py: read, never scanned here)."""

from django import template

from home.privacy import KIND_LABELS, PRIVACY_CONFIRM_FIELD
from home.publishing import revision_findings, stored_privacy
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


@register.simple_tag
def kept_privacy_findings(page):
    """[{label, count, source}] kept with the latest revision of `page` (the one
    submitted), [] when there are none or it was never scanned: the e-mail never scans."""
    if page is None or not getattr(page, "pk", None):
        return []
    return [
        {
            "label": KIND_LABELS.get(item["kind"], item.get("label", "")),
            "count": item.get("count", 0),
            "source": item.get("source", ""),
        }
        for item in stored_privacy(page.get_latest_revision())
    ]


@register.inclusion_tag("home/admin/_approval_privacy.html")
def privacy_approval_panel(page):
    """The approval dialog: what the personal-data scan found in the revision to approve
    (kept with it; scanned here only if it never was, and then kept)."""
    latest = page.get_latest_revision() if page is not None and page.pk else None
    findings = revision_findings(latest) if latest is not None else []
    return {"findings": [f.as_dict() for f in findings]}
