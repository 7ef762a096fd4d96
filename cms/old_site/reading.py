"""Reading one page of an old site: is it an article or a listing, and what does it hold
(title, original date, category, summary, the content element, featured image, the
other addresses of the same article, the links to follow). Pure: no database.

Known platforms are read by their markup (platforms.py); anything else by a single
<article>/articleBody element, then by trafilatura's main-content extraction. The date
comes from the platform's markup, a Vietnamese "dd/mm/yyyy" near the title, or htmldate.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from .addresses import absolute, is_pagination
from .platforms import aliases as platform_aliases
from .platforms import detect, first_of

MIN_ARTICLE_TEXT = 80  # characters of text an article has at least
VN_DATE = re.compile(
    r"(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?:\D{1,12}(\d{1,2})[:h](\d{2}))?"
)
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?")
GENERIC_BODY = (
    "[itemprop='articleBody']",
    "article .entry-content",
    "article .post-content",
    ".entry-content",
    ".post-content",
    ".article-content",
    ".article-body",
)


def nfc(text):
    return unicodedata.normalize("NFC", text or "").strip()


def parse_html(response_or_text):
    """An lxml tree of a page (bytes are decoded by the page's own declaration)."""
    if isinstance(response_or_text, str):
        return lxml.html.document_fromstring(response_or_text or "<html></html>")
    response = response_or_text
    if response.charset:
        return lxml.html.document_fromstring(response.text() or "<html></html>")
    parser = lxml.html.HTMLParser(encoding=None)
    return lxml.html.document_fromstring(response.body or b"<html></html>", parser=parser)


@dataclass
class Reading:
    url: str
    kind: str  # "article", "listing" or "other"
    platform: str = ""
    title: str = ""
    published: datetime.datetime | None = None
    category: str = ""
    summary: str = ""
    content: object = None  # the lxml element of the article's content
    lead_image: str = ""
    aliases: list = field(default_factory=list)
    kind_hint: str = ""  # "page" for a WordPress page (no category)
    links: list = field(default_factory=list)  # (url, is_pagination)


def _text(element):
    return nfc(" ".join(element.itertext())) if element is not None else ""


def _meta(tree, *names):
    for name in names:
        for value in tree.xpath(f"//meta[@property='{name}' or @name='{name}']/@content"):
            if value.strip():
                return nfc(value)
    return ""


def parse_date(value):
    """A datetime from "2023-05-15T09:30", "15/05/2023 09:30", "Thứ hai, 15/05/2023"."""
    value = value or ""
    match = ISO_DATE.search(value)
    if match:
        year, month, day, hour, minute = match.groups()
    else:
        match = VN_DATE.search(value)
        if not match:
            return None
        day, month, year, hour, minute = match.groups()
    try:
        return datetime.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0))
    except ValueError:
        return None


def _date_from(elements):
    for element in elements:
        found = parse_date(element.get("datetime") or "") or parse_date(_text(element))
        if found:
            return found
    return None


def find_date(tree, platform, html_text):
    if platform is not None:
        for selector in platform.date:
            found = _date_from(tree.cssselect(selector))
            if found:
                return found
    found = parse_date(_meta(tree, "article:published_time", "datePublished", "pubdate"))
    if found:
        return found
    for element in tree.xpath("//time[@datetime]"):
        found = parse_date(element.get("datetime"))
        if found:
            return found
    from htmldate import find_date as htmldate_find  # heavy: only when markup says nothing

    found = htmldate_find(html_text, original_date=True, outputformat="%Y-%m-%dT%H:%M")
    return parse_date(found) if found else None


def _title(tree, platform):
    element = first_of(tree, platform.title) if platform else None
    title = _text(element) or _meta(tree, "og:title")
    if not title:
        h1 = tree.xpath("//h1")
        title = _text(h1[0]) if h1 else _text(first_of(tree, ("title",)))
        title = re.split(r"\s+[-|–]\s+", title)[0] if title else ""
    return re.sub(r"\s+", " ", title)[:255]


def _links(url, tree):
    found = []
    rel_next = set(tree.xpath("//a[@rel='next']/@href | //link[@rel='next']/@href"))
    for anchor in tree.xpath("//a[@href]"):
        href = anchor.get("href")
        target = absolute(url, href)
        if target:
            found.append((target, href in rel_next or is_pagination(target)))
    for href in rel_next:
        target = absolute(url, href)
        if target:
            found.append((target, True))
    return list(dict.fromkeys(found))


def _generic_content(tree):
    element = first_of(tree, GENERIC_BODY)
    if element is not None:
        return element
    articles = tree.xpath("//article")
    if len(articles) == 1:
        return articles[0]
    main = tree.xpath("//main")
    if len(main) == 1 and len(main[0].xpath(".//article")) <= 1:
        return main[0]
    return None


def _trafilatura_content(html_text, url):
    import trafilatura  # heavy: only for pages no markup rule recognises

    extracted = trafilatura.extract(
        html_text,
        url=url,
        output_format="html",
        include_images=True,
        include_links=True,
        include_tables=True,
        include_comments=False,
        favor_precision=True,
    )
    if not extracted:
        return None
    body = lxml.html.document_fromstring(extracted).find("body")
    return body


def link_density(element):
    text = len(_text(element))
    if not text:
        return 1.0
    linked = sum(len(_text(a)) for a in element.xpath(".//a"))
    return linked / text


def read_page(url, response_or_text):
    """What the page at `url` is and holds."""
    tree = parse_html(response_or_text)
    html_text = (
        response_or_text
        if isinstance(response_or_text, str)
        else lxml.html.tostring(tree, encoding="unicode")
    )
    platform = detect(url, tree)
    reading = Reading(url=url, kind="other", platform=platform.name if platform else "")
    reading.links = _links(url, tree)
    is_root = urlsplit(url).path in ("", "/") and not urlsplit(url).query
    content = None
    if platform is not None and not is_root:
        listing = first_of(tree, platform.listing) if platform.listing else None
        if listing is None and first_of(tree, platform.article) is not None:
            content = first_of(tree, platform.body)
        elif listing is not None:
            reading.kind = "listing"
    if content is None and reading.kind == "other" and not is_root:
        content = _generic_content(tree)
        if content is None or link_density(content) > 0.5:
            content = _trafilatura_content(html_text, url) if content is None else None
    if content is not None and len(_text(content)) < MIN_ARTICLE_TEXT:
        content = None
    title = _title(tree, platform)
    published = find_date(tree, platform, html_text) if content is not None else None
    if content is None or not title or published is None:
        if reading.kind == "other" and (is_root or len(reading.links) > 15):
            reading.kind = "listing"
        h1 = tree.xpath("//h1")
        reading.title = _text(h1[0]) if h1 else title
        reading.category = reading.title or _category(tree, platform)
        return reading
    reading.kind = "article"
    reading.title = title
    reading.published = published
    reading.content = content
    reading.category = _category(tree, platform)
    reading.summary = (
        _text(first_of(tree, platform.summary)) if platform and platform.summary else ""
    ) or _meta(tree, "og:description", "description")
    lead = first_of(tree, platform.lead_image) if platform and platform.lead_image else None
    lead_src = lead.get("src") if lead is not None else _meta(tree, "og:image")
    reading.lead_image = absolute(url, lead_src) or ""
    reading.aliases = platform_aliases(platform, url, tree) if platform else []
    if platform is not None and platform.name == "WordPress":
        body_class = " ".join(tree.xpath("//body/@class")).split()
        reading.kind_hint = "page" if "page" in body_class else ""
    return reading


def _category(tree, platform):
    if platform is not None:
        element = first_of(tree, platform.category)
        if element is not None:
            return _text(element)[:200]
    return _meta(tree, "article:section")[:200]


def outer_html(element):
    return etree.tostring(element, encoding="unicode", method="html")
