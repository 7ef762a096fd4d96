"""Site search: scoped to the site of the request, blind to diacritics and case.

Every page keeps an accent-folded copy of its text (SchoolSitePage.search_text_folded)
in Wagtail's search index, and the query is folded the same way, so "thong bao" finds
"Thông báo" and "dong" finds "Đồng" on SQLite. On PostgreSQL the index also runs the
`vietnamese_unaccent` configuration (home/migrations/0002), which folds both sides.
"""

from wagtail.models import Page

from sites.models import School
from sites.text import fold, search_words, strip_control

from .models import NewsPage
from .visibility import public

MAX_QUERY_LENGTH = 100


def clean_query(text):
    # Control characters (a NUL byte) never reach a query, nor the page that repeats it.
    return " ".join(strip_control(text).split())[:MAX_QUERY_LENGTH]


def search_site(root_page, text):
    """Live, public pages under `root_page` matching every word of `text`."""
    words = search_words(fold(clean_query(text)))
    if not words or root_page is None:
        return Page.objects.none()
    pages = public(Page.objects.live()).descendant_of(root_page, inclusive=True)
    return pages.search(" ".join(words), operator="and")


def search_portal(portal_root, text):
    """The portal searches its own pages and the news of every school of the office."""
    words = search_words(fold(clean_query(text)))
    if not words or portal_root is None:
        return []
    query = " ".join(words)
    own = list(search_site(portal_root, text)[:100])
    school_news = NewsPage.with_school_urls(
        list(
            public(NewsPage.objects.live()).defer_streamfields().search(query, operator="and")[:100]
        )
    )
    return own + school_news


def search_schools(text, limit=10):
    """Schools whose name has every word; a name containing the words in that order first
    ("kim dong" -> THCS Kim Đồng before a school on Kim Đồng street)."""
    words = search_words(fold(clean_query(text)))
    if not words:
        return []
    phrase = " ".join(words)
    schools = list(School.objects.active().search(phrase).order_by("name")[: limit * 3])
    schools.sort(key=lambda s: (phrase not in s.name_folded, len(s.name_folded)))
    return schools[:limit]
