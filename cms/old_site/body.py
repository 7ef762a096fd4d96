"""An old article's content, cleaned into the blocks of a news page's body.

Old school sites are often compromised and always full of layout: scripts, styles,
trackers, share buttons, inline event handlers, `<font>` and layout tables, and links
hidden from readers by whoever planted them. Here:

- layout junk (the platform's and common share/related/comment/widget blocks), scripts,
  styles, forms, embeds and tracker pixels are dropped;
- hidden elements (`display:none`, `hidden`, zero size, off-screen — the rule of
  home/links.py) are dropped with every link inside, and each such link is reported;
- links and bare domains on the office's block list are dropped and reported;
- what is left becomes blocks: rich text with only the editor's features (h2, h3, bold,
  italic, lists, links, rule; sanitised by nh3, Vietnamese in NFC), images (with their
  captions; three or more in a row, or a gallery's, become a gallery), data tables (a
  layout table is unwrapped), and videos as links.

Images, files and links are left as old absolute URLs (`Body.images`, `Body.documents`,
`Body.links`); pages.py swaps in the stored image, document or new page.
"""

import copy
import re
import unicodedata
from dataclasses import dataclass, field

import lxml.html
import nh3
from lxml import etree

from home.links import HIDING_STYLE
from sites.links import domain_of, urls_in_text

from .addresses import absolute, is_document, is_image
from .platforms import COMMON_JUNK

RICH_TEXT_TAGS = {"p", "h2", "h3", "b", "i", "ul", "ol", "li", "a", "br", "hr"}
TAG_MAP = {
    "h1": "h2",
    "h2": "h2",
    "h3": "h3",
    "h4": "h3",
    "h5": "h3",
    "h6": "h3",
    "strong": "b",
    "b": "b",
    "em": "i",
    "i": "i",
    "cite": "i",
    "p": "p",
    "ul": "ul",
    "ol": "ol",
    "li": "li",
    "a": "a",
}
PARAGRAPH_LIKE = {"div", "section", "article", "blockquote", "center", "pre", "dd", "dt", "address"}
VIDEO_HOSTS = ("youtube.com", "youtu.be", "vimeo.com", "facebook.com", "fb.watch", "tiktok.com")
TRACKER_HOSTS = (
    "facebook.com/tr",
    "google-analytics.com",
    "googletagmanager.com",
    "statcounter.com",
    "histats.com",
    "doubleclick.net",
    "pixel",
    "counter",
)
SHORTCODE = re.compile(r"\[/?[a-z_][\w-]*(?:\s[^\]]*)?\]", re.IGNORECASE)
GALLERY_CLASSES = re.compile(r"\b(?:gallery|wp-block-gallery|ngg-gallery\w*|tiled-gallery)\b")
MIN_GALLERY = 3
MAX_TABLE_ROWS = 200


@dataclass
class RemovedLink:
    url: str
    why: str


@dataclass
class Body:
    """Blocks in a neutral form: ("html", str), ("image", url, alt, caption),
    ("gallery", [(url, alt)]), ("table", rows, has_header)."""

    blocks: list = field(default_factory=list)
    images: list = field(default_factory=list)  # old URLs, in order
    documents: list = field(default_factory=list)  # old URLs of attached files
    links: list = field(default_factory=list)  # old URLs of the site's own pages
    removed: list = field(default_factory=list)  # RemovedLink

    def text(self):
        """Plain text of the body (for the privacy guard's scan before anything is stored)."""
        parts = []
        for block in self.blocks:
            if block[0] == "html":
                parts.append(html_text(block[1]))
            elif block[0] == "table":
                parts.append("\n".join("\t".join(row) for row in block[1]))
            elif block[0] == "image" and block[3]:
                parts.append(block[3])
        return "\n".join(parts)


def nfc(text):
    return unicodedata.normalize("NFC", text or "")


def html_text(html):
    html = re.sub(r"</(p|h\d|li)>|<br\s*/?>", "\n", html)
    return lxml.html.fromstring(f"<div>{html}</div>").text_content() if html.strip() else ""


def _hidden_why(element):
    style = element.get("style") or ""
    if HIDING_STYLE.search(style):
        return f"ẩn bằng CSS ({style.strip()[:60]})"
    if element.get("hidden") is not None:
        return "ẩn bằng thuộc tính hidden"
    if element.tag == "a" and element.get("aria-hidden") == "true":
        return "ẩn với trình đọc màn hình"
    return ""


def _attached(element, root):
    while element is not root:
        element = element.getparent()
        if element is None:
            return False
    return True


def _img_source(img, base):
    """The best address of an image: the largest srcset candidate, lazy-loading
    attributes, then src."""
    candidates = []
    for attribute in ("srcset", "data-srcset", "data-lazy-srcset"):
        for part in (img.get(attribute) or "").split(","):
            bits = part.strip().split()
            if bits:
                width = bits[1][:-1] if len(bits) > 1 and bits[1].endswith("w") else "0"
                candidates.append((int(width) if width.isdigit() else 0, bits[0]))
    if candidates:
        return absolute(base, max(candidates)[1])
    for attribute in ("data-src", "data-lazy-src", "data-original", "src"):
        value = img.get(attribute)
        if value and not value.startswith("data:"):
            return absolute(base, value)
    return None


def _is_tracker(img, src):
    width, height = img.get("width") or "", img.get("height") or ""
    if width.strip("px") in ("0", "1") or height.strip("px") in ("0", "1"):
        return True
    return any(host in (src or "") for host in TRACKER_HOSTS)


class Cleaner:
    def __init__(self, base_url, is_own, blocked=None, junk=()):
        self.base, self.is_own = base_url, is_own
        self.blocked = blocked or (lambda url: None)
        self.junk = COMMON_JUNK + tuple(junk)
        self.body = Body()

    # --- step 1: remove what must not come along ----------------------------------------

    def _drop(self, element):
        parent = element.getparent()
        if parent is None:
            return
        if element.tail:  # keep the text that followed the element
            previous = element.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + element.tail
            else:
                parent.text = (parent.text or "") + element.tail
        parent.remove(element)

    def _record(self, url, why):
        if url:
            self.body.removed.append(RemovedLink(url, why))

    def _links_in(self, element):
        urls = [element.get("href")] if element.tag == "a" else []
        urls += element.xpath(".//a/@href | .//img/@src | .//iframe/@src")
        urls += urls_in_text(element.text_content())
        return [u for u in urls if u and domain_of(u)]

    def strip(self, root):
        for node in root.xpath("//comment() | //processing-instruction()"):
            self._drop(node)
        for selector in self.junk:
            for element in root.cssselect(selector):
                if element is not root:
                    self._drop(element)
        for element in list(root.iter()):
            if not isinstance(element.tag, str) or not _attached(element, root):
                continue
            why = _hidden_why(element)
            if why:
                for url in self._links_in(element):
                    self._record(url, why)
                self._drop(element)
        for anchor in root.xpath("//a[@href]"):
            href = absolute(self.base, anchor.get("href")) or anchor.get("href")
            pattern = self.blocked(href)
            visible = re.sub(r"\s+", "", anchor.text_content())
            has_image = bool(anchor.xpath(".//img"))
            if pattern is not None:
                self._record(href, f"tên miền bị chặn (mẫu “{pattern}”)")
                self._drop(anchor)
            elif len(visible) <= 1 and not has_image and domain_of(href):
                self._record(href, f"liên kết chỉ có {len(visible)} ký tự")
                self._drop(anchor)
        for img in root.xpath("//img"):
            if _is_tracker(img, _img_source(img, self.base)):
                self._drop(img)
        for node in root.iter():
            if not isinstance(node.tag, str):
                continue
            node.text = self._clean_text(node.text)
            node.tail = self._clean_text(node.tail)

    def _clean_text(self, text):
        if not text:
            return text
        text = SHORTCODE.sub("", text)
        for url in urls_in_text(text):
            pattern = self.blocked(url)
            if pattern is not None:
                self._record(url, f"tên miền bị chặn (mẫu “{pattern}”)")
                text = text.replace(url, "")
        return nfc(text)

    # --- step 2: blocks ------------------------------------------------------------------

    def blocks(self, root):
        self._chunk, self._open = [], []
        self._walk_children(root)
        self._flush()
        self._merge_galleries()
        return self.body

    def _emit(self, html):
        self._chunk.append(html)

    def _flush(self):
        """Close what is open, store the chunk as a rich-text block, reopen."""
        closing = "".join(f"</{tag}>" for tag in reversed(self._open))
        html = clean_rich_text("".join(self._chunk) + closing)
        if html:
            self.body.blocks.append(("html", html))
        self._chunk = [f"<{tag}>" for tag in self._open]

    def _walk_children(self, element):
        if element.text:
            self._emit(_escape(element.text))
        for child in element:
            self._walk(child)
            if child.tail:
                self._emit(_escape(child.tail))

    def _walk(self, element):
        if not isinstance(element.tag, str) or element.get("data-caption-used"):
            return
        tag = element.tag.lower()
        classes = element.get("class") or ""
        if tag == "img":
            self._image(element)
        elif tag == "figure" and element.xpath(".//img") and not GALLERY_CLASSES.search(classes):
            images = element.xpath(".//img")
            caption = element.xpath(".//figcaption")
            caption_text = nfc(caption[0].text_content().strip()) if caption else ""
            for index, img in enumerate(images):
                self._image(img, caption_text if index == len(images) - 1 else "")
        elif GALLERY_CLASSES.search(classes) and element.xpath(".//img"):
            self._gallery(element)
        elif tag == "table":
            self._table(element)
        elif tag == "iframe":
            src = absolute(self.base, element.get("src"))
            if src and any(host in src for host in VIDEO_HOSTS):
                self._emit(f'<p>Video: <a href="{_escape(src)}">{_escape(src)}</a></p>')
        elif tag == "a":
            self._anchor(element)
        elif tag in ("br", "hr"):
            self._emit(f"<{tag}>")
        elif tag in TAG_MAP:
            self._wrapped(TAG_MAP[tag], element)
        elif tag in PARAGRAPH_LIKE:
            block_children = element.xpath(
                "./p|./div|./ul|./ol|./table|./h1|./h2|./h3|./h4|./h5|./h6|./figure|./section"
                "|./blockquote"
            )
            if block_children or element.xpath(".//img"):
                self._walk_children(element)
            else:
                self._wrapped("p", element)
        elif "wp-caption" in classes:
            self._walk_children(element)
        else:
            self._walk_children(element)  # span, font, u, sup…: the text without the tag

    def _wrapped(self, tag, element):
        self._emit(f"<{tag}>")
        self._open.append(tag)
        self._walk_children(element)
        self._open.pop()
        self._emit(f"</{tag}>")

    def _anchor(self, anchor):
        href = absolute(self.base, anchor.get("href"))
        images = anchor.xpath(".//img")
        if images:
            for img in images:  # a linked image: the link's target is often the full size
                target = href if href and is_image(href) and self.is_own(href) else None
                self._image(img, link_target=target)
            return
        if href is None:
            self._walk_children(anchor)
            return
        if self.is_own(href):
            if is_document(href):
                self.body.documents.append(href)
            elif not is_image(href):
                self.body.links.append(href)
        self._emit(f'<a href="{_escape(href)}">')
        self._open.append("a")
        self._walk_children(anchor)
        self._open.pop()
        self._emit("</a>")

    def _caption_after(self, img):
        """WordPress's [caption] renders the text after the image (wp-caption-text)."""
        parent = img.getparent()
        while parent is not None and "wp-caption" not in (parent.get("class") or ""):
            parent = parent.getparent()
        if parent is None:
            return ""
        found = parent.cssselect(".wp-caption-text")
        if found:
            found[0].set("data-caption-used", "1")  # shown as the caption, not again as text
            return nfc(found[0].text_content().strip())
        return ""

    def _image(self, img, caption="", link_target=None):
        src = link_target or _img_source(img, self.base)
        if not src:
            return
        caption = caption or self._caption_after(img)
        alt = nfc((img.get("alt") or "").strip())[:255]
        self._flush()
        self.body.blocks.append(("image", src, alt, caption[:255]))
        self.body.images.append(src)

    def _gallery(self, element):
        items = []
        for img in element.xpath(".//img"):
            anchor = img.getparent() if img.getparent().tag == "a" else None
            href = absolute(self.base, anchor.get("href")) if anchor is not None else None
            src = (
                href
                if href and is_image(href) and self.is_own(href)
                else _img_source(img, self.base)
            )
            if src:
                items.append((src, nfc((img.get("alt") or "").strip())[:255]))
                self.body.images.append(src)
        if items:
            self._flush()
            self.body.blocks.append(("gallery", items))

    def _table(self, table):
        rows = table.xpath(".//tr")
        columns = max((len(row.xpath("./td|./th")) for row in rows), default=0)
        layout = columns <= 1 or table.xpath(".//td//table|.//td//img|.//td//p[2]|.//td//div")
        if layout:
            self._walk_children(table)  # a layout table: its content, not a table
            return
        data, has_header = [], bool(rows and rows[0].xpath("./th"))
        for row in rows[:MAX_TABLE_ROWS]:
            cells = [
                nfc(re.sub(r"\s+", " ", c.text_content()).strip()) for c in row.xpath("./td|./th")
            ]
            data.append(cells + [""] * (columns - len(cells)))
        self._flush()
        self.body.blocks.append(("table", data, has_header))

    def _merge_galleries(self):
        merged, run = [], []

        def end_run():
            if len(run) >= MIN_GALLERY:
                merged.append(("gallery", [(block[1], block[2]) for block in run]))
            else:
                merged.extend(run)
            run.clear()

        for block in self.body.blocks:
            if block[0] == "image" and not block[3]:
                run.append(block)
                continue
            end_run()
            merged.append(block)
        end_run()
        self.body.blocks = merged


def _escape(text):
    return (
        (text or "")
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
    )


INLINE = {"b", "i", "a", "br"}


def clean_rich_text(html):
    """Only the editor's features, sanitised; loose text wrapped in paragraphs; empty
    paragraphs dropped; NFC. '' when nothing readable is left."""
    html = nh3.clean(
        html,
        tags=RICH_TEXT_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel=None,
        strip_comments=True,
    )
    if not html.strip():
        return ""
    fragments = lxml.html.fragments_fromstring(html)
    out, loose = [], []

    def close_loose():
        text = "".join(loose).strip()
        loose.clear()
        if text and re.sub(r"<br\s*/?>|\s|&nbsp;|\xa0", "", text):
            out.append(f"<p>{text}</p>")

    for fragment in fragments:
        if isinstance(fragment, str):
            loose.append(_escape(fragment))
        elif fragment.tag in INLINE:
            loose.append(etree.tostring(fragment, encoding="unicode", method="html"))
        else:
            close_loose()
            if fragment.tag == "hr" or fragment.text_content().strip():
                out.append(etree.tostring(fragment, encoding="unicode", method="html"))
            elif fragment.tail and fragment.tail.strip():
                loose.append(_escape(fragment.tail))
    close_loose()
    return nfc("".join(out)).strip()


def clean_body(content, base_url, is_own, blocked=None, junk=()):
    """The Body of an article's content element (left untouched)."""
    root = copy.deepcopy(content)
    cleaner = Cleaner(base_url, is_own, blocked, junk)
    cleaner.strip(root)
    return cleaner.blocks(root)


def autop(text):
    """WordPress's classic editor stores paragraphs as blank lines and line breaks as
    newlines (wpautop adds the tags when showing); a WXR export holds that raw form."""
    if re.search(r"<p\b", text or "", re.IGNORECASE):
        return text
    out = []
    for chunk in re.split(r"\n\s*\n", (text or "").replace("\r", "")):
        chunk = chunk.strip()
        if not chunk:
            continue
        if BLOCK_START.match(chunk):
            out.append(chunk)
        else:
            out.append(f"<p>{chunk.replace(chr(10), '<br>')}</p>")
    return "".join(out)


BLOCK_START = re.compile(
    r"<(?:div|figure|h\d|ul|ol|table|blockquote|pre|hr|section|iframe)\b", re.IGNORECASE
)
