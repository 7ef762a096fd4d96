import re

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Replace
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Collection, Page, Site

from .blocks import QuickLinkBlock
from .levels import SchoolLevel, stages_for_level
from .links import domain_of, is_internal, squashed, urls_in_text
from .roles import OfficeRole, SchoolRole
from .text import fold, search_words


class OfficeQuerySet(models.QuerySet):
    def subtree_ids(self, office_ids):
        """Ids of these offices and every office below them. One query over the (small)
        office table; the tree is walked in Python (a province has ≤ a few hundred)."""
        return subtree_ids(office_ids)

    def sole(self):
        """The install's only office, or None when there are none or several."""
        offices = list(self.select_related("site")[:2])
        return offices[0] if len(offices) == 1 else None


def office_tree():
    """{office id: parent id} for every office (callers memoise it per request)."""
    return dict(Office.objects.values_list("id", "parent_id"))


def ancestor_chain(office_id, tree):
    """[office_id, its parent, …, the top office]: nearest first."""
    chain = []
    while office_id is not None and office_id in tree and office_id not in chain:
        chain.append(office_id)
        office_id = tree[office_id]
    return chain


def subtree_ids(office_ids, tree=None):
    tree = office_tree() if tree is None else tree
    children = {}
    for office_id, parent_id in tree.items():
        children.setdefault(parent_id, []).append(office_id)
    found, todo = set(), [i for i in office_ids if i in tree]
    while todo:
        office_id = todo.pop()
        if office_id in found:
            continue
        found.add(office_id)
        todo.extend(children.get(office_id, ()))
    return found


class OfficeKind(models.TextChoices):
    """What an office is, for the words the pages use about it ("của Sở", "của phường")."""

    SO = "so", _("Sở Giáo dục và Đào tạo")
    PHONG = "phong", _("Phòng Giáo dục và Đào tạo")
    PHUONG = "phuong", _("phường")
    XA = "xa", _("xã")
    DAC_KHU = "dac_khu", _("đặc khu")


# How a page says "of this office": "Tin tức của Sở", "toàn phường", "của phòng" (only a
# phòng GDĐT is a "phòng").
KIND_WORDS = {
    OfficeKind.SO: _("Sở"),
    OfficeKind.PHONG: _("phòng"),
    OfficeKind.PHUONG: _("phường"),
    OfficeKind.XA: _("xã"),
    OfficeKind.DAC_KHU: _("đặc khu"),
}


def infer_office_kind(name, parent_id=None):
    """The kind an office's official name states ("Sở Giáo dục…", "Phòng GDĐT…", "UBND
    phường…", "Ủy ban nhân dân xã…"); a top office without such words is a Sở."""
    words = f" {fold(name)} ".replace(".", " ")
    for marker, kind in (
        (" so giao duc", OfficeKind.SO),
        (" so gd", OfficeKind.SO),
        (" phong giao duc", OfficeKind.PHONG),
        (" phong gd", OfficeKind.PHONG),
        (" dac khu ", OfficeKind.DAC_KHU),
        (" phuong ", OfficeKind.PHUONG),
        (" xa ", OfficeKind.XA),
        (" thi tran ", OfficeKind.XA),
    ):
        if marker in words:
            return kind
    return OfficeKind.SO if parent_id is None else OfficeKind.XA


class Office(models.Model):
    """An education office: the province's Sở GDĐT at the top, communes/wards (or district
    offices) below it. Each office has its own portal Site on its own domain; its schools
    live at <slug>.<domain> unless they use a verified own domain."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(_("tên đơn vị"), max_length=255)
    domain = models.CharField(
        _("tên miền cổng thông tin"),
        max_length=255,
        unique=True,
        help_text=_("Ví dụ: pgddthoian.edu.vn. Mỗi trường có địa chỉ <mã trường>.<tên miền>."),
    )
    kind = models.CharField(
        _("loại đơn vị"),
        max_length=10,
        choices=OfficeKind.choices,
        blank=True,
        help_text=_("Để trống: suy ra từ tên (Sở…, Phòng GDĐT…, UBND phường/xã…)."),
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
    # The office's own images and documents (its portal's), under the same policy as a
    # school's collection: its staff and the offices above it reach them, nobody else.
    collection = models.OneToOneField(
        Collection,
        verbose_name=_("thư mục tư liệu"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="office",
    )

    objects = OfficeQuerySet.as_manager()

    class Meta:
        verbose_name = _("phòng giáo dục")
        verbose_name_plural = _("phòng giáo dục")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.kind:
            self.kind = infer_office_kind(self.name, self.parent_id)
        super().save(*args, **kwargs)

    @property
    def kind_word(self):
        """ "Sở", "phòng", "phường", "xã": what pages call this office in "của …"."""
        return KIND_WORDS.get(self.kind) or KIND_WORDS[infer_office_kind(self.name, self.parent_id)]

    @property
    def portal_url(self):
        return self.site.root_url if self.site_id else f"https://{self.domain}"

    def ancestor_ids(self, tree=None):
        """This office and every office above it, nearest first."""
        tree = office_tree() if tree is None else tree
        found, current = [], self.pk
        while current is not None and current not in found:
            found.append(current)
            current = tree.get(current)
        return found

    def descendant_ids(self, tree=None):
        """This office and every office below it."""
        return subtree_ids([self.pk], tree)

    def schools_below(self):
        """Active schools of this office and of every office below it (today)."""
        return School.objects.active().filter(office_id__in=self.descendant_ids())

    @classmethod
    def for_site(cls, site):
        """The office whose portal is `site`, or the office of the school `site` serves."""
        if site is None:
            return None
        office = cls.objects.select_related("site").filter(site_id=site.pk).first()
        if office is None:
            office = cls.objects.select_related("site").filter(schools__site_id=site.pk).first()
        return office


class OfficeMembership(models.Model):
    """A user's role in one office. It reaches that office's schools and every office
    below it (sites.permissions); a user is staff of one office at most."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="office_membership",
    )
    office = models.ForeignKey(
        Office, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=OfficeRole.choices)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("cán bộ đơn vị")
        verbose_name_plural = _("cán bộ đơn vị")

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.office}"


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

    def by_home_path(self, pages):
        """{home page path: school} for the schools of these pages (one query); look a
        page's school up with `page.path[: Page.steplen * 2]`."""
        home_paths = {page.path[: Page.steplen * 2] for page in pages}
        return {
            school.home_page_path: school
            for school in self.filter(home_page__path__in=home_paths).annotate(
                home_page_path=models.F("home_page__path")
            )
        }

    def search(self, text):
        """Name search blind to marks, case and spacing: "kim dong", "Kim Đồng" and
        "kimdong" all find "THCS Kim Đồng"; a former name finds the school too (a school
        renamed, or merged into another, is still found by the name parents know)."""
        words = search_words(fold(text))  # never query syntax nor a NUL byte
        if not words:
            return self
        squashed = "".join(words)
        every_word = models.Q()
        every_word_former = models.Q()
        for word in words:
            every_word &= models.Q(name_folded__contains=word)
            every_word_former &= models.Q(former_names_folded__contains=word)
        space, nothing = models.Value(" "), models.Value("")
        return self.alias(
            name_squashed=Replace("name_folded", space, nothing),
            former_squashed=Replace(
                "former_names_folded", space, nothing, output_field=models.TextField()
            ),
        ).filter(
            every_word
            | every_word_former
            | models.Q(name_squashed__contains=squashed)
            | models.Q(former_squashed__contains=squashed)
        )


class School(models.Model):
    office = models.ForeignKey(
        Office, verbose_name=_("phòng giáo dục"), on_delete=models.PROTECT, related_name="schools"
    )
    name = models.CharField(_("tên trường"), max_length=255)
    name_folded = models.CharField(max_length=255, editable=False, db_index=True)
    # Names the school had before (renamed, or the schools merged into it), one a line:
    # the portal's search and school finder still find it by them.
    former_names = models.TextField(_("tên cũ"), blank=True, editable=False)
    former_names_folded = models.TextField(blank=True, editable=False, default="")
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
    # Closed (or merged into another school) from this day: the site stays as a read-only
    # archive with a banner; its Công khai stays public for its 5 years.
    closed_on = models.DateField(
        _("ngừng hoạt động từ ngày"), null=True, blank=True, editable=False
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("sáp nhập vào trường"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="merged_schools",
    )
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
        self.former_names_folded = "\n".join(fold(n) for n in self.former_names.splitlines())
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                *(("name_folded",) if "name" in kwargs["update_fields"] else ()),
                *(("former_names_folded",) if "former_names" in kwargs["update_fields"] else ()),
            }
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.base_url + "/"

    @property
    def stages(self):
        return stages_for_level(self.level)

    @property
    def is_closed(self):
        """Closed or merged: its pages are an archive nobody but a superuser changes."""
        return self.closed_on is not None

    @cached_property
    def hostname(self):
        return self.site.hostname

    def group_for(self, role):
        return self.role_groups.get(role=role).group


class SchoolOfficeMembershipQuerySet(models.QuerySet):
    def on(self, date):
        """Memberships in force on `date` (start inclusive, end exclusive; no start means
        "since the school was first registered")."""
        return self.filter(
            models.Q(start__isnull=True) | models.Q(start__lte=date),
            models.Q(end__isnull=True) | models.Q(end__gt=date),
        )


class SchoolOfficeMembership(models.Model):
    """Which office a school belonged to, and when: past reports list each school under
    the office it belonged to then (School.office is the current one)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="office_memberships")
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="school_memberships")
    start = models.DateField(_("từ ngày"), null=True, blank=True)
    end = models.DateField(_("đến ngày (không tính)"), null=True, blank=True)

    objects = SchoolOfficeMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("trường thuộc đơn vị")
        verbose_name_plural = _("trường thuộc đơn vị")
        constraints = [
            models.UniqueConstraint(
                fields=["school"],
                condition=models.Q(end__isnull=True),
                name="one_current_office_per_school",
            )
        ]
        indexes = [models.Index(fields=["office", "start", "end"])]

    def __str__(self):
        return f"{self.school} – {self.office} ({self.start or '…'} – {self.end or '…'})"


def schools_of_office_on(office, date, *, include_below=True):
    """Schools that belonged to `office` (and, by default, the offices below it) on `date`.
    The one answer for reports of a past period; the current answer is School.office."""
    office_ids = office.descendant_ids() if include_below else [office.pk]
    return School.objects.filter(
        pk__in=SchoolOfficeMembership.objects.on(date)
        .filter(office_id__in=office_ids)
        .values("school_id")
    )


class SchoolHostname(models.Model):
    """Another hostname of a school that answers 301 to the school's main hostname
    (Site.hostname): an alias the office set, the old address after a move or a change
    of code, or the address of a school merged into this one."""

    class Reason(models.TextChoices):
        ALIAS = "alias", _("tên miền phụ")
        MOVED = "moved", _("địa chỉ cũ trước khi chuyển đơn vị")
        RENAMED = "renamed", _("địa chỉ cũ trước khi đổi mã trường")
        MERGED = "merged", _("địa chỉ của trường đã sáp nhập")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="hostnames")
    hostname = models.CharField(_("tên miền"), max_length=255, unique=True)
    reason = models.CharField(_("lý do"), max_length=10, choices=Reason.choices)
    # {old path: new path} for pages of a merged school that moved to another address
    # (theirs was taken at the surviving school); any other path keeps its path.
    paths = models.JSONField(_("đường dẫn đã đổi"), default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("tên miền phụ của trường")
        verbose_name_plural = _("tên miền phụ của trường")

    def __str__(self):
        return self.hostname


class HostnameProof(models.Model):
    """Proof that an office controls a hostname outside its own domains: a DNS TXT record
    or a file on the host carrying `token`. Kept as evidence (what was seen, and when)."""

    class Method(models.TextChoices):
        DNS = "dns", _("bản ghi DNS TXT")
        FILE = "file", _("tệp xác minh trên máy chủ")

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="hostname_proofs")
    hostname = models.CharField(_("tên miền"), max_length=255)
    token = models.CharField(_("mã xác minh"), max_length=64)
    method = models.CharField(_("cách xác minh"), max_length=10, choices=Method.choices)
    evidence = models.TextField(_("bằng chứng"), blank=True)
    verified_at = models.DateTimeField(_("xác minh lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("xác minh tên miền")
        verbose_name_plural = _("xác minh tên miền")
        constraints = [
            models.UniqueConstraint(fields=["office", "hostname"], name="one_proof_per_host")
        ]

    def __str__(self):
        return self.hostname


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

    # A school's identity may only use images from the school's own collection: the form
    # (sites.forms.SchoolSettingsForm) is attached in SitesConfig.ready(), since it reads
    # the reach predicates, which read these models.

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
    # When the settings last changed by any road: the link crawl re-renders such schools.
    updated_at = models.DateTimeField(auto_now=True, null=True, editable=False)

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

    def public_links(self):
        """[(url, where)] of every link these settings put on public pages: quick links
        (their address, and any domain written in their title) and the motto."""
        found = []
        for block in self.quick_links:
            value = block.value
            found.append((value.get("url") or "", _("liên kết nhanh “%s”") % value.get("title")))
            found += [
                (url, _("tiêu đề liên kết nhanh")) for url in urls_in_text(value.get("title"))
            ]
        found += [(url, _("khẩu hiệu")) for url in urls_in_text(self.motto)]
        return [(url, where) for url, where in found if domain_of(url)]

    def public_domains(self):
        return sorted({domain_of(url) for url, _where in self.public_links()})

    def owning_office(self):
        school = School.objects.filter(site_id=self.site_id).select_related("office").first()
        return school.office if school else Office.objects.filter(site_id=self.site_id).first()

    def clean(self):
        super().clean()
        urls = [url for url, _where in self.public_links()]
        if not urls:
            return
        blocked = BlockedDomainPattern.objects.first_blocked(urls, office=self.owning_office())
        if blocked:
            raise ValidationError(blocked_link_message(*blocked))

    def save(self, *args, **kwargs):
        # Every road that saves settings (the admin, a shell, a script) meets the block list.
        self.clean()
        super().save(*args, **kwargs)


SETTINGS_LINKS_LOG_ACTION = "truongso.settings.links"


def own_domains():
    """Hostnames that are ours: every office's domain (schools are its subdomains) and
    every Site's hostname. Links to these are internal."""
    domains = set(Office.objects.values_list("domain", flat=True))
    domains |= set(Site.objects.values_list("hostname", flat=True))
    return {d.lower() for d in domains if d}


def external_domain(url, internal):
    domain = domain_of(url)
    return domain if domain and not is_internal(domain, internal) else ""


# --- The office's block list ----------------------------------------------------------


def blocked_link_message(url, pattern):
    """Names the link and the kind of site, in the editor's words; never the pattern (a
    regular expression means nothing to a school editor)."""
    return _(
        "Không thể lưu hoặc xuất bản: liên kết “%(url)s” trỏ tới %(kind)s, thuộc danh sách "
        "tên miền bị chặn trên trang trường. Hãy xoá liên kết này."
    ) % {"url": url, "kind": pattern.get_site_kind_display()}


class BlockedDomainPatternQuerySet(models.QuerySet):
    def for_office(self, office):
        """Patterns that apply to `office`'s schools: its own and the shared defaults."""
        rows = self.filter(is_active=True)
        if office is None:
            return rows.filter(office__isnull=True)
        return rows.filter(models.Q(office__isnull=True) | models.Q(office=office))

    def first_blocked(self, urls, office=None):
        """(url, pattern) for the first URL whose domain is blocked, or None."""
        urls = [u for u in urls if u]
        if not urls:
            return None
        patterns = list(self.for_office(office))
        for url in urls:
            domain = domain_of(url)
            if not domain:
                continue
            for pattern in patterns:
                if pattern.matches(domain):
                    return url, pattern
        return None


class BlockedDomainPattern(models.Model):
    """A domain pattern no school page or setting may link to (gambling, ad farms).
    Seeded by migration 0006 with common Vietnamese gambling brands; the office
    administrator edits the list in the admin (Cài đặt → Tên miền bị chặn)."""

    class Kind(models.TextChoices):
        CONTAINS = "contains", _("tên miền chứa chuỗi")
        REGEX = "regex", _("biểu thức chính quy")

    office = models.ForeignKey(
        Office,
        verbose_name=_("phòng giáo dục"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="blocked_domain_patterns",
        help_text=_("Để trống: áp dụng cho mọi phòng giáo dục trên hệ thống."),
    )
    pattern = models.CharField(
        _("mẫu"),
        max_length=200,
        help_text=_(
            "Chuỗi: so với tên miền đã bỏ dấu chấm và gạch nối (“taixiu” chặn tai-xiu.com). "
            "Biểu thức chính quy: so với tên miền, ví dụ (^|\\.)bet$."
        ),
    )
    kind = models.CharField(
        _("kiểu mẫu"), max_length=10, choices=Kind.choices, default=Kind.CONTAINS
    )

    class SiteKind(models.TextChoices):
        # Shown to the editor in the refusal: "liên kết … trỏ tới <label>".
        GAMBLING = "co-bac", _("trang cờ bạc, cá độ")
        LOTTERY = "lo-de", _("trang cờ bạc/lô đề, xổ số")
        ADULT = "nguoi-lon", _("trang nội dung người lớn")
        ADS = "quang-cao", _("trang quảng cáo trả tiền theo lượt")
        OTHER = "khac", _("trang không được phép liên kết")

    site_kind = models.CharField(
        _("loại trang"),
        max_length=12,
        choices=SiteKind.choices,
        default=SiteKind.GAMBLING,
        help_text=_("Nêu trong thông báo cho người soạn khi liên kết bị từ chối."),
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)
    created_at = models.DateTimeField(_("ngày thêm"), auto_now_add=True)

    objects = BlockedDomainPatternQuerySet.as_manager()

    class Meta:
        verbose_name = _("tên miền bị chặn")
        verbose_name_plural = _("tên miền bị chặn")
        ordering = ["pattern"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "pattern", "kind"], name="unique_block_pattern"
            )
        ]

    def __str__(self):
        return self.pattern

    def clean(self):
        self.pattern = (self.pattern or "").strip().lower()
        if self.kind == self.Kind.REGEX:
            try:
                re.compile(self.pattern)
            except re.error as error:
                raise ValidationError(
                    {"pattern": _("Biểu thức chính quy không hợp lệ: %s") % error}
                ) from None
        elif not re.fullmatch(r"[a-z0-9.\-]+", self.pattern):
            raise ValidationError(
                {"pattern": _("Chuỗi chỉ gồm chữ không dấu, chữ số, dấu chấm và gạch nối.")}
            )

    @cached_property
    def _regex(self):
        return re.compile(self.pattern, re.IGNORECASE)

    def matches(self, domain):
        if self.kind == self.Kind.REGEX:
            return bool(self._regex.search(domain))
        needle = squashed(self.pattern)
        return bool(needle) and (needle in squashed(domain))


def school_site_port():
    return getattr(settings, "SCHOOL_SITE_PORT", 80)


# The dated history of a school's name, level, office, merges and closing.
from .school_history import SchoolChange  # noqa: E402, F401
