"""Site search: scoped to the site of the request, blind to diacritics and case.

Every page keeps an accent-folded copy of its text (SchoolSitePage.search_text_folded)
in Wagtail's search index, and the query is folded the same way, so "thong bao" finds
"Thông báo" and "dong" finds "Đồng" on SQLite. On PostgreSQL the index also runs the
`vietnamese_unaccent` configuration (home/migrations/0002), which folds both sides.
"""

import re

from wagtail.models import Page

from sites.text import fold

MAX_QUERY_LENGTH = 100


def clean_query(text):
    return " ".join((text or "").split())[:MAX_QUERY_LENGTH]


def search_site(root_page, text):
    """Live, public pages under `root_page` matching every word of `text`."""
    # Words only: quotes, brackets, * and the like are query syntax to SQLite's FTS5 (a
    # stray `"` is a syntax error there) and mean nothing to a visitor.
    words = re.findall(r"\w+", fold(clean_query(text)))
    if not words or root_page is None:
        return Page.objects.none()
    pages = Page.objects.live().public().descendant_of(root_page, inclusive=True)
    return pages.search(" ".join(words), operator="and")
