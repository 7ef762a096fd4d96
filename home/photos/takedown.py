"""Gỡ ảnh: take a photo off every public place at once, and the parents' requests that
lead to it.

`take_down(image, reason, user)` finds where the image is used (Wagtail's ReferenceIndex
for live content, plus every revision of the school's pages: drafts, scheduled versions,
history), removes it there (lead image, gallery rows, StreamField blocks, rich-text
embeds), keeps the original in the private quarantine, deletes the original file and
every rendition from storage now (local disk or the S3 bucket), deletes the image (its
search entry goes with it), clears the page cache of every site and purges the CDN for the
pages, feeds, sitemaps and the files' URLs. Each page gets an audit-log entry.
"""

import datetime
import json
import logging
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import models, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.blocks import ListBlock, RichTextBlock, StreamBlock, StreamValue, StructBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageBlock, ImageChooserBlock
from wagtail.images.models import AbstractImage
from wagtail.log_actions import log
from wagtail.models import Page, ReferenceIndex, Revision, Site
from wagtail.rich_text import RichText

from modelcluster.models import get_all_child_relations

from sites.cache import invalidate_all, purge_urls
from sites.models import Office
from sites.office_scope import office_ids_above
from sites.roles import SchoolRole

from .models import QuarantinedFile, TakedownRequest
from .quarantine import delete_public_files, keep_original, public_files, school_of_image
from .review import image_ids_in

logger = logging.getLogger(__name__)

TAKEN_DOWN_LOG_ACTION = "truongso.photos.taken_down"
REMOVE = object()


# --- Removing an image from a page version ----------------------------------------------


def _embed_re(image_id):
    return re.compile(
        rf'<embed\b[^>]*\bembedtype="image"[^>]*\bid="{image_id}"[^>]*/?>(?:</embed>)?'
    )


def _is_target(value, image_id):
    return value is not None and getattr(value, "pk", value) == image_id


def _strip_block(block, value, image_id):
    """The block's value without the image; REMOVE when the block should go with it
    (an image block, a captioned image, a gallery left empty)."""
    if isinstance(block, (ImageChooserBlock, ImageBlock)):
        return REMOVE if _is_target(value, image_id) else value
    if isinstance(block, RichTextBlock):
        source = getattr(value, "source", value) or ""
        stripped = _embed_re(image_id).sub("", source)
        return RichText(stripped) if stripped != source else value
    if isinstance(block, StreamBlock):
        kept = []
        for child in value:
            new = _strip_block(child.block, child.value, image_id)
            if new is not REMOVE:
                kept.append((child.block_type, new, child.id))
        return StreamValue(block, kept)
    if isinstance(block, ListBlock):
        children = []
        for child in value.bound_blocks:
            new = _strip_block(block.child_block, child.value, image_id)
            if new is not REMOVE:
                child.value = new
                children.append(child)
        if not children and block.meta.min_num:
            return REMOVE
        value.bound_blocks = children
        return value
    if isinstance(block, StructBlock):
        for name, child_block in block.child_blocks.items():
            new = _strip_block(child_block, value.get(name), image_id)
            if new is REMOVE:
                # The block is about the image ("image", or a list of them): it goes too;
                # otherwise (a leader's photo) only the image does.
                if name == "image" or isinstance(child_block, ListBlock):
                    return REMOVE
                new = None
            value[name] = new
        return value
    return value


def strip_image(obj, image_id):
    """Remove every use of image `image_id` from `obj` (a page or one of its versions) in
    memory; returns True if anything changed."""
    if image_id not in image_ids_in(obj):
        return False
    for model_field in obj._meta.get_fields():
        if not isinstance(model_field, models.Field) or model_field.auto_created:
            continue
        if isinstance(model_field, models.ForeignKey) and issubclass(
            model_field.related_model, AbstractImage
        ):
            if getattr(obj, model_field.attname) == image_id and model_field.null:
                setattr(obj, model_field.attname, None)
        elif isinstance(model_field, StreamField):
            value = getattr(obj, model_field.name)
            setattr(obj, model_field.name, _strip_block(model_field.stream_block, value, image_id))
        elif isinstance(model_field, RichTextField):
            value = getattr(obj, model_field.attname) or ""
            setattr(obj, model_field.attname, _embed_re(image_id).sub("", value))
    for relation in get_all_child_relations(obj):
        name = relation.get_accessor_name()
        kept = []
        for child in getattr(obj, name).all():
            if image_id in image_ids_in(child):
                if _child_needs_image(child, image_id):
                    continue  # a gallery row is the photo: it goes
                strip_image(child, image_id)
            kept.append(child)
        setattr(obj, name, kept)
    return True


def _child_needs_image(child, image_id):
    return any(
        isinstance(f, models.ForeignKey)
        and issubclass(f.related_model, AbstractImage)
        and not f.null
        and getattr(child, f.attname) == image_id
        for f in child._meta.concrete_fields
    )


# --- Where it is used ------------------------------------------------------------------------


def pages_using(image):
    """Live pages whose current content uses the image (Wagtail's ReferenceIndex)."""
    page_type = ReferenceIndex._get_base_content_type(Page)
    ids = ReferenceIndex.get_references_to(image).filter(base_content_type=page_type)
    return list(
        Page.objects.filter(pk__in=[int(i) for i in ids.values_list("object_id", flat=True)])
        .specific()
        .order_by("path")
    )


def _mentions(content, image_id):
    return re.search(rf"(?<![\d.]){image_id}(?![\d.])", json.dumps(content)) is not None


def revisions_using(image, pages, school):
    """Every revision (drafts, scheduled, history) of the school's pages, and of `pages`,
    that uses the image."""
    page_ids = {p.pk for p in pages}
    if school is not None:
        page_ids |= set(
            Page.objects.filter(path__startswith=school.home_page.path).values_list("pk", flat=True)
        )
    page_type = ReferenceIndex._get_base_content_type(Page)
    candidates = Revision.objects.filter(
        base_content_type=page_type, object_id__in=[str(pk) for pk in page_ids]
    ).only("pk", "content", "object_id", "content_type", "base_content_type")
    for revision in candidates.iterator(chunk_size=200):
        if _mentions(revision.content, image.pk):
            yield revision


# --- Taking it down ----------------------------------------------------------------------------


@dataclass
class TakedownResult:
    image_id: int
    title: str
    pages: list = field(default_factory=list)
    revisions: int = 0
    files: int = 0
    quarantined: QuarantinedFile | None = None


def take_down(image, reason, user=None, request=None):
    """Remove `image` from every public place now; returns a TakedownResult."""
    school = school_of_image(image)
    image_id = image.pk
    result = TakedownResult(image_id=image_id, title=image.title)
    files = public_files(image)
    with transaction.atomic():
        result.quarantined = keep_original(
            image, QuarantinedFile.Reason.TAKEN_DOWN, user=user, note=reason, request=request
        )
        pages = pages_using(image)
        for revision in revisions_using(image, pages, school):
            version = revision.as_object()
            if strip_image(version, image_id):
                revision.content = version.serializable_data()
                revision.save(update_fields=["content"])
                result.revisions += 1
        for page in pages:
            if strip_image(page, image_id):
                page.save(clean=False)
            log(
                instance=page,
                action=TAKEN_DOWN_LOG_ACTION,
                user=user,
                data={
                    "image": image_id,
                    "reason": reason,
                    "request": request.pk if request else None,
                },
            )
            result.pages.append(page)
        # Files first, now: a rendition URL stops answering on every host at once.
        delete_public_files(image, files)
        result.files = len(files)
        image.delete()
        if request is not None:
            request.status = TakedownRequest.Status.TAKEN_DOWN
            request.handled_by = user
            request.closed_at = timezone.now()
            request.save(update_fields=["status", "handled_by", "closed_at"])
        invalidate_all()  # every site: school pages, the portals' aggregated news, feeds
    purge_urls(_urls_to_purge(result.pages, school, files))
    logger.info("Đã gỡ ảnh %s (%s trang, %s tệp)", image_id, len(result.pages), len(files))
    return result


def _urls_to_purge(pages, school, files):
    urls = [url for _name, url in files]
    roots = set()
    for page in pages:
        full = page.get_full_url()
        if full:
            urls.append(full)
            parent = page.get_parent()
            if parent is not None and parent.depth > 1:
                urls.append(parent.get_full_url() or "")
    if school is not None:
        roots.add(school.site.root_url)
        portals = Office.objects.filter(pk__in=office_ids_above(school.office_id))
        roots |= {s.root_url for s in Site.objects.filter(pk__in=portals.values("site_id"))}
    for root in roots:
        urls += [f"{root}/", f"{root}/rss.xml", f"{root}/atom.xml", f"{root}/sitemap.xml"]
    return urls


# --- Parents' requests ---------------------------------------------------------------------------


def page_from_url(school, url):
    """The school's live page at `url` (full URL on its host, or a path), or None."""
    path = re.sub(r"^https?://[^/]+", "", (url or "").strip()).split("?")[0].split("#")[0]
    root = school.home_page
    wanted = root.url_path + path.strip("/") + "/" if path.strip("/") else root.url_path
    return Page.objects.filter(url_path=wanted, path__startswith=root.path).first()


@transaction.atomic
def record_request(school, cleaned):
    now = timezone.now()
    request = TakedownRequest.objects.create(
        school=school,
        page_url=cleaned["page_url"],
        page=page_from_url(school, cleaned["page_url"]),
        description=cleaned["description"],
        name=cleaned["name"],
        contact=cleaned["contact"],
        consented_at=now,
        created_at=now,
        due_at=TakedownRequest.deadline_from(now),
    )
    transaction.on_commit(lambda: notify_principals(request))
    return request


def principals_of(school):
    return get_user_model().objects.filter(
        is_active=True,
        groups__school_role__school=school,
        groups__school_role__role=SchoolRole.PRINCIPAL,
    )


def notify_principals(request):
    recipients = list(
        principals_of(request.school).exclude(email="").values_list("email", flat=True)
    )
    if not recipients:
        return 0
    subject = _("[%(school)s] Yêu cầu gỡ hình ảnh, thông tin của học sinh") % {
        "school": request.school.name
    }
    body = _(
        "Trường vừa nhận một yêu cầu gỡ hình ảnh, thông tin của học sinh. Hạn xử lý: "
        "%(due)s. Xem và xử lý trong trang quản trị, mục Yêu cầu gỡ ảnh."
    ) % {"due": timezone.localtime(request.due_at).strftime("%H:%M %d/%m/%Y")}
    return send_mail(subject, body, None, recipients, fail_silently=True)


def email_of(contact):
    contact = (contact or "").strip()
    try:
        validate_email(contact)
    except Exception:
        return ""
    return contact


def close_request(request, status, outcome, user):
    """Close a request (taken down or not) and tell the sender by e-mail when they left
    one; with a phone number the principal calls and ticks "đã báo"."""
    request.status = status
    request.outcome = outcome
    request.handled_by = user
    request.closed_at = request.closed_at or timezone.now()
    request.save(update_fields=["status", "outcome", "handled_by", "closed_at"])
    return tell_requester(request)


def tell_requester(request):
    address = email_of(request.contact)
    if not address or request.requester_told_at:
        return False
    if request.status == TakedownRequest.Status.TAKEN_DOWN:
        message = _("Nhà trường đã gỡ hình ảnh theo yêu cầu của anh/chị khỏi trang web.")
    else:
        message = _("Nhà trường đã xem xét yêu cầu gỡ hình ảnh của anh/chị.")
    body = "\n\n".join(filter(None, [message, request.outcome, request.school.name]))
    sent = send_mail(
        _("[%(school)s] Kết quả yêu cầu gỡ hình ảnh") % {"school": request.school.name},
        body,
        None,
        [address],
        fail_silently=True,
    )
    if sent:
        request.requester_told_at = timezone.now()
        request.save(update_fields=["requester_told_at"])
    return bool(sent)


def erase_expired_contacts(now=None):
    """Blank the sender's name, contact and description TAKEDOWN_CONTACT_RETENTION_DAYS
    after the request was closed; returns how many."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.TAKEDOWN_CONTACT_RETENTION_DAYS)
    expired = TakedownRequest.objects.filter(
        closed_at__lt=cutoff, contact_erased_at__isnull=True
    ).exclude(status=TakedownRequest.Status.OPEN)
    return expired.update(name="", contact="", description="", contact_erased_at=now)


def counts_by_school(schools, now=None):
    """{school id: {"open": n, "overdue": n, "closed": n}}: what the office sees (no
    contents)."""
    now = now or timezone.now()
    rows = (
        TakedownRequest.objects.filter(school__in=schools)
        .values("school_id")
        .annotate(
            open=Count("pk", filter=Q(status=TakedownRequest.Status.OPEN)),
            overdue=Count("pk", filter=Q(status=TakedownRequest.Status.OPEN, due_at__lt=now)),
            closed=Count("pk", filter=~Q(status=TakedownRequest.Status.OPEN)),
        )
    )
    return {row.pop("school_id"): row for row in rows}
