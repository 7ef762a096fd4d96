"""How external links in rich text are rendered on public pages."""

from django.utils.html import format_html

from wagtail.rich_text import LinkHandler

EXTERNAL_REL = "nofollow noopener"


class ExternalLinkHandler(LinkHandler):
    """Every http(s) link typed into rich text renders with rel="nofollow noopener" and
    nothing but its href: a planted link passes no search ranking, and a style or class
    pasted with it (display:none) is dropped, so it cannot hide on the public page."""

    identifier = "external"

    @classmethod
    def expand_db_attributes(cls, attrs):
        return format_html('<a href="{}" rel="{}">', attrs.get("href", ""), EXTERNAL_REL)
