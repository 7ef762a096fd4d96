"""The external domains a change adds, for the editor, the approval dialog and the
reviewer's e-mail: from the links the publishing road kept with each revision
(home/publishing.py), never parsed again here."""

from django import template

from home.links import NEW_DOMAINS_CONFIRM_FIELD
from home.publishing import added_domains, blocked_link_error

register = template.Library()


@register.simple_tag
def added_link_domains(page):
    """[AddedDomain] the latest revision of `page` adds to its live version."""
    if page is None or not getattr(page, "pk", None):
        return []
    page = page.specific
    if not hasattr(page, "publish_blocked_error"):
        return []
    return added_domains(page)


@register.inclusion_tag("home/admin/_added_domains.html")
def added_domains_panel(page, in_editor=False):
    domains = added_link_domains(page)
    latest = page.get_latest_revision() if page and page.pk else None
    error = blocked_link_error(page.specific, latest) if latest else None
    return {
        "domains": domains,
        "blocked_error": error.messages[0] if error else "",
        # In the editor, publishing past domains new to the school takes a tick
        # (home/wagtail_hooks.py); the approval dialog asks for its own comment.
        "confirm_field": NEW_DOMAINS_CONFIRM_FIELD
        if in_editor
        and getattr(page.specific, "school", None) is not None
        and any(item.new_to_school for item in domains)
        else "",
    }
