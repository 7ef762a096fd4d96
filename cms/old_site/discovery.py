"""Finding an old site's articles before reading them: its sitemaps (robots.txt's,
the usual names and WordPress's `wp-sitemap.xml`, indexes and gzip included) through
ultimate-sitemap-parser, and its RSS/Atom feeds through feedparser. Both fetch through
the import's SiteFetcher, so they obey the same host, address and robots rules.

Sitemaps and feeds are capped on the platforms schools use (NukeViet: 1,000 and 30
items), so the crawl then follows the category and archive listings page by page
(runner.py); what is found here only seeds it, with a date when one is given.
"""

import logging
from dataclasses import dataclass
from datetime import date
from urllib.parse import urljoin

import feedparser
from usp.fetch_parse import SitemapFetcher
from usp.objects.sitemap import InvalidSitemap
from usp.tree import sitemap_tree_for_homepage
from usp.web_client.abstract_client import (
    AbstractWebClient,
    AbstractWebClientSuccessResponse,
    WebClientErrorResponse,
)

from .network import FetchFailed, FetchRefused

logger = logging.getLogger(__name__)

MAX_SITEMAP_BYTES = 20 * 1024 * 1024
MAX_FEED_BYTES = 5 * 1024 * 1024
FEED_PATHS = ("feed/", "rss/", "feeds/", "rss.php", "index.php?format=feed&type=rss")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml")


@dataclass(frozen=True)
class Found:
    url: str
    day: date | None = None  # the sitemap's lastmod or the feed's date, when given
    source: str = ""


class _Success(AbstractWebClientSuccessResponse):
    def __init__(self, response):
        self._response = response

    def status_code(self):
        return self._response.status

    def status_message(self):
        return "OK"

    def header(self, case_insensitive_name):
        return self._response.headers.get(case_insensitive_name.lower())

    def raw_data(self):
        return self._response.body

    def url(self):
        return self._response.url


class FetcherWebClient(AbstractWebClient):
    """ultimate-sitemap-parser's web client, through our fetcher. Never retryable for
    usp: the fetcher already retried with back-off."""

    def __init__(self, fetcher):
        self.fetcher = fetcher
        self.max_bytes = MAX_SITEMAP_BYTES

    def set_max_response_data_length(self, max_response_data_length):
        if max_response_data_length:
            self.max_bytes = min(max_response_data_length, MAX_SITEMAP_BYTES)

    def get(self, url):
        try:
            return _Success(self.fetcher.get(url, max_bytes=self.max_bytes))
        except FetchFailed as error:
            # usp recognises this exact wording as a quiet "not there" for known paths.
            message = "404 Not Found" if error.status == 404 else str(error)
            return WebClientErrorResponse(message, retryable=False)
        except FetchRefused as error:
            return WebClientErrorResponse(str(error), retryable=False)


def _pages(sitemap):
    for page in sitemap.all_pages():
        modified = page.last_modified
        yield Found(page.url, modified.date() if modified else None, "sitemap")


def sitemap_pages(fetcher, home_url):
    """Every page the site's sitemaps list (a generator: sub-sitemaps are read lazily)."""
    client = FetcherWebClient(fetcher)
    logging.getLogger("usp").setLevel(logging.ERROR)  # 404s of the usual names are normal
    tree = sitemap_tree_for_homepage(
        home_url,
        web_client=client,
        use_robots=False,  # robots.txt is read by the fetcher, which obeys it
        use_known_paths=True,
        extra_known_paths={"wp-sitemap.xml"},
    )
    seen = {sitemap.url for sitemap in tree.sub_sitemaps}
    yield from _pages(tree)
    for url in fetcher.robots_sitemaps(home_url):
        if url in seen or not fetcher.is_own(url):
            continue
        sitemap = SitemapFetcher(url=url, recursion_level=0, web_client=client).sitemap()
        if not isinstance(sitemap, InvalidSitemap):
            yield from _pages(sitemap)


def feed_urls(home_url, home_tree):
    """The feeds the home page announces, then the platforms' usual addresses."""
    found = []
    if home_tree is not None:
        for link in home_tree.xpath("//link[@rel='alternate'][@href]"):
            if (link.get("type") or "").lower() in FEED_TYPES:
                found.append(urljoin(home_url, link.get("href")))
    found += [urljoin(home_url, path) for path in FEED_PATHS]
    return list(dict.fromkeys(found))


def feed_entries(fetcher, home_url, home_tree=None):
    """(url, day) of every item in the site's feeds."""
    for url in feed_urls(home_url, home_tree):
        if not fetcher.allowed(url):
            continue
        try:
            response = fetcher.get(url, max_bytes=MAX_FEED_BYTES)
        except (FetchFailed, FetchRefused):
            continue
        parsed = feedparser.parse(response.body)
        if parsed.bozo and not parsed.entries:
            continue
        for entry in parsed.entries:
            link = entry.get("link")
            stamp = entry.get("published_parsed") or entry.get("updated_parsed")
            day = date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday) if stamp else None
            if link:
                yield Found(urljoin(url, link), day, "feed")
