"""What a school records about pupils' photos (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15).

- The consent register: per school year, the classes and, in each, only the pupils whose
  parents have NOT consented to publishing their images or have withdrawn consent (a class
  with nobody listed is "all consented"). Name, class, status, date and the kind of form:
  nothing else is kept (no birth date, no parent, no phone).
- Per photo: the faces the offline detector found, what the editor declared (which classes
  appear, a public event, no pupils), who confirmed that no listed pupil is identifiable
  (attached to the page revision being submitted or approved), and blurs.
- Parents' takedown requests and the originals kept in a private quarantine.

None of these tables is public, none is in the office's screens, the school export or the
open data; the office sees counts of takedown requests only (home/photos/takedown.py).
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.images import get_image_model_string
from wagtail.models import Page, Revision

from sites.models import School


class SchoolClass(models.Model):
    """A class of a school year ("6A1"), as the register and the editor's declaration name it."""

    school = models.ForeignKey(
        School, verbose_name=_("trường"), on_delete=models.CASCADE, related_name="+"
    )
    school_year = models.CharField(_("năm học"), max_length=9, db_index=True)
    name = models.CharField(_("lớp"), max_length=20)

    class Meta:
        verbose_name = _("lớp")
        verbose_name_plural = _("lớp")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year", "name"], name="photos_one_class_per_year"
            )
        ]

    def __str__(self):
        return self.name


class ListedPupil(models.Model):
    """A pupil whose images may not be published: the parents have not consented, or
    withdrew consent. Only what the register needs is stored."""

    class Status(models.TextChoices):
        NOT_CONSENTED = "chua-dong-y", _("Chưa đồng ý")
        WITHDRAWN = "rut-lai", _("Đã rút lại đồng ý")

    class Source(models.TextChoices):
        PAPER = "phieu-giay", _("Phiếu giấy")
        ONLINE = "truc-tuyen", _("Biểu mẫu trực tuyến")
        TAKEDOWN = "yeu-cau-go-anh", _("Yêu cầu gỡ ảnh trên trang web")

    school = models.ForeignKey(
        School, verbose_name=_("trường"), on_delete=models.CASCADE, related_name="+"
    )
    school_class = models.ForeignKey(
        SchoolClass, verbose_name=_("lớp"), on_delete=models.CASCADE, related_name="listed_pupils"
    )
    name = models.CharField(_("họ và tên học sinh"), max_length=100)
    status = models.CharField(_("tình trạng"), max_length=16, choices=Status.choices)
    recorded_on = models.DateField(_("ngày ghi trên phiếu"))
    source = models.CharField(_("từ"), max_length=16, choices=Source.choices, default=Source.PAPER)
    left_on = models.DateField(_("ngày rời trường"), null=True, blank=True)
    created_at = models.DateTimeField(_("ghi vào sổ lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("học sinh trong sổ")
        verbose_name_plural = _("học sinh trong sổ")
        ordering = ["school_class__name", "name"]

    def __str__(self):
        return self.name


class RegisterKeeper(models.Model):
    """An editor the principal named to keep the register with them."""

    school = models.ForeignKey(
        School, verbose_name=_("trường"), on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người giữ sổ"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = _("người giữ sổ đồng ý")
        verbose_name_plural = _("người giữ sổ đồng ý")
        constraints = [
            models.UniqueConstraint(fields=["school", "user"], name="photos_one_keeper_row")
        ]

    def __str__(self):
        return str(self.user)


class FaceScan(models.Model):
    """Faces the offline detector found in an image's current file (home/photos/faces.py)."""

    image = models.OneToOneField(
        get_image_model_string(), on_delete=models.CASCADE, related_name="face_scan"
    )
    file_hash = models.CharField(max_length=40, blank=True)
    # [[x, y, width, height], ...] in the stored file's pixels.
    faces = models.JSONField(default=list)
    detector = models.CharField(max_length=80)
    scanned_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kết quả tìm khuôn mặt")
        verbose_name_plural = _("kết quả tìm khuôn mặt")

    def __str__(self):
        return f"{self.image_id}: {self.face_count}"

    @property
    def face_count(self):
        return len(self.faces)


class PhotoDeclaration(models.Model):
    """What the editor said about who is in a photo."""

    class Kind(models.TextChoices):
        CLASSES = "lop", _("Có học sinh của lớp")
        PUBLIC_EVENT = "hoat-dong-cong-cong", _("Hoạt động công cộng")
        NO_PUPILS = "khong-co-hoc-sinh", _("Không có học sinh")

    image = models.OneToOneField(
        get_image_model_string(), on_delete=models.CASCADE, related_name="pupil_declaration"
    )
    kind = models.CharField(_("trong ảnh"), max_length=24, choices=Kind.choices)
    classes = models.ManyToManyField(
        SchoolClass, verbose_name=_("lớp có trong ảnh"), blank=True, related_name="+"
    )
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("khai báo ảnh")
        verbose_name_plural = _("khai báo ảnh")

    def __str__(self):
        return self.get_kind_display()


class PhotoConfirmation(models.Model):
    """Someone checked a photo of classes with listed pupils and confirmed that none of
    them can be identified. Attached to the revision it was given for."""

    class Role(models.TextChoices):
        EDITOR = "bien-tap", _("Người soạn")
        APPROVER = "duyet", _("Người duyệt")

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    revision = models.ForeignKey(Revision, null=True, on_delete=models.SET_NULL, related_name="+")
    image = models.ForeignKey(get_image_model_string(), on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=10, choices=Role.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(default=timezone.now, db_index=True)
    # What was confirmed: class names and how many pupils were listed (never the names).
    class_names = models.JSONField(default=list)
    listed_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("xác nhận ảnh")
        verbose_name_plural = _("xác nhận ảnh")
        indexes = [models.Index(fields=["page", "image", "role"])]

    def __str__(self):
        return f"{self.image_id} ({self.get_role_display()})"


class TakedownRequest(models.Model):
    """A parent's request to take a photo (or information) of their child off the site,
    sent from /yeu-cau-go-anh/ without an account."""

    class Status(models.TextChoices):
        OPEN = "moi", _("Chờ xử lý")
        TAKEN_DOWN = "da-go", _("Đã gỡ")
        CLOSED = "da-dong", _("Đã đóng, không gỡ")

    school = models.ForeignKey(
        School, verbose_name=_("trường"), on_delete=models.CASCADE, related_name="+"
    )
    page_url = models.CharField(_("địa chỉ trang"), max_length=500)
    page = models.ForeignKey(
        Page, verbose_name=_("trang"), null=True, blank=True, on_delete=models.SET_NULL
    )
    description = models.TextField(_("mô tả"), max_length=2000)
    name = models.CharField(_("họ và tên người gửi"), max_length=100, blank=True)
    contact = models.CharField(_("điện thoại hoặc thư điện tử"), max_length=200, blank=True)
    consented_at = models.DateTimeField(_("đồng ý điều khoản lúc"))
    created_at = models.DateTimeField(_("gửi lúc"), default=timezone.now, db_index=True)
    due_at = models.DateTimeField(_("hạn xử lý"), db_index=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("xử lý xong lúc"), null=True, blank=True)
    outcome = models.TextField(_("kết quả trả lời phụ huynh"), max_length=2000, blank=True)
    requester_told_at = models.DateTimeField(_("đã báo người gửi lúc"), null=True, blank=True)
    contact_erased_at = models.DateTimeField(
        _("đã xoá thông tin người gửi lúc"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("yêu cầu gỡ ảnh")
        verbose_name_plural = _("yêu cầu gỡ ảnh")
        ordering = ["-created_at"]

    def __str__(self):
        return f"#{self.pk}"

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    def is_overdue(self, now=None):
        return self.is_open and (now or timezone.now()) > self.due_at

    @staticmethod
    def deadline_from(moment):
        return moment + datetime.timedelta(hours=settings.TAKEDOWN_DEADLINE_HOURS)


class QuarantinedFile(models.Model):
    """An original kept out of public reach: the photo before it was blurred, or a photo
    taken down. In the private quarantine storage (never a public URL), erased after
    PHOTO_QUARANTINE_DAYS by `erase_pupil_photo_data`."""

    class Reason(models.TextChoices):
        BLURRED = "lam-mo", _("Ảnh gốc trước khi làm mờ")
        TAKEN_DOWN = "go-anh", _("Ảnh đã gỡ")

    school = models.ForeignKey(School, null=True, on_delete=models.CASCADE, related_name="+")
    image_id = models.PositiveBigIntegerField(_("mã ảnh"), db_index=True)
    name = models.CharField(max_length=255)
    reason = models.CharField(max_length=10, choices=Reason.choices)
    note = models.TextField(_("lý do"), blank=True)
    request = models.ForeignKey(
        TakedownRequest,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quarantined",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    erase_after = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("ảnh gốc cách ly")
        verbose_name_plural = _("ảnh gốc cách ly")

    def __str__(self):
        return self.name


class PhotoBlur(models.Model):
    """Faces blurred in an image: a new file replaced the original, which went to the
    quarantine."""

    image = models.ForeignKey(
        get_image_model_string(), on_delete=models.CASCADE, related_name="blurs"
    )
    # [[x, y, width, height], ...] in the file's pixels.
    regions = models.JSONField(default=list)
    blurred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    blurred_at = models.DateTimeField(default=timezone.now)
    original = models.ForeignKey(
        QuarantinedFile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("làm mờ khuôn mặt")
        verbose_name_plural = _("làm mờ khuôn mặt")
        get_latest_by = "blurred_at"

    def __str__(self):
        return f"{self.image_id}"
