"""What happened to a school over the years: renamed, re-levelled, moved to another
office, merged, closed. One row per change, written by the life-cycle services
(cms/schools/lifecycle.py) and shown on the office's screens."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SchoolChange(models.Model):
    class Kind(models.TextChoices):
        RENAMED = "renamed", _("Đổi tên")
        RELEVELLED = "relevelled", _("Đổi cấp học")
        RECODED = "recoded", _("Đổi mã trường và địa chỉ")
        MOVED = "moved", _("Chuyển đơn vị quản lý")
        MERGED_INTO = "merged_into", _("Sáp nhập vào trường khác")
        ABSORBED = "absorbed", _("Nhận trường sáp nhập")
        CLOSED = "closed", _("Ngừng hoạt động")

    school = models.ForeignKey(
        "sites.School", verbose_name=_("trường"), on_delete=models.CASCADE, related_name="changes"
    )
    kind = models.CharField(_("thay đổi"), max_length=20, choices=Kind.choices)
    on = models.DateField(_("từ ngày"))
    before = models.CharField(_("trước"), max_length=255, blank=True)
    after = models.CharField(_("sau"), max_length=255, blank=True)
    other_school = models.ForeignKey(
        "sites.School",
        verbose_name=_("trường liên quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("ghi chú"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("thay đổi của trường")
        verbose_name_plural = _("thay đổi của trường")
        ordering = ["school", "-on", "-recorded_at"]

    def __str__(self):
        return f"{self.school} – {self.get_kind_display()} ({self.on:%d/%m/%Y})"
