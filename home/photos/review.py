"""The photo check of a page version: which of its photos show faces, what the editor
declared, which show classes with pupils listed in the consent register, and who confirmed
that none of them can be identified (or blurred the faces).

`check_version(page, version)` is the guard: it runs on what is about to be submitted,
published or approved and returns a PhotoCheck with one finding per photo that matters.
Confirmations are PhotoConfirmation rows attached to the revision they were given for and
are written to Wagtail's audit log on the page (class names and counts, never pupils' names).
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import ReferenceIndex

from sites.permissions import school_of_page, user_holds_role
from sites.roles import SchoolRole

from .faces import scans_for
from .models import PhotoBlur, PhotoConfirmation, PhotoDeclaration
from .register import listed_names

CONFIRMED_LOG_ACTION = "truongso.photos.confirmed"
DECLARED_LOG_ACTION = "truongso.photos.declared"

NEEDS_DECLARATION = "khai-bao"
NEEDS_CONFIRMATION = "xac-nhan"
RESOLVED = "da-xu-ly"

HELD_MESSAGE = _(
    "Chưa gửi duyệt: có ảnh có khuôn mặt chưa khai báo, hoặc ảnh có học sinh chưa đồng ý "
    "đăng ảnh chưa được xác nhận. Bản nháp đã được lưu; hãy kiểm tra các ảnh rồi gửi lại."
)
STOPPED_MESSAGE = _(
    "Chưa xuất bản: có ảnh có khuôn mặt chưa khai báo, hoặc ảnh có học sinh chưa đồng ý "
    "đăng ảnh chưa được xác nhận hay làm mờ. Hãy kiểm tra các ảnh rồi xuất bản lại."
)

STATUS_LABELS = {
    NEEDS_DECLARATION: _("Có khuôn mặt: cần cho biết ai có trong ảnh"),
    NEEDS_CONFIRMATION: _(
        "Có học sinh chưa đồng ý đăng ảnh: cần xác nhận không nhận ra được, hoặc làm mờ"
    ),
    RESOLVED: _("Đã xử lý"),
}


@dataclass
class PhotoFinding:
    image: object
    faces: list
    declaration: PhotoDeclaration | None = None
    classes: list = field(default_factory=list)
    listed: dict = field(default_factory=dict)  # class name -> [pupil names]
    blur: PhotoBlur | None = None
    confirmations: dict = field(default_factory=dict)  # role -> PhotoConfirmation
    pending: bool = False  # its scan has not run yet (shown as being checked)

    @property
    def face_count(self):
        return len(self.faces)

    @property
    def listed_count(self):
        return sum(len(names) for names in self.listed.values())

    @property
    def class_names(self):
        return [c.name for c in self.classes]

    @property
    def blurred_since_declaration(self):
        return bool(
            self.blur
            and (self.declaration is None or self.blur.blurred_at >= self.declaration.declared_at)
        )

    def status(self, role):
        """What is still owed before `role` (PhotoConfirmation.Role) may go on."""
        if self.declaration is None:
            return NEEDS_DECLARATION if self.faces or self.pending else RESOLVED
        if not self.listed or self.blurred_since_declaration:
            return RESOLVED
        # The approver's own confirmation is needed at approval; an approver's (principal's)
        # confirmation also covers the editor's.
        roles = (
            (role,)
            if role == PhotoConfirmation.Role.APPROVER
            else (role, PhotoConfirmation.Role.APPROVER)
        )
        if any(r in self.confirmations for r in roles):
            return RESOLVED
        return NEEDS_CONFIRMATION

    def summary(self):
        """For the audit log, the approval e-mail and (h27b's) stored findings: no names."""
        return {
            "image": self.image.pk,
            "title": self.image.title,
            "faces": self.face_count,
            "declaration": self.declaration.kind if self.declaration else "",
            "classes": self.class_names,
            "listed": self.listed_count,
            "blurred": self.blurred_since_declaration,
        }


@dataclass
class PhotoCheck:
    findings: list

    def owed(self, role):
        return [f for f in self.findings if f.status(role) != RESOLVED]

    def needing(self, status, role):
        return [f for f in self.findings if f.status(role) == status]

    def blocks(self, role):
        return bool(self.owed(role))

    def summary(self):
        return [f.summary() for f in self.findings]


def image_ids_in(obj):
    """Ids of the images a page version uses: foreign keys, StreamField blocks, rich text,
    gallery rows (Wagtail's reference extractor, the same one ReferenceIndex uses)."""
    image_type = ReferenceIndex._get_base_content_type(get_image_model()).pk
    ids = []
    for (
        content_type_id,
        object_id,
        _model_path,
        _content_path,
    ) in ReferenceIndex._extract_references_from_object(obj):
        is_image = content_type_id == image_type and str(object_id).isdigit()
        if is_image and int(object_id) not in ids:
            ids.append(int(object_id))
    return ids


def check_version(page, version=None, school=None, compute_missing=True):
    """The PhotoCheck of `version` (a page object as it would be published; default the
    page's latest revision). Photos with no face found and no declaration are left out.
    Pages outside a school (the office's portal) have no register: empty check. A page
    not created yet names its `school` (from its parent). Screens that only show pass
    `compute_missing=False`: a photo whose scan has not run is a pending finding; every
    check that lets a version through scans it first."""
    version = version if version is not None else page.get_latest_revision_as_object()
    if school is None:
        school = school_of_page(page) if page.path else None
    if school is None:
        return PhotoCheck([])
    ids = image_ids_in(version)
    if not ids:
        return PhotoCheck([])
    images = list(get_image_model().objects.filter(pk__in=ids))
    images.sort(key=lambda image: ids.index(image.pk))
    scans = scans_for(images, compute_missing=compute_missing)
    declarations = {
        d.image_id: d
        for d in PhotoDeclaration.objects.filter(image__in=images).prefetch_related("classes")
    }
    blurs = {}
    for blur in PhotoBlur.objects.filter(image__in=images).order_by("blurred_at"):
        blurs[blur.image_id] = blur  # the latest
    all_classes = {c.pk: c for d in declarations.values() for c in d.classes.all()}
    names = listed_names(list(all_classes.values())) if all_classes else {}
    confirmations = {}
    if page.pk:
        for confirmation in PhotoConfirmation.objects.filter(page=page, image__in=images).order_by(
            "confirmed_at"
        ):
            confirmations.setdefault(confirmation.image_id, []).append(confirmation)
    findings = []
    for image in images:
        scan = scans.get(image.pk)
        pending = scan is None and not compute_missing
        faces = scan.faces if scan else []
        declaration = declarations.get(image.pk)
        if not faces and declaration is None and not pending:
            continue
        finding = PhotoFinding(image=image, faces=faces, declaration=declaration, pending=pending)
        finding.blur = blurs.get(image.pk)
        if declaration is not None and declaration.kind == PhotoDeclaration.Kind.CLASSES:
            finding.classes = sorted(declaration.classes.all(), key=lambda c: c.name)
            finding.listed = {c.name: names[c.pk] for c in finding.classes if names.get(c.pk)}
        for confirmation in confirmations.get(image.pk, []):
            # A confirmation holds for what was declared when it was given.
            if declaration is not None and confirmation.confirmed_at >= declaration.declared_at:
                finding.confirmations[confirmation.role] = confirmation
        findings.append(finding)
    return PhotoCheck(findings)


def role_for(user, page):
    """APPROVER for the school's principal (who approves and may publish), else EDITOR."""
    school = school_of_page(page)
    if user.is_superuser or user_holds_role(user, school, SchoolRole.PRINCIPAL):
        return PhotoConfirmation.Role.APPROVER
    return PhotoConfirmation.Role.EDITOR


@transaction.atomic
def confirm(page, findings, user, role, revision=None):
    """`user` confirms, for `role`, that no listed pupil can be identified in `findings`'
    photos; attached to `revision` (default the latest) and written to the audit log."""
    findings = [f for f in findings if f.listed]
    if not findings:
        return []
    revision = revision or page.get_latest_revision()
    rows = PhotoConfirmation.objects.bulk_create(
        PhotoConfirmation(
            page=page,
            revision=revision,
            image=finding.image,
            role=role,
            user=user,
            class_names=finding.class_names,
            listed_count=finding.listed_count,
        )
        for finding in findings
    )
    log(
        instance=page.specific,
        action=CONFIRMED_LOG_ACTION,
        user=user,
        revision=revision,
        data={
            "role": str(role),
            "photos": [
                {
                    "image": f.image.pk,
                    "classes": f.class_names,
                    "listed": f.listed_count,
                }
                for f in findings
            ],
        },
    )
    return rows


@transaction.atomic
def declare(image, kind, classes, user, page=None):
    """Record what the editor says is in the photo; an unchanged declaration keeps its
    date (and so the confirmations given for it)."""
    classes = list(classes) if kind == PhotoDeclaration.Kind.CLASSES else []
    declaration = PhotoDeclaration.objects.filter(image=image).first()
    if declaration is not None:
        same = declaration.kind == kind and {c.pk for c in declaration.classes.all()} == {
            c.pk for c in classes
        }
        if same:
            return declaration, False
        declaration.kind = kind
        declaration.declared_by = user
        declaration.declared_at = timezone.now()
        declaration.save()
    else:
        declaration = PhotoDeclaration.objects.create(image=image, kind=kind, declared_by=user)
    declaration.classes.set(classes)
    log(
        instance=page.specific if page is not None else image,
        action=DECLARED_LOG_ACTION,
        user=user,
        data={"image": image.pk, "kind": kind, "classes": [c.name for c in classes]},
    )
    return declaration, True
