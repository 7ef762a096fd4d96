from django.conf import settings
from django.contrib.auth.models import Group
from django.core.validators import RegexValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Collection, Page, Site

from .blocks import QuickLinkBlock
from .forms import SchoolSettingsForm
from .levels import SchoolLevel, stages_for_level
from .roles import SchoolRole
from .text import fold


class Office(models.Model):
    """The education office (Phòng/Sở GDĐT or a commune's people's committee).
    Its portal is the default Wagtail Site; every school sits under its domain."""

    name = models.CharField(_("tên đơn vị"), max_length=255)
    domain = models.CharField(
        _("tên miền cổng thông tin"),
        max_length=255,
        unique=True,
        help_text=_("Ví dụ: pgddthoian.edu.vn. Mỗi trường có địa chỉ <mã trường>.<tên miền>."),
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    site = models.OneToOneField(
        Site,
        verbose_name=_("trang cổng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="office",
    )

    class Meta:
        verbose_name = _("phòng giáo dục")
        verbose_name_plural = _("phòng giáo dục")

    def __str__(self):
        return self.name

    @property
    def portal_url(self):
        return self.site.root_url if self.site_id else f"https://{self.domain}"

    @classmethod
    def current(cls):
        """The office this install serves (one per install; the first one)."""
        return cls.objects.select_related("site").order_by("pk").first()


class SchoolQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def owning(self, tree_path):
        """The school whose subtree holds the page at this treebeard path, or None
        (the portal, the tree root). School homes are the depth-2 pages."""
        home_path = (tree_path or "")[: Page.steplen * 2]
        if len(home_path) < Page.steplen * 2:
            return None
        return self.filter(home_page__path=home_path).first()

    def search(self, text):
        """Diacritic-blind name search: "kim dong" finds "THCS Kim Đồng"."""
        words = fold(text).split()
        qs = self
        for word in words:
            qs = qs.filter(name_folded__contains=word)
        return qs


class School(models.Model):
    office = models.ForeignKey(
        Office, verbose_name=_("phòng giáo dục"), on_delete=models.PROTECT, related_name="schools"
    )
    name = models.CharField(_("tên trường"), max_length=255)
    name_folded = models.CharField(max_length=255, editable=False, db_index=True)
    slug = models.SlugField(
        _("mã trường"),
        max_length=63,
        unique=True,
        help_text=_("Dùng làm tên miền con: <mã trường>.<tên miền phòng>."),
    )
    level = models.CharField(_("cấp học"), max_length=12, choices=SchoolLevel.choices)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    principal_name = models.CharField(_("hiệu trưởng"), max_length=255, blank=True)
    legacy_url = models.URLField(_("địa chỉ trang web cũ"), max_length=500, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    site = models.OneToOneField(
        Site, verbose_name=_("trang web"), on_delete=models.PROTECT, related_name="school"
    )
    home_page = models.OneToOneField(
        Page, verbose_name=_("trang chủ"), on_delete=models.PROTECT, related_name="school"
    )
    collection = models.OneToOneField(
        Collection,
        verbose_name=_("thư mục tư liệu"),
        on_delete=models.PROTECT,
        related_name="school",
    )
    # Kept on the row so school links render without scanning every site's root path.
    base_url = models.CharField(_("địa chỉ trang web"), max_length=255, editable=False)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)

    objects = SchoolQuerySet.as_manager()

    class Meta:
        verbose_name = _("trường học")
        verbose_name_plural = _("trường học")
        ordering = ["name"]
        indexes = [models.Index(fields=["level", "is_active"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.base_url + "/"

    @property
    def stages(self):
        return stages_for_level(self.level)

    @cached_property
    def hostname(self):
        return self.site.hostname

    def group_for(self, role):
        return self.role_groups.get(role=role).group


class SchoolGroup(models.Model):
    """The auth group that holds one role in one school."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="role_groups")
    role = models.CharField(_("vai trò"), max_length=20, choices=SchoolRole.choices)
    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="school_role")

    class Meta:
        verbose_name = _("nhóm của trường")
        verbose_name_plural = _("nhóm của trường")
        constraints = [
            models.UniqueConstraint(fields=["school", "role"], name="one_group_per_school_role")
        ]

    def __str__(self):
        return f"{self.school} – {self.get_role_display()}"


@register_setting(icon="site")
class SchoolSettings(BaseSiteSetting):
    """Per-site identity: each school (and the portal) chooses its look and quick links."""

    # A school's identity may only use images from the school's own collection.
    base_form_class = SchoolSettingsForm

    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("biểu trưng (logo)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    banner_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh băng rôn"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    primary_colour = models.CharField(
        _("màu chủ đạo"),
        max_length=7,
        default="#0b5394",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Mã màu phải có dạng #RRGGBB."))],
        help_text=_("Mã màu dạng #RRGGBB; nên chọn màu đậm để chữ trắng dễ đọc."),
    )
    motto = models.CharField(_("khẩu hiệu"), max_length=255, blank=True)
    quick_links = StreamField(
        [("link", QuickLinkBlock())],
        verbose_name=_("liên kết nhanh"),
        blank=True,
        use_json_field=True,
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("logo"),
                FieldPanel("banner_image"),
                FieldPanel("primary_colour"),
                FieldPanel("motto"),
            ],
            heading=_("Nhận diện"),
        ),
        FieldPanel("quick_links"),
    ]

    class Meta:
        verbose_name = _("cài đặt trang web trường")
        verbose_name_plural = _("cài đặt trang web trường")


def school_site_port():
    return getattr(settings, "SCHOOL_SITE_PORT", 80)
