"""An old article becomes a page of the school; its old addresses answer 301 to it.

One item per old URL and school (`ImportedItem`): the first run creates the page, a
later run updates it when the old article changed, and leaves it alone (reported) when
an editor changed the page since (its latest revision is not the one the import wrote)
or deleted it. The page goes where the category rules say (news by category, or a page
under Giới thiệu / Thông tin chuyên môn), keeps its original date (shown, ordered by,
in feeds and the archive) and its old URL, and is published with that date — unless
the personal-data guard flags it (a draft, sent to the principal's approval) or a
blocked link survived the cleaning (a draft, reported).
"""

import contextlib
import hashlib
import json
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from wagtail.contrib.redirects.models import Redirect

import lxml.html
from lxml import etree

from home.models import IntroductionPage, NewsIndexPage, NewsPage, ProfessionalIndexPage
from home.privacy import scan_text
from home.publishing import blocked_link_error, privacy_findings
from home.section_articles import SectionArticlePage
from home.slugs import free_slug
from sites.links import domain_of
from sites.models import BlockedDomainPattern
from sites.text import vietnamese_slug

from .addresses import is_document, redirect_path, url_key
from .body import clean_body
from .files import file_link
from .models import (
    INTRODUCTION,
    NEWS_PREFIX,
    PROFESSIONAL,
    SKIP,
    ImportedItem,
    ImportEvent,
    OldAddress,
    OldCategoryRule,
    target_for,
)
from .platforms import PLATFORMS

Kind = ImportEvent.Kind
MAX_REDIRECT_PATH = 255  # Wagtail's Redirect.old_path


def _block(kind, value):
    return {"type": kind, "value": value, "id": str(uuid.uuid4())}


def _image_value(image, alt):
    return {"image": image.pk, "decorative": False, "alt_text": alt or image.title}


def _aware(moment):
    if moment is None:
        return None
    if timezone.is_naive(moment):
        return timezone.make_aware(moment)
    return moment


class PageWriter:
    def __init__(self, run, files, is_own, *, user=None, dry_run=False):
        self.run, self.school = run, run.school
        self.files, self.is_own = files, is_own
        self.user, self.dry_run = user, dry_run
        self.counts = {}
        office = self.school.office
        self.rules = list(OldCategoryRule.objects.for_office(office))
        self.patterns = list(BlockedDomainPattern.objects.for_office(office))
        home = self.school.home_page
        self.sections = {
            "news": NewsIndexPage.objects.child_of(home).first(),
            INTRODUCTION: IntroductionPage.objects.child_of(home).first(),
            PROFESSIONAL: ProfessionalIndexPage.objects.child_of(home).first(),
        }

    # --- bookkeeping ------------------------------------------------------------------

    def count(self, name, by=1):
        self.counts[name] = self.counts.get(name, 0) + by

    def report(self, kind, url="", message="", page=None):
        self.count("event:" + kind)
        if self.dry_run and not self.run.pk:
            return
        ImportEvent.objects.create(
            run=self.run, kind=kind, old_url=(url or "")[:2000], message=message, page=page
        )

    def blocked(self, url):
        domain = domain_of(url)
        if not domain:
            return None
        for pattern in self.patterns:
            if pattern.matches(domain):
                return pattern.pattern
        return None

    def _target(self, category, kind_hint=""):
        if kind_hint == "page":  # a WordPress page (no category): the school's introduction
            return target_for(category, self.rules) if category else INTRODUCTION
        return target_for(category, self.rules)

    def _item_for(self, keys):
        address = (
            OldAddress.objects.filter(school=self.school, key__in=keys, item__isnull=False)
            .select_related("item")
            .first()
        )
        if address is not None:
            return address.item
        return ImportedItem.objects.filter(school=self.school, key__in=keys).first()

    # --- one article --------------------------------------------------------------------

    def import_article(self, article):
        """`article`: an Article (source.py). Returns the ImportedItem or None."""
        target = self._target(article.category, article.kind_hint)
        if target == SKIP:
            self.count("skipped")
            self.report(Kind.SKIPPED, article.url, f"Chuyên mục “{article.category}”: không nhập.")
            return None
        platform = next((p for p in PLATFORMS if p.name == article.platform), None)
        body = clean_body(
            article.content,
            article.url,
            self.is_own,
            self.blocked,
            platform.junk if platform else (),
        )
        urls = [article.url, *article.aliases]
        keys = [url_key(url) for url in urls]
        digest = _digest(article, target, body)
        item = self._item_for(keys)
        if item is not None and item.page_id is None:
            self.count("left_alone")
            self.report(Kind.LEFT_ALONE, article.url, "Trang đã bị xoá sau lần nhập trước.")
            return item
        if item is not None and item.page.latest_revision_id != item.revision_id:
            self.count("left_alone")
            self.report(Kind.LEFT_ALONE, article.url, "", page=item.page)
            if not self.dry_run:
                self._addresses(item, urls, item.page)
            return item
        if item is not None and item.content_hash == digest:
            self.count("unchanged")
            if not self.dry_run:
                self._addresses(item, urls, item.page)
                # Files of an import made before old file addresses were redirected get
                # theirs now (nothing is fetched again).
                self._file_addresses(self.files.get(_media_urls(article, body), fetch=False))
            return item
        for removed in body.removed:
            self.count("links_removed")
            self.report(Kind.LINK_REMOVED, article.url, f"{removed.url} – {removed.why}")
        if self.dry_run:
            self.count("updated" if item else "created")
            self.count("images", len(set(body.images)))
            self.count("documents", len(set(body.documents)))
            if scan_text(body.text(), "") or scan_text(article.title, ""):
                self.count("drafts")
                self.report(Kind.PRIVACY_DRAFT, article.url)
            return None
        with transaction.atomic():
            return self._write(article, target, body, urls, keys, digest, item)

    def _write(self, article, target, body, urls, keys, digest, item):
        media = self.files.get(_media_urls(article, body))
        page, created = self._page(article, target, item)
        page.title = page.draft_title = article.title[:255]
        page.date = (article.published or timezone.now()).date()
        page.summary = (article.summary or "")[:500]
        page.old_url = article.url[:2000]
        if target.startswith(NEWS_PREFIX) and isinstance(page, NewsPage):
            page.category = target[len(NEWS_PREFIX) :]
        lead = media.get(article.lead_image)
        images = [media[u] for u in body.images if u in media]
        page.lead_image = lead if lead is not None and not is_document(article.lead_image) else None
        if page.lead_image is None and images:
            page.lead_image = images[0]
        documents = [media[u] for u in dict.fromkeys(body.documents) if u in media]
        if created:
            # Created empty, as a draft: the tree insert validates the page, and a body
            # the guards below stop must not fail it.
            page.first_published_at = _aware(article.published)
            parent = self._parent(target)
            slug = vietnamese_slug(page.title)[:80].rstrip("-") or "bai-viet"
            page.slug = free_slug(parent, slug, None, page.date)
            page.live = False
            parent.add_child(instance=page)
        page.body = json.dumps(self._stream(body, media, page.title))
        page.attachments = json.dumps(
            [_block("document", {"document": d.pk, "title": d.title}) for d in documents]
        )
        try:  # the page's own clean() refuses a blocked link that survived the cleaning
            blocked, revision = None, page.save_revision(user=self.user, log_action=True)
        except ValidationError as error:
            if blocked_link_error(page) is None:
                raise
            blocked = error
            revision = page.save_revision(user=self.user, clean=False, log_action=True)
        # Kept with the revision: the publish below reads them (home/publishing.py).
        findings = privacy_findings(page, revision=revision)
        if findings:
            self.count("drafts")
            names = ", ".join(sorted({str(f.label) for f in findings}))
            self.report(Kind.PRIVACY_DRAFT, article.url, names, page=page)
            self._send_to_principal(page)
        elif blocked is not None:
            self.count("drafts")
            self.report(Kind.BLOCKED_DRAFT, article.url, blocked.messages[0], page=page)
        elif created or page.live:
            revision.publish(user=self.user)
        self.count("created" if created else "updated")
        self.report(Kind.CREATED if created else Kind.UPDATED, article.url, page=page)
        if item is None:
            item = ImportedItem(school=self.school, key=keys[0])
        item.old_url = article.url[:2000]
        item.page = page
        item.revision_id = revision.pk
        item.content_hash = digest
        item.old_date = page.date
        item.links = sorted({url_key(u) for u in body.links})
        item.run = self.run if self.run.pk else None
        item.save()
        self._addresses(item, urls, page)
        self._file_addresses(media)
        return item

    def _page(self, article, target, item):
        if item is not None:
            return item.page.specific, False
        if target in (INTRODUCTION, PROFESSIONAL) and self.sections[target] is not None:
            return SectionArticlePage(), True
        return NewsPage(), True

    def _parent(self, target):
        if target in (INTRODUCTION, PROFESSIONAL) and self.sections[target] is not None:
            return self.sections[target]
        return self.sections["news"]

    def _send_to_principal(self, page):
        """A flagged page waits in the news approval (editor → principal)."""
        workflow = page.get_workflow()
        if workflow is None or page.workflow_in_progress:
            return
        with contextlib.suppress(ValidationError, PermissionError):
            workflow.start(page, self.user)  # if refused: still a draft, the report names it

    # --- the body as StreamField blocks -------------------------------------------------

    def _stream(self, body, media, title):
        blocks = []
        for block in body.blocks:
            kind = block[0]
            if kind == "html":
                blocks.append(_block("paragraph", self.rich_text(block[1], media)))
            elif kind == "image" and block[1] in media and not is_document(block[1]):
                image = media[block[1]]
                alt = block[2] or block[3] or title
                blocks.append(
                    _block("image", {"image": _image_value(image, alt[:255]), "caption": block[3]})
                )
            elif kind == "gallery":
                items = [
                    {
                        "type": "item",
                        "value": _image_value(media[u], alt or title),
                        "id": str(uuid.uuid4()),
                    }
                    for u, alt in block[1]
                    if u in media and not is_document(u)
                ]
                if items:
                    blocks.append(_block("gallery", {"title": "", "images": items}))
            elif kind == "table":
                blocks.append(
                    _block(
                        "table",
                        {
                            "data": block[1],
                            "first_row_is_table_header": block[2],
                            "first_col_is_header": False,
                            "table_caption": "",
                        },
                    )
                )
        return blocks

    def rich_text(self, html, media=None, final=False):
        """Old links in a rich-text fragment made the site's own: files → document links,
        imported articles → page links (found by old URL), other old pages → their
        redirect target, anything else of the old site → its text only (`final`: once
        every article of the run is in)."""
        media = media or {}
        fragments = lxml.html.fragments_fromstring(f"<div>{html}</div>")
        root = fragments[0]
        own = [a for a in root.iter("a") if a.get("href") and self.is_own(a.get("href"))]
        if not own:
            return html
        keys = {url_key(a.get("href")) for a in own}
        pages = dict(
            ImportedItem.objects.filter(
                school=self.school, key__in=keys, page__isnull=False
            ).values_list("key", "page_id")
        )
        pages.update(
            OldAddress.objects.filter(
                school=self.school, key__in=keys, item__page__isnull=False
            ).values_list("key", "item__page_id")
        )
        redirects = dict(
            OldAddress.objects.filter(
                school=self.school,
                key__in=keys,
                item__isnull=True,
                redirect__redirect_page__isnull=False,  # a listing's; a file is linked itself
            ).values_list("key", "redirect__old_path")
        )
        for anchor in own:
            href = anchor.get("href")
            key = url_key(href)
            document = media.get(href) if is_document(href) else None
            if document is not None:
                del anchor.attrib["href"]
                anchor.set("linktype", "document")
                anchor.set("id", str(document.pk))
            elif key in pages:
                del anchor.attrib["href"]
                anchor.set("linktype", "page")
                anchor.set("id", str(pages[key]))
            elif key in redirects:
                anchor.set("href", redirects[key])  # the old path, which answers 301
            elif final or is_document(href):
                anchor.drop_tag()
        return "".join(
            [root.text or ""]
            + [etree.tostring(child, encoding="unicode", method="html") for child in root]
        )

    # --- old addresses ------------------------------------------------------------------

    def _addresses(self, item, urls, page):
        for url in dict.fromkeys(urls):
            self.address(url, page=page, item=item)

    def _file_addresses(self, media):
        """Each old address of a stored file answers 301 to its new address on the school's
        site (a document's /tai-lieu/… link, an image's original file), as old pages do."""
        for url, obj in media.items():
            link = file_link(obj)
            if len(link) > MAX_REDIRECT_PATH:
                self.report(Kind.REDIRECT_PROBLEM, url, "Địa chỉ mới dài quá 255 ký tự.")
                continue
            self.address(url, link=link)

    def address(self, url, *, page=None, item=None, link=None, route=""):
        """The old `url` answers 301 to `page` (or `link`) on the school's site."""
        key = url_key(url)
        path = redirect_path(url)
        address = OldAddress.objects.filter(school=self.school, key=key).first()
        if address is not None and address.item_id and item is None:
            return address  # an article's address is never taken over by a listing
        if address is None:
            address = OldAddress(school=self.school, key=key, old_url=url[:2000])
        address.item, address.run = item, (self.run if self.run.pk else None)
        if path in ("/", "") or len(path) > MAX_REDIRECT_PATH:
            if len(path) > MAX_REDIRECT_PATH:
                self.report(Kind.REDIRECT_PROBLEM, url, "Địa chỉ cũ dài quá 255 ký tự.", page=page)
            address.redirect = None
            address.save()
            return address
        redirect, made = Redirect.objects.update_or_create(
            site=self.school.site,
            old_path=path,
            defaults={
                "redirect_page": page,
                "redirect_page_route_path": route,
                "redirect_link": link or "",
                "is_permanent": True,
            },
        )
        if made:
            self.count("redirects")
        address.redirect = redirect
        address.save()
        return address

    # --- after every article is in ------------------------------------------------------

    def link_pass(self):
        """Links between old articles that pointed forward (to an article imported later)
        become page links; a page an editor has since changed is not touched."""
        items = ImportedItem.objects.filter(run=self.run, page__isnull=False).exclude(links=[])
        for item in items.iterator(chunk_size=100):
            page = item.page.specific
            if page.latest_revision_id != item.revision_id:
                continue
            raw = page.body.get_prep_value()
            was_live = page.live and page.live_revision_id == item.revision_id
            changed = False
            for block in raw:
                if block["type"] == "paragraph":
                    rewritten = self.rich_text(block["value"], final=True)
                    if rewritten != block["value"]:
                        block["value"], changed = rewritten, True
            if not changed:
                continue
            with transaction.atomic():
                page.body = json.dumps(raw)
                revision = page.save_revision(user=self.user, log_action=True)
                if was_live:
                    revision.publish(user=self.user)
                item.revision_id = revision.pk
                item.save(update_fields=["revision_id"])
            self.count("links_rewritten")


def _media_urls(article, body):
    return body.images + body.documents + ([article.lead_image] if article.lead_image else [])


def _digest(article, target, body):
    parts = [
        article.title,
        article.published.isoformat() if article.published else "",
        target,
        article.summary or "",
        article.lead_image or "",
        repr(body.blocks),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def listing_route(target):
    """(section key, route path) an old category listing answers to."""
    if target.startswith(NEWS_PREFIX):
        return "news", f"/chuyen-muc/{target[len(NEWS_PREFIX) :]}/"
    return target, ""
