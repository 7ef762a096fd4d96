"""What the link crawl records (`crawl_links`, home/link_report.py): the external domains
live public pages render, and each run. Re-exported by home/models.py."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page


class LinkDomainSighting(models.Model):
    """An external domain a live public page renders, as found by the `crawl_links`
    command (home/link_report.py). One row per page and domain; `first_seen` is when the
    crawl first saw it there, `added_by` who last edited the page (or the school's
    settings, for links the settings put on it) at that time."""

    domain = models.CharField(_("tên miền"), max_length=253, db_index=True)
    page = models.ForeignKey(
        Page, verbose_name=_("trang"), on_delete=models.CASCADE, related_name="+"
    )
    school = models.ForeignKey(
        "sites.School",
        verbose_name=_("trường"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    example_url = models.CharField(_("liên kết"), max_length=2000)
    hidden = models.CharField(_("bị ẩn"), max_length=255, blank=True)
    from_settings = models.BooleanField(_("từ cài đặt trang web"), default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người sửa gần nhất"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    first_seen = models.DateTimeField(_("thấy lần đầu"), db_index=True)
    last_seen = models.DateTimeField(_("thấy lần cuối"))

    class Meta:
        verbose_name = _("tên miền liên kết")
        verbose_name_plural = _("tên miền liên kết")
        constraints = [
            models.UniqueConstraint(fields=["page", "domain"], name="one_sighting_per_page_domain")
        ]
        indexes = [models.Index(fields=["school", "domain"])]

    def __str__(self):
        return self.domain


class LinkCrawl(models.Model):
    """One run of `crawl_links`: the next run renders only what changed since `started_at`."""

    started_at = models.DateTimeField(_("bắt đầu"))
    finished_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    full = models.BooleanField(_("quét toàn bộ"), default=False)
    pages_rendered = models.PositiveIntegerField(_("số trang đã tải"), default=0)
    new_sightings = models.PositiveIntegerField(_("tên miền mới"), default=0)
    errors = models.TextField(_("lỗi"), blank=True)

    class Meta:
        verbose_name = _("lượt quét liên kết")
        verbose_name_plural = _("lượt quét liên kết")
        get_latest_by = "started_at"

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M}"
