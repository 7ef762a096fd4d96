"""Vietnamese page slugs: the same folded form in the browser and on the server.

Wagtail's admin fills the slug as the title is typed with its own transliteration,
which knows no Vietnamese ("Đề kiểm tra" -> "dj-kim-tra"). Its slug controller
(``w-slug``) runs a list of regex *formatters* before transliterating; SLUG_FORMATTERS
fold Vietnamese there, so the slug the editor sees while typing is the one
``sites.text.vietnamese_slug`` gives on the server. static/js/admin-slug.js hands them
to every slug field of the admin (page editor, title sync, copy form).
"""

import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.coreutils import get_js_regex
from wagtail.models import Page

from sites.text import fold, vietnamese_slug

_FOLDS = {
    "a": "àáạảãâầấậẩẫăằắặẳẵ",
    "e": "èéẹẻẽêềếệểễ",
    "i": "ìíịỉĩ",
    "o": "òóọỏõôồốộổỗơờớợởỡ",
    "u": "ùúụủũưừứựửữ",
    "y": "ỳýỵỷỹ",
    "d": "đ",
}

# (pattern, replacement), applied in order; IGNORECASE covers capitals ("Đ", "Ồ").
SLUG_FORMATTERS = [
    *((re.compile(f"[{letters}]", re.IGNORECASE), base) for base, letters in _FOLDS.items()),
    (re.compile("[\u0300-\u036f]"), ""),  # tone marks typed as combining characters
    (re.compile("[^A-Za-z0-9]+"), "-"),  # spaces, en dash, quotes, slashes...
    (re.compile("^-+|-+$"), ""),
]


def js_formatters():
    """SLUG_FORMATTERS as the w-slug controller's `formatters` value."""
    return [[get_js_regex(pattern), replacement] for pattern, replacement in SLUG_FORMATTERS]


def format_like_admin(text):
    """What the admin's slug field shows for `text` (the formatters, then lower case)."""
    for pattern, replacement in SLUG_FORMATTERS:
        text = pattern.sub(replacement, text)
    return text.lower()[:255].rstrip("-")


class VietnameseSlugField(forms.SlugField):
    """The page form's slug: whatever arrives (typed without JavaScript, pasted with
    diacritics) is folded before it is validated."""

    def to_python(self, value):
        return vietnamese_slug(super().to_python(value))[:255].rstrip("-")


def slug_is_taken(parent, slug, page=None):
    return not Page._slug_is_available(slug, parent, page)


def free_slug(parent, slug, page=None, date=None):
    """`slug` when no sibling has it, else the slug with the date appended
    ("thong-bao-lich-hop-01-12-2026"), then -2, -3... on that."""
    if not slug or not slug_is_taken(parent, slug, page):
        return slug
    date = date or timezone.localdate()
    base = f"{slug[:240]}-{date:%d-%m-%Y}"
    candidate, number = base, 1
    while slug_is_taken(parent, candidate, page):
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def parse_date(value):
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime((value or "").strip(), fmt).date()
        except ValueError:
            continue
    return None


def slug_taken_message(slug, suggestion):
    return _(
        "Đường dẫn “%(slug)s” đã có trong mục này. Đề xuất: “%(suggestion)s” (đã điền sẵn; "
        "lưu lại để dùng, hoặc sửa theo ý bạn)."
    ) % {"slug": slug, "suggestion": suggestion}


# --- Slugs saved before the fix ("hc-sinh-djc-sach") --------------------------------------


def _char_pattern(char):
    """Regex for what Wagtail's or Django's transliteration made of one title character:
    a letter with marks was folded or dropped, "đ" became "dj", "d" or nothing."""
    lower = char.lower()
    if lower == "đ":
        return "(?:dj|d)?"
    folded = fold(lower)
    if folded == lower:
        return re.escape(lower)
    return f"(?:{re.escape(folded)})?" if folded.isalnum() else ""


def garbled_slug_pattern(title):
    """A regex matching the slugs a non-Vietnamese transliteration made of `title`
    (with Wagtail's "-2" de-duplication suffix), or None when the title has no marks."""
    if fold(title) == title.lower():
        return None
    words = [w for w in re.split(r"[^\w]+|_", title) if w]
    parts = ["".join(_char_pattern(c) for c in word) for word in words]
    return re.compile("-*".join(parts) + r"(?P<suffix>-\d+)?")


def repaired_slug(page):
    """The folded slug a page should have, or None when its slug is not a garbled
    form of its title (slugs the editor chose on purpose are left alone)."""
    wanted = vietnamese_slug(page.title)[:255].rstrip("-")
    if not wanted or page.slug == wanted or page.slug.startswith(wanted + "-"):
        return None
    pattern = garbled_slug_pattern(page.title)
    match = pattern.fullmatch(page.slug) if pattern else None
    if match is None:
        return None
    return wanted + (match.group("suffix") or "")


def repair_garbled_slugs(apply=True):
    """Give every page whose slug is a garbled form of its title the folded slug.

    Revisions that still carry the old slug (drafts, pages waiting in a workflow) get the
    new one too, or publishing them would bring the old address back. A Wagtail redirect
    keeps the old URL of a live page working.
    Returns [(page, old slug, new slug, revisions rewritten)]; a second run finds nothing.
    """
    from django.db import transaction

    from wagtail.contrib.redirects.models import Redirect
    from wagtail.models import Revision

    changes = []
    # Depth 2-3 are the portal, school homes and their fixed sections: never re-slugged.
    for page in Page.objects.filter(depth__gte=4).order_by("path").specific().iterator():
        wanted = repaired_slug(page)
        if wanted is None:
            continue
        parent = page.get_parent()
        new = free_slug(parent, wanted, page)
        old, old_url_path = page.slug, page.url_path
        old_url = page.get_url_parts() if page.live else None
        revisions = 0
        if apply:
            with transaction.atomic():
                page.slug = new
                page.save(clean=False)
                if old_url and old_url[2]:
                    # Made here, not left to Wagtail's automatic redirects: a shared link
                    # must keep working even where those are switched off.
                    old_path = Redirect.normalise_path(old_url[2])
                    if not Redirect.objects.filter(old_path=old_path, site_id=old_url[0]):
                        Redirect.add_redirect(old_path, redirect_to=page, site=page.get_site())
                for revision in Revision.page_revisions.filter(object_id=str(page.pk)):
                    content = revision.content
                    if content.get("slug") != old:
                        continue
                    content["slug"] = new
                    if content.get("url_path") == old_url_path:
                        content["url_path"] = page.url_path
                    revision.save(update_fields=["content"])
                    revisions += 1
        changes.append((page, old, new, revisions))
    return changes
