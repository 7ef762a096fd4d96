"""Provisioning: the one service that creates an office portal and school sites.

Used by the CLI, the office admin screens, the demo and tests. Every call is atomic
(all or nothing) and idempotent (running it again for the same school changes nothing).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _

from wagtail.log_actions import log
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Page,
    Site,
)

from home.models import (
    OfficeNewsIndexPage,
    OfficialDocumentIndexPage,
    PortalHomePage,
    SchoolDirectoryPage,
    SchoolHomePage,
)
from home.sections import SCHOOL_SECTIONS
from sites.levels import SchoolLevel, parse_level
from sites.models import Office, School, SchoolGroup, SchoolSettings
from sites.roles import (
    COLLECTION_PERMISSIONS,
    SCHOOL_PAGE_PERMISSIONS,
    SECTION_PAGE_PERMISSIONS,
    SETTINGS_ROLES,
    OfficeRole,
    SchoolRole,
)
from sites.text import normalise_space, vietnamese_slug

PORTAL_SLUG = "cong-thong-tin-phong"
MAX_SLUG_LENGTH = 63  # one DNS label


class ProvisioningError(ValueError):
    """Bad input for provisioning; the message is Vietnamese and safe to show."""


@dataclass
class SchoolSpec:
    name: str
    level: str
    slug: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    principal_name: str = ""
    legacy_url: str = ""
    extra: dict = field(default_factory=dict)

    def __post_init__(self):
        self.name = normalise_space(self.name)
        self.slug = (self.slug or vietnamese_slug(self.name)).strip().lower()
        level = parse_level(self.level)
        self.level = level.value if level else (self.level or "")

    def errors(self):
        """Every problem with this row, in Vietnamese (empty when it is fine)."""
        problems = []
        if not self.name:
            problems.append(_("thiếu tên trường"))
        if not parse_level(self.level):
            problems.append(
                _("cấp học “%(level)s” không hợp lệ (dùng một trong: %(choices)s)")
                % {"level": self.level, "choices": ", ".join(SchoolLevel.values)}
            )
        if self.name and not self.slug:
            problems.append(_("không tạo được mã trường từ tên"))
        elif len(self.slug) > MAX_SLUG_LENGTH:
            problems.append(_("mã trường dài quá %(n)d ký tự") % {"n": MAX_SLUG_LENGTH})
        elif self.slug == PORTAL_SLUG:
            problems.append(
                _("mã trường “%(slug)s” dành riêng cho cổng phòng") % {"slug": self.slug}
            )
        return problems


def school_port():
    return int(getattr(settings, "SCHOOL_SITE_PORT", 80))


def school_hostname(office, slug):
    return f"{slug}.{office.domain}"


def _root_url(hostname, port):
    return Site(hostname=hostname, port=port).root_url


# --- The office --------------------------------------------------------------------


@transaction.atomic
def provision_office(name, domain, *, address="", phone="", email="", port=None):
    """Create (or update) the office, its portal home page and default Site,
    and the two office-wide groups. Returns the Office."""
    name, domain = normalise_space(name), (domain or "").strip().lower()
    if not name or not domain:
        raise ProvisioningError(_("Cần có tên đơn vị và tên miền."))
    port = school_port() if port is None else port
    office = Office.objects.filter(domain=domain).first() or Office.objects.order_by("pk").first()
    if office is None:
        office = Office(domain=domain)
    office.name, office.domain = name, domain
    office.address, office.phone, office.email = (
        address or office.address,
        phone or office.phone,
        email or office.email,
    )

    root = Page.get_first_root_node()
    portal = PortalHomePage.objects.first()
    if portal is None:
        portal = root.add_child(instance=PortalHomePage(title=name, slug=PORTAL_SLUG))
        for model, title, slug in (
            (OfficeNewsIndexPage, "Tin tức – Thông báo", "tin-tuc"),
            (OfficialDocumentIndexPage, "Văn bản chỉ đạo", "van-ban"),
            (SchoolDirectoryPage, "Danh bạ trường học", "truong-hoc"),
        ):
            portal.add_child(instance=model(title=title, slug=slug))
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(is_default_site=True)
    site.hostname, site.port, site.root_page = domain, port, portal
    site.site_name = name
    site.save()
    # Wagtail's placeholder "Welcome" page is not part of any site any more.
    Page.objects.filter(depth=2, content_type=ContentType.objects.get_for_model(Page)).delete()
    office.site = site
    office.save()
    SchoolSettings.for_site(site)
    _ensure_office_groups()
    return office


def _ensure_office_groups():
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    perms = _PermissionCache()
    admin, _created = Group.objects.get_or_create(name=str(OfficeRole.ADMINISTRATOR.label))
    inspector, _created = Group.objects.get_or_create(name=str(OfficeRole.INSPECTOR.label))
    admin.permissions.add(
        perms.get("wagtailadmin", "access_admin"),
        *[perms.get("sites", f"{a}_school") for a in ("add", "change", "view")],
        perms.get("sites", "change_schoolsettings"),
        perms.get("wagtailcore", "change_site"),
    )
    inspector.permissions.add(
        perms.get("wagtailadmin", "access_admin"), perms.get("sites", "view_school")
    )
    for codename in ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"):
        GroupPagePermission.objects.get_or_create(
            group=admin, page=root_page, permission=perms.get("wagtailcore", codename)
        )
    for app, model in (("wagtailimages", "image"), ("wagtaildocs", "document")):
        for action in ("add", "change", "choose", "delete"):
            GroupCollectionPermission.objects.get_or_create(
                group=admin,
                collection=root_collection,
                permission=perms.get(app, f"{action}_{model}"),
            )
    return admin, inspector


def office_group(role):
    return Group.objects.get(name=str(OfficeRole(role).label))


# --- Schools -----------------------------------------------------------------------


class _PermissionCache:
    """Permission rows by (app, codename), fetched once per provisioning run."""

    def __init__(self):
        self._perms = None

    def get(self, app_label, codename):
        if self._perms is None:
            self._perms = {
                (p.content_type.app_label, p.codename): p
                for p in Permission.objects.select_related("content_type").filter(
                    content_type__app_label__in=[
                        "wagtailadmin",
                        "wagtailcore",
                        "wagtailimages",
                        "wagtaildocs",
                        "sites",
                        "publicity",
                    ]
                )
            }
        return self._perms[(app_label, codename)]


def check_school_clash(office, spec):
    """Raise ProvisioningError when the slug or hostname belongs to a different school.
    Returns the existing school when it is the same one (idempotent re-run)."""
    existing = School.objects.filter(slug=spec.slug).select_related("site").first()
    if existing:
        if existing.name == spec.name and existing.office_id == office.pk:
            return existing
        raise ProvisioningError(
            _("Mã trường “%(slug)s” đã được dùng cho “%(other)s”; hãy chọn mã khác cho “%(name)s”.")
            % {"slug": spec.slug, "other": existing.name, "name": spec.name}
        )
    hostname = school_hostname(office, spec.slug)
    if Site.objects.filter(hostname=hostname).exists():
        raise ProvisioningError(_("Tên miền %(host)s đã được dùng.") % {"host": hostname})
    if Page.get_first_root_node().get_children().filter(slug=spec.slug).exists():
        raise ProvisioningError(
            _("Mã trường “%(slug)s” trùng với một trang đã có.") % {"slug": spec.slug}
        )
    return None


@transaction.atomic
def provision_school(office, spec, *, port=None, user=None, _perms=None):
    """Create a school with its site, home page, four fixed sections, media collection,
    settings and role groups. Returns (school, created)."""
    problems = spec.errors()
    if problems:
        raise ProvisioningError("; ".join(problems))
    existing = check_school_clash(office, spec)
    if existing:
        return existing, False

    port = school_port() if port is None else port
    perms = _perms or _PermissionCache()
    root = Page.get_first_root_node()
    home = root.add_child(instance=SchoolHomePage(title=spec.name, slug=spec.slug))
    sections = {
        section.slug: home.add_child(instance=section.model(title=section.title, slug=section.slug))
        for section in SCHOOL_SECTIONS
    }
    hostname = school_hostname(office, spec.slug)
    site = Site.objects.create(hostname=hostname, port=port, root_page=home, site_name=spec.name)
    collection = Collection.get_first_root_node().add_child(name=spec.name)
    school = School.objects.create(
        office=office,
        name=spec.name,
        slug=spec.slug,
        level=spec.level,
        address=spec.address,
        phone=spec.phone,
        email=spec.email,
        principal_name=spec.principal_name,
        legacy_url=spec.legacy_url,
        site=site,
        home_page=home,
        collection=collection,
        base_url=_root_url(hostname, port),
    )
    SchoolSettings.objects.create(site=site)
    _create_role_groups(school, home, sections, site, collection, perms)
    if user is not None:
        log(instance=home, action="wagtail.create", user=user)
    return school, True


@transaction.atomic
def ensure_school_sections(school):
    """Add the protected sections a school made before they existed lacks (Tuyển sinh,
    Lịch công tác tuần...), with their section-only role grants. Idempotent: returns the
    slugs it created, none on a second run."""
    home = school.home_page.specific
    present = set(home.get_children().values_list("slug", flat=True))
    perms = _PermissionCache()
    created = []
    for section in SCHOOL_SECTIONS:
        if section.slug in present:
            continue
        page = home.add_child(instance=section.model(title=section.title, slug=section.slug))
        created.append(section.slug)
        for role in section.section_only_roles:
            group = school.group_for(role)
            GroupPagePermission.objects.bulk_create(
                GroupPagePermission(group=group, page=page, permission=perms.get("wagtailcore", c))
                for c in SECTION_PAGE_PERMISSIONS
            )
    return created


def _create_role_groups(school, home, sections, site, collection, perms):
    access_admin = perms.get("wagtailadmin", "access_admin")
    page_rows, collection_rows = [], []
    for role in SchoolRole:
        group = Group.objects.create(name=f"[{school.slug}] {role.label}")
        SchoolGroup.objects.create(school=school, role=role, group=group)
        group.permissions.add(access_admin)
        grants = [(home, SCHOOL_PAGE_PERMISSIONS.get(role, ()))] + [
            (sections[section.slug], SECTION_PAGE_PERMISSIONS)
            for section in SCHOOL_SECTIONS
            if role in section.section_only_roles
        ]
        page_rows += [
            GroupPagePermission(group=group, page=page, permission=perms.get("wagtailcore", c))
            for page, codenames in grants
            for c in codenames
        ]
        for app, model in (("wagtailimages", "image"), ("wagtaildocs", "document")):
            collection_rows += [
                GroupCollectionPermission(
                    group=group,
                    collection=collection,
                    permission=perms.get(app, f"{action}_{model}"),
                )
                for action in COLLECTION_PERMISSIONS[role]
            ]
        if role in SETTINGS_ROLES:
            GroupSitePermission.objects.create(
                group=group, site=site, permission=perms.get("sites", "change_schoolsettings")
            )
    GroupPagePermission.objects.bulk_create(page_rows)
    GroupCollectionPermission.objects.bulk_create(collection_rows)


def provision_schools(office, specs, *, port=None, user=None):
    """Provision many schools in one transaction; returns (created, existing) counts.
    Validates everything first: one bad spec and nothing is created."""
    errors = validate_specs(office, specs)
    if errors:
        raise ProvisioningError("\n".join(f"{n}: {msg}" for n, msg in errors))
    perms = _PermissionCache()
    created = existing = 0
    with transaction.atomic():
        for spec in specs:
            _school, was_created = provision_school(
                office, spec, port=port, user=user, _perms=perms
            )
            created += was_created
            existing += not was_created
    return created, existing


def validate_specs(office, specs, *, numbering=None):
    """[(row label, Vietnamese reason)] for every bad spec; duplicates inside the batch too."""
    numbering = numbering or list(range(1, len(specs) + 1))
    errors, seen = [], {}
    for number, spec in zip(numbering, specs, strict=True):
        problems = spec.errors()
        if not problems:
            if spec.slug in seen and seen[spec.slug][1] != spec.name:
                problems.append(
                    _("mã trường “%(slug)s” trùng với dòng %(other)s")
                    % {"slug": spec.slug, "other": seen[spec.slug][0]}
                )
            else:
                seen.setdefault(spec.slug, (number, spec.name))
                try:
                    check_school_clash(office, spec)
                except ProvisioningError as error:
                    problems.append(str(error))
        if problems:
            errors.append((number, "; ".join(problems)))
    return errors


def add_school_user(school, role, *, username, email, first_name="", last_name="", password=None):
    """Create (or reuse) a user and put them in the school's role group.
    A user belongs to one school only: tenant isolation depends on it."""
    User = get_user_model()
    role = SchoolRole(role)
    username = (username or "").strip()
    if not username:
        raise ProvisioningError(_("Cần có tên đăng nhập."))
    with transaction.atomic():
        user = User.objects.filter(username=username).first()
        lookalike = User.objects.filter(username__iexact=username).exclude(username=username)
        if user is None and lookalike.exists():
            raise ProvisioningError(
                _(
                    "Đã có tài khoản “%(other)s”; tên đăng nhập chỉ khác chữ hoa/chữ thường "
                    "sẽ bị nhầm với tài khoản đó."
                )
                % {"other": lookalike.first().username}
            )
        if user is None:
            user = User(
                username=username, email=email or "", first_name=first_name, last_name=last_name
            )
            if password:
                user.set_password(password)
            else:
                user.set_unusable_password()
            user.save()
        elif user.is_superuser:
            raise ProvisioningError(_("Không thể gán vai trò trường cho quản trị hệ thống."))
        elif user.groups.filter(name__in=[str(r.label) for r in OfficeRole]).exists():
            raise ProvisioningError(
                _(
                    "“%(user)s” là tài khoản của phòng giáo dục; mỗi tài khoản chỉ giữ một vai trò "
                    "ở một nơi."
                )
                % {"user": username}
            )
        same_school = (
            SchoolGroup.objects.filter(group__user=user, school=school).exclude(role=role).first()
        )
        if same_school:
            raise ProvisioningError(
                _(
                    "“%(user)s” đã là %(role)s của trường; mỗi tài khoản chỉ giữ một vai trò ở "
                    "một nơi."
                )
                % {"user": username, "role": same_school.get_role_display()}
            )
        other = (
            SchoolGroup.objects.filter(group__user=user)
            .exclude(school=school)
            .select_related("school")
            .first()
        )
        if other:
            raise ProvisioningError(
                _(
                    "Người dùng “%(user)s” đã thuộc trường “%(school)s”; mỗi tài khoản chỉ thuộc một trường."
                )
                % {"user": username, "school": other.school.name}
            )
        user.groups.add(school.group_for(role))
    return user
