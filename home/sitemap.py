"""The sitemap of a site (a school's or the portal's): its live pages a visitor may see.

Wagtail's own reads every view restriction (`.public()`), then each page's own row, one
query per page type (18 on a school site with its sections, one more for every new type).
No page type lists URLs of its own (`get_sitemap_urls`), and the sitemap shows only what
every page has (URL, last published), so pages come as their own types without their
own rows (`.specific(defer=True)`): three queries for any site (count, pages, and the
restriction paths when not cached). A type that overrides `get_sitemap_urls` still has it
called, and reads its own fields when it uses them.
"""

from wagtail.contrib.sitemaps import Sitemap

from .visibility import without_restricted


class SiteSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        return (
            without_restricted(root.get_descendants(inclusive=True).live())
            .order_by("path")
            .specific(defer=True)
        )
