"""The publishing road: what happens when content is saved for review or published.

Every road to review or to the public — the editor's "Gửi duyệt" and "Xuất bản", the
reviewer's final approval, the approval dialog, the publish signal — asks this module for
the personal-data findings (home/privacy.py) of the version that goes on, instead of
scanning it itself. The scan opens every attached document, so it runs once per version:

- a version that has a revision: the findings are kept with the revision
  (`RevisionFindings`, with a fingerprint of the text and of the attached files), so the
  editor's panel, the approval dialog, the approval itself and the publish signal read
  them instead of scanning again;
- a version the editor has just posted (no revision yet): scanned once per request; when
  the view then saves it as a revision, the same findings are kept with that revision
  (same fingerprint), so the reviewer's approval and the publish do not scan again.

A revision is never changed, but a document it links to may get a new file: the
fingerprint holds each file's hash, and a stored entry whose fingerprint differs is
scanned again.
"""

import hashlib
import json

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.documents import get_document_model

from .privacy import KIND_LABELS, Finding, page_text_and_documents, scan_page


class RevisionFindings(models.Model):
    """The guards' findings on one revision (one row per revision, written once)."""

    revision = models.OneToOneField(
        "wagtailcore.Revision", on_delete=models.CASCADE, related_name="truongso_findings"
    )
    fingerprint = models.CharField(max_length=64)
    privacy = models.JSONField(default=list)
    checked_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kết quả kiểm tra phiên bản")
        verbose_name_plural = _("kết quả kiểm tra phiên bản")

    def __str__(self):
        return f"{self.revision_id}: {len(self.privacy)}"

    def page_cache_hosts(self):
        return []  # editors' bookkeeping: no visitor sees it (sites/cache.py)


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
    revision's), scanning it only when neither its revision nor this request has them."""
    current = fingerprint(version)
    memo = request.__dict__.setdefault("_truongso_findings", {}) if request is not None else {}
    if revision is not None and revision.pk:
        stored = RevisionFindings.objects.filter(revision=revision).first()
        if stored is not None and stored.fingerprint == current:
            return _as_findings(stored.privacy)
    if current in memo:
        findings = memo[current]
    else:
        findings = scan_page(version)
        memo[current] = findings
    if revision is not None and revision.pk:
        RevisionFindings.objects.update_or_create(
            revision=revision,
            defaults={"fingerprint": current, "privacy": [f.as_dict() for f in findings]},
        )
    return findings


def scanned_in(request):
    """Whether this request has scanned a version (a submission was checked)."""
    return bool(request.__dict__.get("_truongso_findings"))


def revision_findings(revision, request=None):
    """The findings of a saved revision (what an approval would publish)."""
    return privacy_findings(revision.as_object(), revision=revision, request=request)


def page_findings(page, request=None):
    """The findings of a page object as just saved (its latest revision's content)."""
    return privacy_findings(page, revision=page.latest_revision, request=request)
