"""A school leaves with its data: one ZIP (format "truongso-school-export", version 1).

    manifest.json    format, version, exported_at, the school's fields, counts
    pages.json       the school's pages in tree order: type, parent, every field (Wagtail's
                     serializable_data, child rows included) and every revision (content,
                     author, date) with the live and latest revision marked
    log.json         the pages' audit log (workflow, publish, privacy confirmations…)
    images.json      image records; documents.json document records
    settings.json    the school's site settings (logo, colours, quick links…)
    users.json       the school's users and roles: no password hash, no second factor
    files/<name>     every original image and document file (renditions are rebuilt)

Plain JSON and files, no pickles. Ids are the exporting install's; `import_school`
recreates everything on another install and rewrites every id it finds: foreign keys,
page/image/document references inside rich text and StreamField blocks, and the same
inside every revision. Links to pages outside the school become plain text.
"""

import io
import json
import re
import secrets
import zipfile
from pathlib import PurePosixPath

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.log_actions import registry as log_registry
from wagtail.models import Locale, Page, PageLogEntry, Revision

from modelcluster.models import (
    get_all_child_relations,
    get_serializable_data_for_fields,
    model_from_serializable_data,
)

from cms.ops.backup import sha256_of
from cms.schools.provisioning import SchoolSpec, add_school_user, provision_school
from home.file_safety import contains_markup
from home.uploads import HOSTILE_ERRORS, check_document, clean_image
from publicity.models import DisclosureRequirement
from sites.invitations import send_invitation
from sites.models import Office, School, SchoolGroup, SchoolSettings

FORMAT = "truongso-school-export"
IMPORTED_LOG_NOTE = "nhap_tu_tep_xuat"  # data key of an imported log entry: who the archive named
VERSION = 1
SCHOOL_FIELDS = (
    "name",
    "slug",
    "level",
    "address",
    "phone",
    "email",
    "principal_name",
    "legacy_url",
    "is_active",
)
# Tree bookkeeping the target install recomputes; never copied.
PAGE_SKIP = {
    "pk",
    "id",
    "path",
    "depth",
    "numchild",
    "url_path",
    "content_type",
    "page_ptr",
    "live_revision",
    "latest_revision",
    "locked",
    "locked_by",
    "locked_at",
    "translation_key",
    "alias_of",
}
IMAGE_FIELDS = (
    "title",
    "width",
    "height",
    "focal_point_x",
    "focal_point_y",
    "focal_point_width",
    "focal_point_height",
    "file_size",
    "file_hash",
    "created_at",
)
DOCUMENT_FIELDS = ("title", "file_size", "file_hash", "created_at")


class SchoolExportError(Exception):
    """A Vietnamese message; nothing was imported."""


def _iso(value):
    return value.isoformat() if value else None


# --- Export ---------------------------------------------------------------------------


def export_school(school, output):
    home = school.home_page
    pages = list(Page.objects.descendant_of(home, inclusive=True).order_by("path").specific())
    page_ids = {p.pk for p in pages}
    Image, Document = get_image_model(), get_document_model()
    images = list(Image.objects.filter(collection=school.collection).order_by("pk"))
    documents = list(Document.objects.filter(collection=school.collection).order_by("pk"))
    users = list(
        get_user_model()
        .objects.filter(groups__school_role__school=school)
        .distinct()
        .order_by("username")
    )
    roles = {
        user.pk: sorted(
            SchoolGroup.objects.filter(school=school, group__user=user).values_list(
                "role", flat=True
            )
        )
        for user in users
    }
    usernames = dict(get_user_model().objects.values_list("pk", "username"))
    requirement_codes = dict(DisclosureRequirement.objects.values_list("pk", "code"))

    page_rows = []
    for page in pages:
        revisions = Revision.page_revisions.filter(object_id=str(page.pk)).order_by(
            "created_at", "pk"
        )
        page_rows.append(
            {
                "id": page.pk,
                "type": page._meta.label_lower,
                "parent": page.get_parent().pk if page.pk != home.pk else None,
                "data": page.serializable_data(),
                "first_published_at": _iso(page.first_published_at),
                "last_published_at": _iso(page.last_published_at),
                "live_revision": page.live_revision_id,
                "latest_revision": page.latest_revision_id,
                "revisions": [
                    {
                        "id": r.pk,
                        "created_at": _iso(r.created_at),
                        "user": usernames.get(r.user_id),
                        "approved_go_live_at": _iso(r.approved_go_live_at),
                        "content": r.content,
                    }
                    for r in revisions
                ],
            }
        )
    log_rows = [
        {
            "page": entry.page_id,
            "revision": entry.revision_id,
            "action": entry.action,
            "label": entry.label,
            "data": entry.data,
            "timestamp": _iso(entry.timestamp),
            "user": usernames.get(entry.user_id),
            "content_changed": entry.content_changed,
            "deleted": entry.deleted,
        }
        for entry in PageLogEntry.objects.filter(page_id__in=page_ids).order_by("timestamp", "pk")
    ]
    settings_obj = SchoolSettings.objects.filter(site=school.site).first()
    files = {}

    def media_row(obj, fields):
        files[obj.file.name] = obj.file
        row = {"id": obj.pk, "file": obj.file.name, **{f: getattr(obj, f) for f in fields}}
        row["created_at"] = _iso(obj.created_at)
        row["tags"] = sorted(obj.tags.names()) if hasattr(obj, "tags") else []
        return row

    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        "school": {
            "id": school.pk,
            **{f: getattr(school, f) for f in SCHOOL_FIELDS},
            "stages": list(getattr(school, "stages", []) or []),
        },
        "requirement_codes": {str(k): v for k, v in requirement_codes.items()},
        # Old user id -> username, for the school's own users (owners, revision authors).
        "user_ids": {str(u.pk): u.username for u in users},
        "counts": {
            "pages": len(pages),
            "images": len(images),
            "documents": len(documents),
            "users": len(users),
            "log_entries": len(log_rows),
        },
    }
    image_rows = [media_row(i, IMAGE_FIELDS) for i in images]
    document_rows = [media_row(d, DOCUMENT_FIELDS) for d in documents]
    user_rows = [
        {
            "username": u.username,
            "email": u.email,
            "first_name": u.first_name,
            "last_name": u.last_name,
            "is_active": u.is_active,
            "roles": roles[u.pk],
            "date_joined": _iso(u.date_joined),
        }
        for u in users
    ]
    checksums = {}
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in (
            ("pages.json", page_rows),
            ("log.json", log_rows),
            ("images.json", image_rows),
            ("documents.json", document_rows),
            (
                "settings.json",
                get_serializable_data_for_fields(settings_obj) if settings_obj else None,
            ),
            ("users.json", user_rows),
        ):
            archive.writestr(name, json.dumps(content, ensure_ascii=False, default=str, indent=1))
        storage = storages["default"]
        for name in sorted(files):
            with storage.open(name, "rb") as handle:
                data = handle.read()
            archive.writestr(f"files/{name}", data)
            checksums[name] = sha256_of(ContentFile(data))
        manifest["files"] = checksums
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest


# --- Id rewriting -------------------------------------------------------------------------


class IdMaps:
    """old id -> new id, per kind of object."""

    def __init__(self):
        self.page, self.image, self.document, self.user, self.school = {}, {}, {}, {}, {}
        self.requirement = {}

    def for_model(self, model):
        if model is None:
            return None
        if issubclass(model, Page):
            return self.page
        if issubclass(model, get_image_model()):
            return self.image
        if issubclass(model, get_document_model()):
            return self.document
        if issubclass(model, get_user_model()):
            return self.user
        if issubclass(model, School):
            return self.school
        if issubclass(model, DisclosureRequirement):
            return self.requirement
        return None


RICH_TAG = re.compile(r"<(a|embed)\b([^>]*)>")
ATTR = re.compile(r'(\w+)="([^"]*)"')


def remap_rich_text(html, maps):
    if not html:
        return html

    def replace(match):
        tag, attrs = match.group(1), dict(ATTR.findall(match.group(2)))
        kind = attrs.get("linktype") or attrs.get("embedtype")
        table = {"page": maps.page, "document": maps.document, "image": maps.image}.get(kind)
        if table is None or "id" not in attrs:
            return match.group(0)
        new = table.get(int(attrs["id"])) if attrs["id"].isdigit() else None
        if new is None:  # a target outside the school: keep the text, drop the link
            return "<a>" if tag == "a" else ""
        return match.group(0).replace(f'id="{attrs["id"]}"', f'id="{new}"', 1)

    return RICH_TAG.sub(replace, html)


def remap_block(block, raw, maps):
    if raw is None:
        return raw
    if isinstance(block, blocks.StreamBlock):
        out = []
        for child in raw:
            child_block = block.child_blocks.get(child.get("type"))
            out.append(
                {**child, "value": remap_block(child_block, child.get("value"), maps)}
                if child_block
                else child
            )
        return out
    if isinstance(block, blocks.ListBlock):
        return [
            {**item, "value": remap_block(block.child_block, item.get("value"), maps)}
            if isinstance(item, dict) and item.get("type") == "item" and "value" in item
            else remap_block(block.child_block, item, maps)
            for item in raw
        ]
    if (
        isinstance(block, blocks.StructBlock)
        and isinstance(raw, int)
        and "image" in block.child_blocks
    ):
        return maps.image.get(raw)  # ImageBlock stored the older way, as a bare id
    if isinstance(block, blocks.StructBlock) and isinstance(raw, dict):
        return {
            name: remap_block(block.child_blocks[name], value, maps)
            if name in block.child_blocks
            else value
            for name, value in raw.items()
        }
    if isinstance(block, blocks.RichTextBlock):
        return remap_rich_text(raw, maps)
    if isinstance(block, blocks.ChooserBlock):
        table = maps.for_model(getattr(block, "model_class", None) or block.target_model)
        if table is not None:
            ids = raw if isinstance(raw, list) else [raw]
            mapped = [table.get(int(i)) for i in ids if str(i).isdigit()]
            if isinstance(raw, list):
                return [m for m in mapped if m is not None]
            return mapped[0] if mapped else None
    return raw


def remap_fields(model, data, maps, drop_pk=True):
    """Rewrite one object's serializable_data (page, child row or revision content)."""
    out = {}
    for name, value in data.items():
        try:
            field = model._meta.get_field(name)
        except Exception:
            out[name] = value
            continue
        if isinstance(field, StreamField):
            text = isinstance(value, str)
            raw = json.loads(value) if text and value else (value or [])
            raw = remap_block(field.stream_block, raw, maps)
            out[name] = json.dumps(raw) if text else raw
        elif isinstance(field, RichTextField):
            out[name] = remap_rich_text(value, maps)
        elif isinstance(field, models.ForeignKey) and value is not None:
            if issubclass(field.related_model, Locale):
                out[name] = Locale.get_default().pk
                continue
            table = maps.for_model(field.related_model)
            out[name] = table.get(value) if table is not None else value
        elif field.one_to_many and isinstance(value, list):  # ParentalKey children
            # New rows: pk None (modelcluster reads "pk" from every child row; a gallery
            # photo without it made the demo school's own export fail to import).
            out[name] = [
                {**remap_fields(field.related_model, row, maps), "pk": None} for row in value
            ]
        else:
            out[name] = value
    if drop_pk:
        out.pop("pk", None)
        out.pop("id", None)
    return out


# --- Import -------------------------------------------------------------------------------


def _read(archive, name):
    try:
        return json.loads(archive.read(name))
    except KeyError:
        raise SchoolExportError(f"Tệp xuất thiếu {name}.") from None


def _page_model(label):
    from django.apps import apps

    model = apps.get_model(label)
    if not issubclass(model, Page):
        raise SchoolExportError(f"Loại trang không hợp lệ: {label}.")
    return model


def import_school(path, office_domain, *, send_invitations=True):
    office = Office.objects.filter(domain=office_domain).first()
    if office is None:
        raise SchoolExportError(f"Không có đơn vị nào có tên miền {office_domain}.")
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile):
        raise SchoolExportError(f"{path} không phải là tệp ZIP xuất từ Trường Số.") from None
    with archive:
        manifest = _read(archive, "manifest.json")
        if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
            raise SchoolExportError("Tệp xuất không đúng định dạng hoặc phiên bản không hỗ trợ.")
        for name, expected in manifest["files"].items():
            if PurePosixPath(name).is_absolute() or ".." in PurePosixPath(name).parts:
                raise SchoolExportError(f"Tên tệp không hợp lệ trong tệp xuất: {name}.")
            try:
                data = archive.read(f"files/{name}")
            except KeyError:
                raise SchoolExportError(f"Tệp xuất thiếu tệp {name}.") from None
            if sha256_of(ContentFile(data)) != expected:
                raise SchoolExportError(f"Tệp {name} trong tệp xuất bị hỏng.")
        info = manifest["school"]
        if School.objects.filter(slug=info["slug"]).exists():
            raise SchoolExportError(f"Đã có trường với mã {info['slug']} trên bản cài này.")
        saved_files = []
        try:
            with transaction.atomic():
                school, users = _import(archive, manifest, office, saved_files)
        except Exception:
            storage = storages["default"]
            for name in saved_files:  # nothing half-saved: files of a rolled-back import
                storage.delete(name)
            raise
    if send_invitations:
        invite_users(users)
    return school, users


def _import(archive, manifest, office, saved_files):
    info = manifest["school"]
    maps = IdMaps()
    school, _created = provision_school(
        office,
        SchoolSpec(
            **{
                f: info[f]
                for f in (
                    "name",
                    "slug",
                    "level",
                    "address",
                    "phone",
                    "email",
                    "principal_name",
                    "legacy_url",
                )
            }
        ),
    )
    maps.school[info["id"]] = school.pk
    codes = dict(DisclosureRequirement.objects.values_list("code", "pk"))
    for old, code in manifest["requirement_codes"].items():
        if code in codes:
            maps.requirement[int(old)] = codes[code]

    users = []
    User = get_user_model()
    for row in _read(archive, "users.json"):
        if User.objects.filter(username=row["username"]).exists():
            raise SchoolExportError(f"Tên đăng nhập {row['username']} đã có trên bản cài này.")
        user = None
        for role in row["roles"]:
            user = add_school_user(
                school,
                role,
                username=row["username"],
                email=row["email"],
                first_name=row["first_name"],
                last_name=row["last_name"],
                # Any password: no invitation goes out inside the transaction (a rolled
                # back import must not have mailed anyone); made unusable just below.
                password=secrets.token_urlsafe(32),
            )
        if user is None:
            continue
        user.is_active = row["is_active"]
        # The person sets a password from the invitation sent after the import; until
        # then the account is "chưa nhận lời mời" on the office's accounts screen.
        user.set_unusable_password()
        user.save(update_fields=["is_active", "password"])
        users.append(user)
    usernames = {u.username: u.pk for u in users}
    maps.user = {
        int(old): usernames[name] for old, name in manifest["user_ids"].items() if name in usernames
    }

    storage = storages["default"]

    def store(name, check):
        data = archive.read(f"files/{name}")
        problem = check(name, data)
        if problem:
            raise SchoolExportError(f"Tệp {name} trong tệp xuất không được nhận: {problem}")
        saved = storage.save(name, ContentFile(data))
        saved_files.append(saved)
        return saved

    Image, Document = get_image_model(), get_document_model()
    for row in _read(archive, "images.json"):
        image = Image(
            collection=school.collection, **{f: row[f] for f in IMAGE_FIELDS if f != "created_at"}
        )
        image.file.name = store(row["file"], image_problem)
        image.save()
        if row["tags"]:
            image.tags.set(row["tags"])
        maps.image[row["id"]] = image.pk
    for row in _read(archive, "documents.json"):
        document = Document(
            collection=school.collection,
            **{f: row[f] for f in DOCUMENT_FIELDS if f != "created_at"},
        )
        document.file.name = store(row["file"], document_problem)
        document.save()
        maps.document[row["id"]] = document.pk

    # Pages, pass 1: create every page (the five fixed ones exist already), so that
    # every page id is known before any content is rewritten.
    rows = _read(archive, "pages.json")
    home = school.home_page
    fixed = {child.slug: child for child in home.get_children().specific()}
    created = {}
    for row in rows:
        model = _page_model(row["type"])
        if row["parent"] is None:
            if model is not type(home.specific):
                raise SchoolExportError(f"Trang gốc của trường không thể là {row['type']}.")
            maps.page[row["id"]] = home.pk
            created[row["id"]] = home.specific
            continue
        if maps.page.get(row["parent"]) == home.pk and row["data"]["slug"] in fixed:
            page = fixed[row["data"]["slug"]]
            maps.page[row["id"]] = page.pk
            created[row["id"]] = page
            continue
        parent = created[row["parent"]]
        if not model.can_exist_under(parent):
            # A portal or office page type inside a school (or any page where the school's
            # page types do not allow it) is refused, as the editor would refuse it.
            raise SchoolExportError(
                f"Loại trang {row['type']} không được đặt dưới "
                f"“{parent.title}” ({parent._meta.label}) trong một trường."
            )
        data = _page_data(model, row, maps)
        page = model.from_serializable_data({**data, "pk": None}, check_fks=False, strict_fks=False)
        page.pk = page.id = None
        page.live_revision = page.latest_revision = None
        parent.add_child(instance=page)
        maps.page[row["id"]] = page.pk
        created[row["id"]] = page

    # Pass 2: every field and revision with all ids rewritten.
    revision_map = {}
    for row in rows:
        page = created[row["id"]]
        model = type(page)
        is_fixed = page.pk == home.pk or page.depth == home.depth + 1
        data = _page_data(model, row, maps)
        fresh = model.from_serializable_data(
            {**data, "pk": page.pk}, check_fks=False, strict_fks=False
        )
        for field in model._meta.concrete_fields:
            if field.name in data and not (is_fixed and field.name == "slug"):
                setattr(page, field.attname, getattr(fresh, field.attname))
        for relation in get_all_child_relations(model):
            name = relation.get_accessor_name()
            if name in data:
                setattr(page, name, list(getattr(fresh, name).all()))
        page.save(clean=False)
        for rev in row["revisions"]:
            content = remap_fields(model, rev["content"], maps, drop_pk=False)
            content.update(
                pk=page.pk,
                id=page.pk,
                path=page.path,
                depth=page.depth,
                numchild=page.numchild,
                url_path=page.url_path,
                content_type=page.content_type_id,
                translation_key=str(page.translation_key),
            )
            if is_fixed:
                content["slug"] = page.slug
            revision = Revision.objects.create(
                content_object=page,
                base_content_type=page.get_base_content_type(),
                created_at=_dt(rev["created_at"]),
                content=content,
                user_id=usernames.get(rev["user"]),
                approved_go_live_at=_dt(rev["approved_go_live_at"]),
                object_str=content.get("title", page.title),
            )
            revision_map[rev["id"]] = revision.pk
        Page.objects.filter(pk=page.pk).update(
            live_revision_id=revision_map.get(row["live_revision"]),
            latest_revision_id=revision_map.get(row["latest_revision"]),
        )

    # The archive's audit log is the exporting install's word, not this install's: an
    # entry is kept only for a known action, attributed to nobody here (the name the
    # archive gives is kept in its data as what the archive says), and marked imported.
    for entry in _read(archive, "log.json"):
        if entry["page"] not in maps.page or not log_registry.action_exists(entry["action"]):
            continue
        data = entry["data"] if isinstance(entry["data"], dict) else {}
        PageLogEntry.objects.create(
            page_id=maps.page[entry["page"]],
            revision_id=revision_map.get(entry["revision"]),
            action=entry["action"],
            label=entry["label"],
            data={**data, IMPORTED_LOG_NOTE: {"user": entry["user"]}},
            timestamp=parse_datetime(entry["timestamp"]),
            user_id=None,
            content_changed=entry["content_changed"],
            deleted=entry["deleted"],
            content_type_id=created[entry["page"]].content_type_id,
        )

    settings_data = _read(archive, "settings.json")
    if settings_data:
        data = remap_fields(SchoolSettings, settings_data, maps)
        data.pop("site", None)
        current = SchoolSettings.for_site(school.site)
        fresh = model_from_serializable_data(
            SchoolSettings,
            {**data, "pk": current.pk, "site": school.site_id},
            check_fks=False,
            strict_fks=False,
        )
        for field in SchoolSettings._meta.concrete_fields:
            if field.name not in ("id", "site"):
                setattr(current, field.attname, getattr(fresh, field.attname))
        current.save()
    return school, users


def image_problem(name, data):
    """Why an image file of the archive is refused by the uploads policy, or None."""
    if contains_markup(io.BytesIO(data)):
        return HOSTILE_ERRORS["markup"]
    try:
        clean_image(SimpleUploadedFile(PurePosixPath(name).name, data))
    except ValidationError as error:
        return " ".join(error.messages)
    return None


def document_problem(name, data):
    """Why a document file of the archive is refused by the uploads policy, or None."""
    try:
        check_document(SimpleUploadedFile(PurePosixPath(name).name, data))
    except ValidationError as error:
        return " ".join(error.messages)
    return None


def _dt(value):
    return parse_datetime(value) if value else None


def _page_data(model, row, maps):
    data = {k: v for k, v in row["data"].items() if k not in PAGE_SKIP}
    return remap_fields(model, data, maps)


def invite_users(users, *, by=None):
    """An invitation (sites/invitations.py: a set-password link that expires, naming the
    school and the role) to every active imported user with an address; the others stay
    on the office's "chưa nhận lời mời" list, to resend once they have one."""
    sent = 0
    for user in users:
        if not user.email or not user.is_active:
            continue
        send_invitation(user, by=by)
        sent += 1
    return sent
