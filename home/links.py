"""Every external link a page carries, including the hidden ones a planter would use.

A link is an href/src/action URL, a URL written in an alt or title attribute, or a bare
domain written in text ("vào w88.vip"). Each is reported with where it was found and,
when it is hidden from readers (display:none, visibility:hidden, zero size, the hidden
attribute, an anchor of one character or none), why it is hidden.

Pure functions of a page object or of a list of links: the publishing road
(home/publishing.py) extracts a revision's links once and keeps them with it, then asks
here what is blocked (sites.models.BlockedDomainPattern) and which domains a change adds;
the weekly crawl of rendered pages (home/link_report.py) parses HTML with the same parser.
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from wagtail.fields import RichTextField, StreamField

from sites.links import domain_of, is_internal, urls_in_text
from sites.models import (
    BlockedDomainPattern,
    Office,
    SchoolSettings,
    blocked_link_message,
    own_domains,
)

from .link_sightings import LinkDomainSighting

BLOCKED_LOG_ACTION = "truongso.links.blocked"
NEW_DOMAINS_LOG_ACTION = "truongso.links.new_domains_confirmed"
# The box ticked in the editor under the list of domains new to the school.
NEW_DOMAINS_CONFIRM_FIELD = "new_domains_confirmed"


@dataclass(frozen=True)
class FoundLink:
    url: str
    domain: str
    where: str
    hidden: str = ""  # why readers do not see it, "" when visible


URL_ATTRIBUTES = {"href", "src", "action", "data", "poster", "cite", "formaction", "background"}
TEXT_ATTRIBUTES = {"alt", "title", "aria-label", "content", "value", "placeholder"}
VOID_TAGS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
    "param",
}
HIDING_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?![.\d]*[1-9])|"
    r"opacity\s*:\s*0(?![.\d]*[1-9])|(?<![-\w])(?:width|height)\s*:\s*0(?:px)?\s*(?:;|$)|"
    r"(?:left|top|text-indent)\s*:\s*-\d{3,}",
    re.IGNORECASE,
)


def _hiding(tag, attrs):
    style = attrs.get("style") or ""
    if HIDING_STYLE.search(style):
        return _("ẩn bằng CSS (%s)") % style.strip()[:60]
    if "hidden" in attrs:
        return _("ẩn bằng thuộc tính hidden")
    if attrs.get("aria-hidden") == "true" and tag == "a":
        return _("ẩn với trình đọc màn hình")
    return ""


class LinkParser(HTMLParser):
    """Collects links from an HTML fragment or a whole rendered page."""

    def __init__(self, where):
        super().__init__(convert_charrefs=True)
        self.where = where
        self.found = []
        self._stack = []  # (tag, why hidden)
        self._anchors = []  # [url, text parts, why hidden]

    @property
    def _hidden(self):
        return self._stack[-1][1] if self._stack else ""

    def _add(self, url, hidden, where=None):
        url = (url or "").strip()
        domain = domain_of(url)
        if domain:
            self.found.append(FoundLink(url, domain, where or self.where, hidden))

    def handle_starttag(self, tag, attr_list):
        attrs = {name: value or "" for name, value in attr_list}
        hidden = self._hidden or _hiding(tag, attrs)
        if tag not in VOID_TAGS:
            self._stack.append((tag, hidden))
        if tag in ("img", "svg", "picture") and not hidden:
            for anchor in self._anchors:
                anchor[1].append("[ảnh]")  # an image link is visible, whatever its text
        for name, value in attrs.items():
            if name in URL_ATTRIBUTES:
                if tag == "a" and name == "href":
                    self._anchors.append([value, [], hidden])
                else:
                    self._add(value, hidden)
            elif name in TEXT_ATTRIBUTES or name.startswith("data-"):
                where = _("%(where)s (thuộc tính %(name)s)") % {"where": self.where, "name": name}
                for url in urls_in_text(value):
                    self._add(url, hidden or (_("chỉ nằm trong thuộc tính %s") % name), where)

    def handle_startendtag(self, tag, attr_list):
        depth = len(self._stack)
        self.handle_starttag(tag, attr_list)
        del self._stack[depth:]  # <div/> opens nothing that later text sits in

    def handle_endtag(self, tag):
        if tag == "a" and self._anchors:
            self._close_anchor()
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index][0] == tag:
                del self._stack[index:]
                break

    def _close_anchor(self):
        url, text, hidden = self._anchors.pop()
        visible_text = re.sub(r"\s+", "", "".join(text))
        if not hidden and len(visible_text) <= 1:
            hidden = _("liên kết chỉ có %(n)d ký tự") % {"n": len(visible_text)}
        self._add(url, hidden)

    def handle_data(self, data):
        for anchor in self._anchors:
            anchor[1].append(data)
        for url in urls_in_text(data):
            self._add(url, self._hidden)

    def close(self):
        super().close()
        while self._anchors:
            self._close_anchor()
        return self.found


def links_in_html(html, where):
    parser = LinkParser(where)
    parser.feed(html or "")
    return parser.close()


def links_in_text(text, where):
    return [FoundLink(url, domain_of(url), where) for url in urls_in_text(text) if domain_of(url)]


def _links_in_value(value, where):
    """Links in a raw StreamField value (get_prep_value): dicts, lists, HTML and text."""
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in ("type", "id"):
                found += _links_in_value(item, where)
    elif isinstance(value, list | tuple):
        for item in value:
            found += _links_in_value(item, where)
    elif isinstance(value, str):
        found += links_in_html(value, where) if "<" in value else links_in_text(value, where)
    return found


SKIPPED_FIELDS = {
    "path",
    "url_path",
    "slug",
    "search_text_folded",
    "draft_title",
    "latest_revision",
}


def _media_titles(obj):
    """(kind, title) of every image and document the object references (ForeignKeys,
    chooser blocks, rich-text document links), found by Wagtail's reference extractor."""
    from django.contrib.contenttypes.models import ContentType

    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import ReferenceIndex

    kinds = {
        ContentType.objects.get_for_model(get_document_model()).pk: (
            get_document_model(),
            _("tên tài liệu"),
        ),
        ContentType.objects.get_for_model(get_image_model()).pk: (
            get_image_model(),
            _("tên ảnh"),
        ),
    }
    ids = {}
    for content_type_id, object_id, *_rest in ReferenceIndex._extract_references_from_object(obj):
        if content_type_id in kinds:
            ids.setdefault(content_type_id, set()).add(object_id)
    titles = []
    for content_type_id, object_ids in ids.items():
        model, label = kinds[content_type_id]
        titles += [
            (label, t)
            for t in model.objects.filter(pk__in=object_ids).values_list("title", flat=True)
        ]
    return titles


def links_of_page(page):
    """Every link in a page object (a live page or `revision.as_object()`)."""
    found = []
    for field in page._meta.get_fields():
        if not isinstance(field, models.Field) or field.name in SKIPPED_FIELDS:
            continue
        where = str(getattr(field, "verbose_name", field.name))
        value = getattr(page, field.attname, None)
        if isinstance(field, StreamField):
            found += _links_in_value(getattr(page, field.name).get_prep_value(), where)
        elif isinstance(field, RichTextField):
            found += links_in_html(value, where)
        elif isinstance(field, models.URLField):
            found += [FoundLink(value, domain_of(value), where)] if domain_of(value) else []
        elif isinstance(field, models.CharField | models.TextField) and value:
            found += links_in_html(value, where) if "<" in value else links_in_text(value, where)
    for label, title in _media_titles(page):
        found += links_in_text(title, f"{label} “{title}”")
    return _unique(found)


def _unique(links):
    return list(dict.fromkeys(links))


def external(links, internal=None):
    internal = own_domains() if internal is None else internal
    return [link for link in links if not is_internal(link.domain, internal)]


def office_of_page(page):
    school = getattr(page, "school", None)
    if school is not None:
        return school.office
    # A portal page: the office whose portal is the page's depth-2 ancestor.
    portal_path = (page.path or "")[: page.steplen * 2]
    return Office.objects.filter(site__root_page__path=portal_path).first()


def blocked_error_for(links, office):
    """A ValidationError naming the first of `links` on `office`'s block list as it is
    now, or None."""
    if not links:
        return None
    blocked = BlockedDomainPattern.objects.first_blocked(
        [link.url for link in links], office=office
    )
    if blocked is None:
        return None
    url, pattern = blocked
    link = next(link for link in links if link.url == url)
    message = blocked_link_message(link.url, pattern)
    where = _(" (ở mục “%(where)s”%(hidden)s)") % {
        "where": link.where,
        "hidden": _(", liên kết bị ẩn: %s") % link.hidden if link.hidden else "",
    }
    return ValidationError(message + where, code="blocked_link")


def blocked_link_error(page):
    """A ValidationError naming the first blocked link of `page` (extracted now), or None.
    The editor's roads read the links kept with the revision (home/publishing.py)."""
    return blocked_error_for(links_of_page(page), office_of_page(page))


# --- What a change adds ------------------------------------------------------------------


@dataclass
class AddedDomain:
    domain: str
    links: list
    new_to_school: bool
    blocked: object = None  # the BlockedDomainPattern, if any

    @property
    def hidden(self):
        return [link for link in self.links if link.hidden]


def _by_domain(links):
    grouped = {}
    for link in links:
        grouped.setdefault(link.domain, []).append(link)
    return grouped


def domains_added(page, new_links, old_links):
    """External domains in `new_links` (the version awaiting approval) and not in
    `old_links` (the live version), each marked new to the school when no live page of the
    school (as last crawled) nor its settings link to it."""
    internal = own_domains()
    new = _by_domain(external(new_links, internal))
    old = {link.domain for link in external(old_links, internal)}
    added = {domain: links for domain, links in new.items() if domain not in old}
    if not added:
        return []
    school = getattr(page, "school", None)
    known = _domains_known_to_school(school, added) if school else set()
    patterns = list(BlockedDomainPattern.objects.for_office(office_of_page(page)))
    result = []
    for domain in sorted(added):
        blocked = next((p for p in patterns if p.matches(domain)), None)
        result.append(AddedDomain(domain, added[domain], domain not in known, blocked))
    return result


def _domains_known_to_school(school, domains):
    """Of `domains`, those the school's live pages already render (last crawl) or its
    settings link to."""
    known = set(
        LinkDomainSighting.objects.filter(school=school, domain__in=list(domains)).values_list(
            "domain", flat=True
        )
    )
    settings = SchoolSettings.objects.filter(site_id=school.site_id).first()
    if settings is not None:
        known |= {domain_of(url) for url, _where in settings.public_links()}
    return known
