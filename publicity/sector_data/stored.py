"""What an import keeps: counts, the file's name, when and by whom. Re-exported by
publicity/models.py."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .columns import PUPILS, STAFF


class SectorDataKind(models.TextChoices):
    PUPILS = PUPILS, _("Danh sách học sinh / trẻ")
    STAFF = STAFF, _("Danh sách cán bộ, giáo viên, nhân viên")


class SectorDataImportQuerySet(models.QuerySet):
    def latest_per_kind(self, school, school_year):
        """{kind: the newest import} of a school for a school year."""
        newest = {}
        for record in self.filter(school=school, school_year=school_year).order_by("imported_at"):
            newest[record.kind] = record
        return newest


class SectorDataImport(models.Model):
    """One list read from a sector database export: the counts only (never a name, a
    birth date, an ID number or a parent's detail) and the draft versions made from them."""

    school = models.ForeignKey(
        "sites.School",
        verbose_name=_("trường"),
        on_delete=models.CASCADE,
        related_name="sector_data_imports",
    )
    school_year = models.CharField(_("năm học"), max_length=9, db_index=True)
    kind = models.CharField(_("loại danh sách"), max_length=10, choices=SectorDataKind.choices)
    counts = models.JSONField(_("số liệu tổng hợp"), default=dict)
    rows = models.PositiveIntegerField(_("số dòng đã đọc"), default=0)
    skipped_rows = models.JSONField(_("dòng bị bỏ qua"), default=list, blank=True)
    file_name = models.CharField(_("tên tệp"), max_length=120)
    imported_at = models.DateTimeField(_("ngày nhập"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    versions = models.JSONField(_("phiên bản nháp"), default=dict, blank=True)

    objects = SectorDataImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("số liệu từ CSDL ngành")
        verbose_name_plural = _("số liệu từ CSDL ngành")
        ordering = ["-imported_at", "-pk"]
        indexes = [models.Index(fields=["school", "school_year", "kind"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.school_year} ({self.file_name})"
