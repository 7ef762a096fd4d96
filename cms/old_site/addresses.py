"""Old URLs: one normal form per address (the key an imported item is found by), what
kind of file a URL names, and which links a crawl never follows."""

import hashlib
import posixpath
import re
from urllib.parse import parse_qsl, unquote, urlencode, urljoin, urlsplit, urlunsplit

from wagtail.contrib.redirects.models import Redirect

from sites.cache import TRACKING_PARAMETERS

IMAGE_EXTENSIONS = {"jpg", "jpeg", "png", "gif", "webp", "bmp", "heic", "heif"}
DOCUMENT_EXTENSIONS = {"pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp"}
OTHER_FILE_EXTENSIONS = {
    "zip",
    "rar",
    "7z",
    "mp3",
    "mp4",
    "avi",
    "wmv",
    "flv",
    "exe",
    "swf",
    "css",
    "js",
    "ico",
    "svg",
    "xml",
    "txt",
    "rss",
    "json",
    "woff",
    "woff2",
    "ttf",
}

# Links a crawl of an old school site never follows: admin and login screens, comment
# and reply links, search, print/share views, feeds (read separately), previews of drafts.
SKIPPED_PATHS = re.compile(
    r"/(?:wp-admin|wp-login\.php|wp-json|xmlrpc\.php|wp-includes|admin|administrator|"
    r"login|dang-nhap|users?|search|tim-kiem|feed|comments|trackback|print|in-bai|"
    r"share|cgi-bin|cart|checkout)(?:/|$|\.)|/(?:rss|feeds?)(?:/|\.php|\.xml|$)|/xml-rpc",
    re.IGNORECASE,
)
SKIPPED_QUERY_NAMES = {
    "preview",
    "preview_id",
    "replytocom",
    "s",
    "q",
    "keyword",
    "share",
    "print",
    "format",
    "tmpl",
    "action",
    "sort",
    "orderby",
    "order",
    "limit",
    "view_mode",
    "attachment_id",
}
# "/page/3/", "/page-3", "?start=20", "?paged=3", "?page=3", "?trang=3": the next page of a
# listing is no deeper than the listing itself.
PAGINATION = re.compile(
    r"(?:/page[/-]\d+/?$)|(?:[?&](?:start|limitstart|paged|page|trang|p_page|pg)=\d+)",
    re.IGNORECASE,
)
REPEATED_SEGMENT = 3  # /a/a/a/…: a loop of relative links


def normalise(url):
    """One form per old address, whatever way it was written: scheme and `www.` dropped,
    host lower-case, no fragment, percent-escapes decoded, query parameters sorted and
    tracking tags removed, one trailing slash ignored."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    port = f":{parts.port}" if parts.port and parts.port not in (80, 443) else ""
    path = unquote(parts.path or "/")
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    query = sorted(
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if name not in TRACKING_PARAMETERS and not name.startswith("utm_")
    )
    return urlunsplit(("", host + port, path, urlencode(query), "")).lstrip("/")


def url_key(url):
    """A fixed-length key for `url` (an index on a 2,000-character column is refused by
    some databases)."""
    return hashlib.sha1(normalise(url).encode(), usedforsecurity=False).hexdigest()


def absolute(base, href):
    """`href` made absolute against `base`, fragment dropped; None when it is no web
    address (mailto:, javascript:, data:…)."""
    href = (href or "").strip()
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:", "data:", "sms:")):
        return None
    try:
        url = urljoin(base, href)
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def extension(url):
    path = urlsplit(url).path
    return posixpath.splitext(path)[1].lower().lstrip(".")


def is_image(url):
    return extension(url) in IMAGE_EXTENSIONS


def is_document(url):
    return extension(url) in DOCUMENT_EXTENSIONS


def is_page_link(url):
    """Could `url` be an HTML page worth reading (not a file, not an admin screen…)?"""
    ext = extension(url)
    if ext in IMAGE_EXTENSIONS | DOCUMENT_EXTENSIONS | OTHER_FILE_EXTENSIONS:
        return False
    parts = urlsplit(url)
    if SKIPPED_PATHS.search(parts.path):
        return False
    names = {name.lower() for name, _value in parse_qsl(parts.query, keep_blank_values=True)}
    if names & SKIPPED_QUERY_NAMES:
        return False
    segments = [s for s in parts.path.split("/") if s]
    return all(segments.count(s) < REPEATED_SEGMENT for s in set(segments))


def is_pagination(url):
    return bool(PAGINATION.search(url))


def redirect_path(url):
    """The old address as Wagtail's redirects store it: path and sorted query, no host."""
    parts = urlsplit(url)
    return Redirect.normalise_path(urlunsplit(("", "", parts.path or "/", parts.query, "")))


def file_name(url, fallback="tep"):
    name = posixpath.basename(unquote(urlsplit(url).path)) or fallback
    return re.sub(r"[^\w.\-]+", "-", name)[:100] or fallback
