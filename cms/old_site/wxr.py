"""Reading a WordPress export (WXR, Tools → Export) item by item.

The file is streamed (lxml iterparse, each item dropped once read), so memory does not
grow with the export — WordPress's own importer loads the whole file. Only published
posts and pages without a password are imported; drafts, pending, private, scheduled
and trashed items are never read further, so nothing of theirs is fetched. Attachments
are read in a first pass (id → file URL) for featured images and `[gallery ids=…]`.
Entities are not resolved and nothing is fetched by the parser (XXE).
"""

import html
import re
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from .body import autop
from .reading import Reading, nfc, parse_date

NS = {
    "wp": "http://wordpress.org/export/1.2/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
}
IMPORTED_TYPES = {"post", "page"}
CAPTION = re.compile(r"\[caption[^\]]*\](.*?)\[/caption\]", re.IGNORECASE | re.DOTALL)
GALLERY = re.compile(r"\[gallery[^\]]*\bids=[\"']?([\d,\s]+)[\"']?[^\]]*\]", re.IGNORECASE)
IMG_TAG = re.compile(r"(<img[^>]*>)", re.IGNORECASE)


class WxrError(ValueError):
    pass


def _items(path):
    context = etree.iterparse(
        path,
        events=("end",),
        tag="item",
        resolve_entities=False,
        no_network=True,
        huge_tree=True,
        recover=False,
    )
    try:
        for _event, element in context:
            yield element
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
    except etree.XMLSyntaxError as error:
        raise WxrError(f"Tệp xuất WordPress không đọc được: {error}") from None


def _text(element, path):
    found = element.find(path, NS)
    return (found.text or "") if found is not None else ""


def site_url(path):
    """The old site's address, from the export's channel."""
    for _event, element in etree.iterparse(
        path, events=("end",), resolve_entities=False, no_network=True, huge_tree=True
    ):
        if element.tag in (f"{{{NS['wp']}}}base_blog_url", f"{{{NS['wp']}}}base_site_url"):
            return (element.text or "").strip().rstrip("/") + "/"
        if element.tag == "item":
            break
    raise WxrError("Tệp xuất WordPress không có địa chỉ trang web (wp:base_site_url).")


def attachments(path):
    found = {}
    for item in _items(path):
        if _text(item, "wp:post_type") == "attachment":
            url = _text(item, "wp:attachment_url").strip()
            if url:
                found[_text(item, "wp:post_id").strip()] = url
    return found


def _expand_shortcodes(content, files):
    def caption(match):
        inner = match.group(1)
        image = IMG_TAG.search(inner)
        if not image:
            return inner
        text = IMG_TAG.sub("", inner).strip()
        return f"<figure>{image.group(1)}<figcaption>{text}</figcaption></figure>"

    def gallery(match):
        urls = [files[i.strip()] for i in match.group(1).split(",") if i.strip() in files]
        images = "".join(f'<img src="{html.escape(u)}" alt="">' for u in urls)
        return f'<div class="gallery">{images}</div>'

    return GALLERY.sub(gallery, CAPTION.sub(caption, content))


def counts(path):
    """(published items to import, all items) of the export."""
    wanted = total = 0
    for item in _items(path):
        kind = _text(item, "wp:post_type")
        if kind in IMPORTED_TYPES:
            total += 1
            wanted += _importable(item)
    return wanted, total


def _importable(item):
    return (
        _text(item, "wp:post_type") in IMPORTED_TYPES
        and _text(item, "wp:status") == "publish"
        and not _text(item, "wp:post_password").strip()
    )


def articles(path, base_url, files=None, since=None):
    """A Reading for each published post or page of the export."""
    files = attachments(path) if files is None else files
    for item in _items(path):
        if not _importable(item):
            continue
        kind = _text(item, "wp:post_type")
        published = parse_date(_text(item, "wp:post_date")) or _rss_date(_text(item, "pubDate"))
        if since and published and published.date() < since:
            yield None  # counted as skipped by the caller
            continue
        post_id = _text(item, "wp:post_id").strip()
        link = _text(item, "link").strip() or urljoin(base_url, f"?p={post_id}")
        content = autop(_expand_shortcodes(_text(item, "content:encoded"), files))
        root = lxml.html.fragment_fromstring(content or "<p></p>", create_parent="div")
        category = next(
            (c.text for c in item.findall("category") if c.get("domain") == "category" and c.text),
            "",
        )
        thumbnail = next(
            (
                _text(meta, "wp:meta_value").strip()
                for meta in item.findall("wp:postmeta", NS)
                if _text(meta, "wp:meta_key") == "_thumbnail_id"
            ),
            "",
        )
        aliases = [urljoin(base_url, f"?{'page_id' if kind == 'page' else 'p'}={post_id}")]
        guid = _text(item, "guid").strip()
        if guid and guid not in aliases and "?" in guid:
            aliases.append(guid)
        yield Reading(
            url=link,
            kind="article",
            platform="WordPress",
            title=nfc(html.unescape(_text(item, "title")))[:255],
            published=published,
            category=nfc(category),
            summary=nfc(
                lxml.html.fromstring(
                    f"<p>{_text(item, 'excerpt:encoded') or ' '}</p>"
                ).text_content()
            )[:500],
            content=root,
            lead_image=files.get(thumbnail, ""),
            aliases=[a for a in aliases if a != link],
            kind_hint="page" if kind == "page" else "",
        )


def _rss_date(value):
    try:
        return parsedate_to_datetime(value).replace(tzinfo=None)
    except (TypeError, ValueError):
        return None
