"""URLs and domains: what counts as a link, which host it points at, and whether the host
is one of ours. Pure helpers (no models): page content extraction is in home/links.py,
the office's block list in sites.models.BlockedDomainPattern."""

import contextlib
import re
from urllib.parse import urlsplit

# Top-level domains that make "w88.vip" or "nhacai.com.vn" read as a link in plain text.
# Kept to real, common TLDs so "v.v." or "3.5" never count; link-farm favourites included.
TEXT_TLDS = (
    "com|net|org|info|biz|vn|edu|gov|io|co|me|cc|tv|ws|vip|bet|win|casino|poker|club|xyz|top|"
    "site|online|live|pro|app|fun|asia|shop|store|link|click|today|best|life|world|one|"
    "games|game|fyi|ink|icu|sbs|bid|lol|mobi|name|us|uk|to|ly|gg|ph|th|kh|la|sg|my|id|in|ru|cn"
)
_LABEL = r"[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?"
# "w88.vip", "www.nhacai.com.vn/dang-ky", "https://x.y/z": a scheme, or a www., or a TLD
# from the list (with any number of labels before it, and an optional path after it).
URL_IN_TEXT_RE = re.compile(
    rf"(?<![\w@.\-/])(?:(?:https?:)?//[^\s<>\"'()]+|(?:{_LABEL}\.)+(?:{TEXT_TLDS})(?![\w\-])"
    rf"(?:\.(?:{TEXT_TLDS})(?![\w\-]))?(?::\d+)?(?:/[^\s<>\"'()]*)?)",
    re.IGNORECASE,
)
TRAILING_PUNCTUATION = ".,;:!?)]}»”’"


def urls_in_text(text):
    """Every URL or bare domain written in plain text ("vào w88.vip nhé" -> ["w88.vip"])."""
    found = []
    for match in URL_IN_TEXT_RE.finditer(text or ""):
        url = match.group(0).rstrip(TRAILING_PUNCTUATION)
        if url and url not in found:
            found.append(url)
    return found


def domain_of(url):
    """The host a link points at, normalised ("HTTPS://WWW.W88.vip:443/x" -> "w88.vip"),
    or "" for links that leave no site (mailto:, tel:, #anchors, relative paths)."""
    url = (url or "").strip()
    if not url:
        return ""
    lowered = url.lower()
    if lowered.startswith(("mailto:", "tel:", "#", "javascript:", "data:", "sms:")):
        return ""
    if lowered.startswith("//"):
        url = "http:" + url
    elif "://" not in lowered[:12]:
        if lowered.startswith(("/", "?", ".")):
            return ""  # relative: this site
        if not URL_IN_TEXT_RE.fullmatch(url.rstrip(TRAILING_PUNCTUATION)):
            return ""
        url = "http://" + url
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return normalise_domain(host)


def normalise_domain(host):
    host = (host or "").strip().strip(".").lower()
    if host.startswith("xn--") or ".xn--" in host:
        # An internationalised name is compared in its Unicode form.
        with contextlib.suppress(UnicodeError):
            host = host.encode("ascii").decode("idna")
    return host[4:] if host.startswith("www.") else host


def squashed(domain):
    """The domain without separators, so "tai-xiu.com" and "tai.xiu.net" match "taixiu"."""
    return re.sub(r"[.\-_]", "", domain)


# Names of vocabularies our own templates cite (JSON-LD "@context", SVG xmlns), not links.
VOCABULARY_DOMAINS = {"schema.org", "w3.org"}


def is_internal(domain, internal_domains):
    """Is `domain` one of ours (the office portal, a school, a subdomain of either), or a
    vocabulary name our templates cite?"""
    if domain in VOCABULARY_DOMAINS:
        return True
    return any(domain == own or domain.endswith("." + own) for own in internal_domains)
