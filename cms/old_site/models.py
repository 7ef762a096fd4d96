"""What the import of an old website keeps in the database.

- `OldSiteImport`: one run for one school (crawl or WordPress export), its status,
  progress counts and stage; a run for "all my schools" shares a `batch`.
- `CrawlUrl`: the run's crawl frontier, so an interrupted run resumes where it stopped.
- `ImportedItem`: an old article and the page it became, keyed by its old URL (per
  school): a second run updates or leaves it, never duplicates it.
- `OldAddress`: every old address of an item (its URL, `?p=123`, `index.php?…`) or of a
  listing or file, and the Wagtail redirect made for it.
- `ImportedFile`: an image or document downloaded from the old site (by URL and by the
  SHA-256 of its bytes, so the same photo under two names is stored once), or why it
  was refused.
- `ImportEvent`: the lines of a run's report.
- `OldCategoryRule`: where an old category's articles go (the office can adjust it).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from home.models import NewsCategory
from sites.text import fold

INTRODUCTION = "gioi-thieu"
PROFESSIONAL = "chuyen-mon"
SKIP = "bo-qua"
NEWS_PREFIX = "tin-tuc:"


def target_choices():
    return [
        *(
            (NEWS_PREFIX + value, _("Tin tức – %(c)s") % {"c": label})
            for value, label in NewsCategory.choices
        ),
        (INTRODUCTION, _("Giới thiệu")),
        (PROFESSIONAL, _("Thông tin chuyên môn")),
        (SKIP, _("Không nhập")),
    ]


DEFAULT_TARGET = NEWS_PREFIX + NewsCategory.SCHOOL_LIFE


class OldCategoryRuleQuerySet(models.QuerySet):
    def for_office(self, office):
        """The office's own rules first, then the shared ones (office left blank)."""
        rows = self.filter(models.Q(office=office) | models.Q(office__isnull=True))
        return rows.order_by(models.F("office").asc(nulls_last=True), "order", "pk")


class OldCategoryRule(models.Model):
    """Articles whose old category contains `words` (accents and case ignored) go to
    `target`. The office's rules win over the shared ones; the first match counts."""

    office = models.ForeignKey(
        "sites.Office",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Để trống: áp dụng cho mọi đơn vị."),
    )
    words = models.CharField(
        _("chuyên mục cũ chứa"),
        max_length=200,
        help_text=_("Ví dụ: “giới thiệu”, “tổ chuyên môn”. Không phân biệt dấu, hoa thường."),
    )
    target = models.CharField(_("nhập vào"), max_length=40, choices=target_choices)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=100)

    objects = OldCategoryRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("quy tắc chuyên mục trang web cũ")
        verbose_name_plural = _("quy tắc chuyên mục trang web cũ")

    def __str__(self):
        return f"{self.words} → {self.get_target_display()}"

    def matches(self, category):
        words = fold(self.words).strip()
        return bool(words) and words in fold(category)


def target_for(category, rules):
    """Where an article of old category `category` goes, by the first matching rule."""
    for rule in rules:
        if rule.matches(category or ""):
            return rule.target
    return DEFAULT_TARGET


class OldSiteImport(models.Model):
    class Status(models.TextChoices):
        QUEUED = "cho", _("Đang chờ")
        RUNNING = "dang-chay", _("Đang chạy")
        DONE = "xong", _("Đã xong")
        FAILED = "loi", _("Bị lỗi")
        INTERRUPTED = "dung", _("Bị gián đoạn")

    class Stage(models.TextChoices):
        WAITING = "", _("Chưa bắt đầu")
        DISCOVERING = "tim", _("Tìm bài viết (sơ đồ trang, RSS, chuyên mục)")
        IMPORTING = "nhap", _("Nhập bài, ảnh và tệp")
        LINKING = "lien-ket", _("Nối liên kết giữa các bài")
        FINISHED = "xong", _("Hoàn tất")

    school = models.ForeignKey(
        "sites.School",
        verbose_name=_("trường"),
        on_delete=models.CASCADE,
        related_name="old_site_imports",
    )
    source_url = models.URLField(_("địa chỉ trang web cũ"), max_length=500)
    wxr_file = models.CharField(_("tệp xuất WordPress"), max_length=500, blank=True)
    since = models.DateField(_("chỉ bài từ ngày"), null=True, blank=True)
    dry_run = models.BooleanField(_("chạy thử"), default=False)
    max_pages = models.PositiveIntegerField(_("số trang tối đa"), default=5000)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    stage = models.CharField(_("bước"), max_length=12, choices=Stage.choices, blank=True)
    discovered = models.BooleanField(default=False, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người chạy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    batch = models.UUIDField(null=True, blank=True, db_index=True, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)
    counts = models.JSONField(_("số liệu"), default=dict, blank=True)
    error = models.TextField(_("lỗi"), blank=True)

    class Meta:
        verbose_name = _("lượt nhập trang web cũ")
        verbose_name_plural = _("lượt nhập trang web cũ")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.school} – {self.source_url or self.wxr_file}"

    @property
    def is_active(self):
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    def progress(self):
        """(done, total) of the pages to read (crawl) or items to import (export)."""
        return self.counts.get("done", 0), self.counts.get("total", 0)

    def percent(self):
        done, total = self.progress()
        if self.status == self.Status.DONE:
            return 100
        return int(100 * done / total) if total else 0


class CrawlUrl(models.Model):
    class State(models.TextChoices):
        PENDING = "cho", _("Chờ tải")
        DONE = "xong", _("Đã đọc")
        FAILED = "loi", _("Lỗi")
        SKIPPED = "bo-qua", _("Bỏ qua")

    run = models.ForeignKey(OldSiteImport, on_delete=models.CASCADE, related_name="urls")
    key = models.CharField(max_length=40)
    url = models.CharField(max_length=2000)
    depth = models.PositiveSmallIntegerField(default=0)
    hint_date = models.DateField(null=True, blank=True)
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    kind = models.CharField(max_length=10, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "key"], name="one_crawl_url_per_run")]
        indexes = [models.Index(fields=["run", "state", "id"], name="crawl_url_pending")]

    def __str__(self):
        return self.url


class ImportedItem(models.Model):
    school = models.ForeignKey("sites.School", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=40)
    old_url = models.CharField(_("địa chỉ cũ"), max_length=2000)
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The revision this import wrote last: a later one means an editor changed the page.
    revision_id = models.PositiveIntegerField(null=True, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    old_date = models.DateField(null=True, blank=True)
    links = models.JSONField(default=list, blank=True)  # keys of old pages it links to
    run = models.ForeignKey(
        OldSiteImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["school", "key"], name="one_item_per_old_url")
        ]

    def __str__(self):
        return self.old_url


class OldAddress(models.Model):
    school = models.ForeignKey("sites.School", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=40)
    old_url = models.CharField(_("địa chỉ cũ"), max_length=2000)
    item = models.ForeignKey(
        ImportedItem, null=True, blank=True, on_delete=models.CASCADE, related_name="addresses"
    )
    redirect = models.ForeignKey(
        "wagtailredirects.Redirect",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    run = models.ForeignKey(
        OldSiteImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["school", "key"], name="one_old_address_per_school")
        ]

    def __str__(self):
        return self.old_url


class ImportedFile(models.Model):
    school = models.ForeignKey("sites.School", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=40)
    old_url = models.CharField(max_length=2000)
    sha256 = models.CharField(max_length=64, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    problem = models.CharField(max_length=500, blank=True)  # why it was not stored

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["school", "key"], name="one_file_per_old_url")
        ]
        indexes = [models.Index(fields=["school", "sha256"], name="imported_file_content")]

    def __str__(self):
        return self.old_url


class ImportEvent(models.Model):
    class Kind(models.TextChoices):
        CREATED = "tao", _("Trang mới")
        UPDATED = "cap-nhat", _("Cập nhật")
        LEFT_ALONE = "giu-nguyen", _("Giữ nguyên (biên tập viên đã sửa)")
        PRIVACY_DRAFT = "nhap-rieng-tu", _("Để bản nháp: có thông tin cá nhân")
        BLOCKED_DRAFT = "nhap-lien-ket", _("Để bản nháp: còn liên kết bị chặn")
        LINK_REMOVED = "bo-lien-ket", _("Bỏ liên kết ẩn hoặc bị chặn")
        FILE_REFUSED = "tu-choi-tep", _("Không nhận tệp/ảnh")
        FAILED = "loi", _("Không đọc được")
        SKIPPED = "bo-qua", _("Bỏ qua")
        REDIRECT_PROBLEM = "chuyen-huong", _("Không tạo được chuyển hướng")

    run = models.ForeignKey(OldSiteImport, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    old_url = models.CharField(max_length=2000, blank=True)
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.old_url}"
