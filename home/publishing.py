"""The publishing road: what happens when content is saved for review or published.

Every road to review or to the public — the editor's "Gửi duyệt" and "Xuất bản"
(home/views/page_editor.py), the reviewer's final approval and its dialog
(home/workflows.py), bulk publish, `Page.publish`, the publish signal and the reviewer's
e-mail — asks this module what the guards found in the version that goes on, instead of
looking itself. The guards run once per revision and their findings stay with it
(`RevisionFindings`, one row per revision):

- links (home/links.py): every link written in the version (url, where, why hidden) and
  the images and documents it uses, extracted when the version is validated or saved as
  a revision (`SchoolSitePage.save_revision` keeps them). Whether one is blocked is
  decided when asked, against the office's current block list and the media's current
  titles, so a pattern added or a title changed later still stops a revision;
- personal data (home/privacy.py): the scan opens every attached document, so it runs
  on submission and publication only, once per version. The findings are kept with the
  revision with a fingerprint of the text and of each attached file's hash: a document
  that later gets a new file is scanned again.

A version not saved yet (the editor's posted form) keeps what was found on the object
itself; saving it as a revision moves that to the revision, so the approval, the publish
and the e-mail read it and nothing is scanned twice.

Not kept with the revision: the photo check (home/photos/review.py) reads declarations,
consents and confirmations that change without a new revision; its costly part, finding
faces, is already done once per image file (FaceScan). `photo_check` runs it once per
admin request (the approval's action list, its dialog and the approval itself share it).
Retention (publicity/retention.py) guards taking a disclosure offline, not what a
revision says: there is no retention scan of a revision to keep.
"""

import dataclasses
import hashlib
import json

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.documents import get_document_model
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.log_actions import get_active_log_context

from modelcluster.models import get_all_child_relations

from .links import (
    SKIPPED_FIELDS,
    FoundLink,
    blocked_error_for,
    content_links,
    domains_added,
    media_refs,
    media_title_links,
    office_of_page,
)
from .photos.review import check_version
from .privacy import KIND_LABELS, Finding, page_text_and_documents, scan_page

# What a version not yet saved as a revision carries: (key of its content, result).
_LINKS_MEMO = "_truongso_links"
_PRIVACY_MEMO = "_truongso_privacy"


class RevisionFindings(models.Model):
    """What the guards found in one revision (one row per revision)."""

    revision = models.OneToOneField(
        "wagtailcore.Revision", on_delete=models.CASCADE, related_name="truongso_findings"
    )
    # Of what the personal-data scan read; `privacy` is None until it ran.
    fingerprint = models.CharField(max_length=64, blank=True)
    privacy = models.JSONField(null=True, default=None)
    # Every link written in the revision ({url, domain, where, hidden}), and the images and
    # documents it uses ({"documents": [ids], "images": [ids]}): links in their titles are
    # read from the titles as they are when asked. None until extracted.
    links = models.JSONField(null=True, default=None)
    media = models.JSONField(null=True, default=None)
    # Of the fields the links were read from: Wagtail's publish saves a fresh copy of the
    # revision (revision.as_object()), whose clean() finds its links here by this key.
    links_key = models.CharField(max_length=64, blank=True)
    checked_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kết quả kiểm tra phiên bản")
        verbose_name_plural = _("kết quả kiểm tra phiên bản")

    def __str__(self):
        return f"{self.revision_id}: {len(self.privacy or [])}"

    def page_cache_hosts(self):
        return []  # editors' bookkeeping: no visitor sees it (sites/cache.py)


def _stored(revision):
    if revision is None or not revision.pk:
        return None
    try:
        return revision.truongso_findings  # cached on the revision object once read
    except RevisionFindings.DoesNotExist:
        return None


def _keep(revision, **fields):
    row, _created = RevisionFindings.objects.update_or_create(revision=revision, defaults=fields)
    revision.truongso_findings = row


# --- Personal data ------------------------------------------------------------------------


def fingerprint(version):
    """What the personal-data scan reads: the text and each attached file (its hash)."""
    text, document_ids = page_text_and_documents(version)
    files = sorted(
        get_document_model()
        .objects.filter(pk__in=document_ids)
        .values_list("pk", "file", "file_hash")
    )
    digest = hashlib.sha256(text.encode())
    digest.update(json.dumps(files, default=str).encode())
    return digest.hexdigest()


def _as_findings(stored):
    return [
        Finding(
            kind=item["kind"],
            label=KIND_LABELS.get(item["kind"], item.get("label", "")),
            source=item.get("source", ""),
            samples=item.get("samples", []),
            count=item.get("count", 0),
        )
        for item in stored
    ]


def privacy_findings(version, *, revision=None, request=None):
    """The personal-data findings of `version` (a page object: a posted form's, a
    revision's), scanning it only when neither its revision, the object itself nor this
    request has them."""
    current = fingerprint(version)
    stored = _stored(revision)
    if stored is not None and stored.privacy is not None and stored.fingerprint == current:
        return _as_findings(stored.privacy)
    memo = request.__dict__.setdefault("_truongso_findings", {}) if request is not None else {}
    carried = version.__dict__.get(_PRIVACY_MEMO)
    if carried is not None and carried[0] == current:
        findings = carried[1]
    elif current in memo:
        findings = memo[current]
    else:
        findings = scan_page(version)
        memo[current] = findings
    version.__dict__[_PRIVACY_MEMO] = (current, findings)
    if revision is not None and revision.pk:
        _keep(revision, fingerprint=current, privacy=[f.as_dict() for f in findings])
    return findings


def revision_findings(revision, request=None):
    """The findings of a saved revision (what an approval would publish)."""
    return privacy_findings(revision.as_object(), revision=revision, request=request)


def page_findings(page, request=None):
    """The findings of a page object as just saved (its latest revision's content)."""
    return privacy_findings(page, revision=page.latest_revision, request=request)


def stored_privacy(revision):
    """The kept personal-data findings of `revision` as dicts, [] when never scanned
    (for the reviewer's e-mail, which never scans)."""
    stored = _stored(revision)
    return list(stored.privacy or []) if stored is not None else []


# --- Links --------------------------------------------------------------------------------


def _media_fields(model, media):
    return [
        f.attname
        for f in model._meta.fields
        if isinstance(f, models.ForeignKey) and f.related_model in media
    ]


def _content_key(version):
    """A digest of what content_links and media_refs read (text fields, StreamFields, the
    images and documents chosen, also in inline rows such as a gallery), to know that
    links found before still fit."""
    media = (get_image_model(), get_document_model())
    values = []
    for field in version._meta.get_fields():
        if not isinstance(field, models.Field) or field.name in SKIPPED_FIELDS:
            continue
        if isinstance(field, StreamField):
            values.append(getattr(version, field.name).get_prep_value())
        elif isinstance(field, models.CharField | models.TextField) or (
            isinstance(field, models.ForeignKey) and field.related_model in media
        ):
            values.append(getattr(version, field.attname, None))
    for relation in get_all_child_relations(version):
        attnames = _media_fields(relation.related_model, media)
        if attnames:
            rows = getattr(version, relation.get_accessor_name()).all()
            values.append([[getattr(row, name) for name in attnames] for row in rows])
    return hashlib.sha256(json.dumps(values, default=str).encode()).hexdigest()


def _as_links(stored):
    return [FoundLink(**item) for item in stored]


def _kept_links(version, key):
    """(links, media) kept with the revision `version` is a copy of (the one being
    published, or the latest), if its content is the same; else None."""
    ids = {version.live_revision_id, version.latest_revision_id} - {None}
    if not ids:
        return None
    kept = (
        RevisionFindings.objects.filter(revision_id__in=ids, links_key=key)
        .exclude(links=None)
        .exclude(media=None)
        .values_list("links", "media")
        .first()
    )
    return None if kept is None else (_as_links(kept[0]), kept[1])


def _extracted(version):
    """(key, links written in it, media it uses) of a page object, extracted once for its
    content: the editor's form validation and the revision saved next share it."""
    key = _content_key(version)
    carried = version.__dict__.get(_LINKS_MEMO)
    if carried is not None and carried[0] == key:
        return carried
    kept = _kept_links(version, key) if version.pk else None
    links, media = kept if kept is not None else (content_links(version), media_refs(version))
    version.__dict__[_LINKS_MEMO] = (key, links, media)
    return version.__dict__[_LINKS_MEMO]


def _with_media_titles(links, media):
    return list(dict.fromkeys(links + media_title_links(media)))


def version_links(version):
    """Every link of a page object (its images' and documents' titles as they are now)."""
    _key, links, media = _extracted(version)
    return _with_media_titles(links, media)


def _kept_fields(version):
    key, links, media = _extracted(version)
    return {"links": [dataclasses.asdict(link) for link in links], "media": media, "links_key": key}


def revision_links(revision):
    """Every link of a saved revision: what it says is kept with it (extracted the first
    time only), its media's titles read as they are now."""
    stored = _stored(revision)
    if stored is not None and stored.links is not None and stored.media is not None:
        return _with_media_titles(_as_links(stored.links), stored.media)
    version = revision.as_object()
    _keep(revision, **_kept_fields(version))
    return version_links(version)


def keep_with_revision(version, revision):
    """`version` was just saved as `revision` (SchoolSitePage.save_revision): keep its
    links, and its personal-data findings if it was scanned, with the revision. Also
    when a revision is overwritten (the editor's autosave): what was kept goes."""
    fields = _kept_fields(version)
    carried = version.__dict__.get(_PRIVACY_MEMO)
    if carried is not None and carried[0] == fingerprint(version):
        fields.update(fingerprint=carried[0], privacy=[f.as_dict() for f in carried[1]])
    else:
        fields.update(fingerprint="", privacy=None)
    _keep(revision, **fields)


def blocked_link_error(page, revision=None):
    """The error naming the first link of `revision` (default: the object `page` as it
    stands) on the office's block list as it is now, or None."""
    links = revision_links(revision) if revision is not None else version_links(page)
    return blocked_error_for(links, office_of_page(page))


def added_domains(page):
    """[AddedDomain] the latest revision of `page` adds to its live revision."""
    latest = page.get_latest_revision()
    new = revision_links(latest) if latest is not None else version_links(page)
    old = revision_links(page.live_revision) if page.live_revision_id else []
    return domains_added(page, new, old)


def domains_new_to_school(page):
    """The domains the latest revision of a school page adds that no live page of the
    school links to: every publish button stops on them until someone confirms (the
    editor's tick, the approval dialog). Portal pages: none (no school to compare with)."""
    if not hasattr(page, "school"):
        return []
    # The create view's form validation may have cached `school` before the page had a
    # place in the tree (as None): ask again.
    page.__dict__.pop("school", None)
    if page.school is None:
        return []
    return [item.domain for item in added_domains(page) if item.new_to_school]


# --- Photos -------------------------------------------------------------------------------


def photo_check(page, revision=None):
    """The photo check of `revision` (default: the latest) of `page`, run once per admin
    request: Wagtail's log context (one per admin request, with its own uuid) holds it.
    Outside a request (scripts, timers) it runs each time."""
    revision = revision if revision is not None else page.get_latest_revision()
    context = get_active_log_context()
    memo = context.__dict__.setdefault("_truongso_photo_checks", {}) if context.uuid else {}
    key = (page.pk, revision.pk if revision is not None else None)
    if key not in memo:
        version = revision.as_object() if revision is not None else None
        memo[key] = check_version(page, version=version)
    return memo[key]
