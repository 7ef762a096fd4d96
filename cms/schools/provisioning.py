"""Provisioning: the one service that creates an office portal and school sites.

Used by the CLI, the office admin screens, the demo and tests. Every call is atomic
(all or nothing) and idempotent (running it again for the same school changes nothing).
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Locale,
    Page,
    PageLogEntry,
    Site,
)

from home.models import (
    PortalHomePage,
    SchoolHomePage,
)
from home.sections import PORTAL_SECTIONS, SCHOOL_SECTIONS
from sites import cache as page_cache
from sites import routing
from sites.bulk_tree import Tree, bulk_add_pages, page_row
from sites.domains import normalise_hostname, valid_hostname
from sites.invitations import send_invitation
from sites.levels import SchoolLevel, parse_level
from sites.models import (
    Office,
    OfficeMembership,
    School,
    SchoolChange,
    SchoolGroup,
    SchoolHostname,
    SchoolOfficeMembership,
    SchoolSettings,
)
from sites.naming import level_from_name, short_slug
from sites.office_media import office_collection_name
from sites.roles import (
    COLLECTION_PERMISSIONS,
    SCHOOL_PAGE_PERMISSIONS,
    SECTION_PAGE_PERMISSIONS,
    SETTINGS_ROLES,
    OfficeRole,
    SchoolRole,
)
from sites.text import fold, normalise_space, vietnamese_slug
from sites.wagtail_compat import bulk_index

PORTAL_SLUG = "cong-thong-tin-phong"
MAX_SLUG_LENGTH = 63  # one DNS label


class ProvisioningError(ValueError):
    """Bad input for provisioning; the message is Vietnamese and safe to show."""


@dataclass
class SchoolSpec:
    name: str
    level: str = ""
    slug: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    principal_name: str = ""
    legacy_url: str = ""
    extra: dict = field(default_factory=dict)

    def __post_init__(self):
        self.name = normalise_space(self.name)
        self.slug = (self.slug or short_slug(self.name)).strip().lower()
        level = parse_level(self.level) or (None if self.level else level_from_name(self.name))
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


def _office_by_domain(domain, *, label):
    domain = (domain or "").strip().lower()
    office = Office.objects.select_related("site").filter(domain=domain).first()
    if office is None:
        raise ProvisioningError(
            _("Không có đơn vị nào có tên miền “%(domain)s” (%(label)s).")
            % {"domain": domain, "label": label}
        )
    return office


def office_by_domain(domain):
    """The office with this portal domain; a Vietnamese error when there is none."""
    return _office_by_domain(domain, label=_("tên miền cổng"))


def resolve_office(domain=None):
    """The office named by `domain`, or the install's only office when `domain` is empty."""
    if domain:
        return office_by_domain(domain)
    office = Office.objects.sole()
    if office is None:
        if Office.objects.exists():
            raise ProvisioningError(
                _("Có nhiều đơn vị; hãy chọn đơn vị bằng --office <tên miền cổng>.")
            )
        raise ProvisioningError(_("Chưa có phòng giáo dục; hãy chạy create_office trước."))
    return office


def portal_slug(domain):
    """Depth-2 slug of an office's portal home ("cong-" + the domain), one DNS label."""
    return f"cong-{vietnamese_slug(domain.replace('.', '-'))}"[:MAX_SLUG_LENGTH].rstrip("-")


def check_hostname(hostname):
    try:
        return valid_hostname(hostname)
    except ValueError as error:
        raise ProvisioningError(str(error)) from None


@transaction.atomic
def provision_office(name, domain, *, parent=None, address="", phone="", email="", port=None):
    """Create (or update) one office: its portal home page and portal Site on its own
    domain, under `parent` (an Office or its domain). Never touches another office's
    portal; the first office's portal also becomes Wagtail's default site. Returns it."""
    name, domain = normalise_space(name), normalise_hostname(domain)
    if not name or not domain:
        raise ProvisioningError(_("Cần có tên đơn vị và tên miền."))
    check_hostname(domain)
    if isinstance(parent, str):
        parent = _office_by_domain(parent, label=_("đơn vị cấp trên")) if parent else None
    port = school_port() if port is None else port
    office = Office.objects.select_related("site").filter(domain=domain).first()
    if office is not None and parent is not None and office.parent_id != parent.pk:
        raise ProvisioningError(
            _("Đơn vị “%(name)s” đã có và thuộc đơn vị cấp trên khác; không đổi cấp trên ở đây.")
            % {"name": office.name}
        )
    if parent is not None and parent.domain == domain:
        raise ProvisioningError(_("Một đơn vị không thể là cấp trên của chính nó."))
    # Wagtail's own "Welcome" site (no office or school owns it) becomes the first portal;
    # a site that belongs to an office or a school is never taken over.
    takeover = Site.objects.filter(
        is_default_site=True, office__isnull=True, school__isnull=True
    ).first()
    own = [pk for pk in (office.site_id if office else None, getattr(takeover, "pk", None)) if pk]
    if Site.objects.filter(hostname=domain).exclude(pk__in=own).exists():
        raise ProvisioningError(
            _("Tên miền %(host)s đang được một trang web khác dùng.") % {"host": domain}
        )
    if office is None:
        office = Office(domain=domain, parent=parent)
    office.name = name
    office.address, office.phone, office.email = (
        address or office.address,
        phone or office.phone,
        email or office.email,
    )

    site = office.site if office.site_id else None
    if site is None:
        portal = _new_portal(name, domain)
        site = takeover
        if site is None:
            site = Site(is_default_site=not Site.objects.filter(is_default_site=True).exists())
        site.root_page = portal
    site.hostname, site.port, site.site_name = domain, port, name
    site.save()
    ensure_portal_sections(site.root_page)
    # Wagtail's placeholder "Welcome" page is not part of any site any more.
    Page.objects.filter(
        depth=2,
        content_type=ContentType.objects.get_for_model(Page),
        sites_rooted_here__isnull=True,
    ).delete()
    office.site = site
    if office.collection_id is None:
        # The office's own images and documents (sites/office_media.py).
        office.collection = Collection.get_first_root_node().add_child(
            name=office_collection_name(name)
        )
    office.save()
    SchoolSettings.for_site(site)
    _ensure_office_groups()
    return office


def _new_portal(name, domain):
    root = Page.get_first_root_node()
    slug = (
        PORTAL_SLUG
        if not root.get_children().filter(slug=PORTAL_SLUG).exists()
        else portal_slug(domain)
    )
    if root.get_children().filter(slug=slug).exists():
        raise ProvisioningError(
            _("Địa chỉ trang “%(slug)s” của cổng đã có; hãy kiểm tra tên miền.") % {"slug": slug}
        )
    return root.add_child(instance=PortalHomePage(title=name, slug=slug))


def ensure_portal_sections(portal):
    """Add the portal sections (home/sections.py) an office portal lacks: a new portal gets
    all of them, one made before a section existed gets the new ones on the next run."""
    have = set(portal.get_children().values_list("slug", flat=True))
    for section in PORTAL_SECTIONS:
        if section.slug not in have:
            portal.add_child(instance=section.model(title=section.title, slug=section.slug))


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


def _new_user(username, email, first_name, last_name, password):
    """A new account; without a password it gets an unusable one and, once its role is
    set, an invitation to set it (`_invite_if_new`)."""
    if not password and not (email or "").strip():
        raise ProvisioningError(
            _("Cần địa chỉ thư điện tử để gửi thư mời đặt mật khẩu cho “%(user)s”.")
            % {"user": username}
        )
    user = get_user_model()(
        username=username, email=email or "", first_name=first_name, last_name=last_name
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    user.is_new_account = True
    return user


def _invite_if_new(user, invited_by):
    """A new account without a password gets its invitation (sites/invitations.py);
    `user.invited_until` says until when the link works (None: no invitation sent)."""
    user.invited_until = None
    if getattr(user, "is_new_account", False) and not user.has_usable_password():
        user.invited_until = send_invitation(user, by=invited_by)
    return user


def add_office_user(
    office,
    role,
    *,
    username,
    email,
    first_name="",
    last_name="",
    password=None,
    invited_by=None,
):
    """Create (or reuse) a user and make them administrator or inspector of `office`:
    they reach that office and every office below it. A user is staff of one office
    and never also a school's staff. A new account without a password is sent an
    invitation naming the office and the role."""
    try:
        role = OfficeRole(role)
    except ValueError:
        raise ProvisioningError(
            _("Vai trò “%(role)s” không hợp lệ (dùng administrator hoặc inspector).")
            % {"role": role}
        ) from None
    username = (username or "").strip()
    if not username:
        raise ProvisioningError(_("Cần có tên đăng nhập."))
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.filter(username=username).first()
        if user is not None and user.is_superuser:
            raise ProvisioningError(_("Không thể gán vai trò đơn vị cho quản trị hệ thống."))
        if user is not None and SchoolGroup.objects.filter(group__user=user).exists():
            raise ProvisioningError(
                _(
                    "Người dùng “%(user)s” là cán bộ một trường; không thể đồng thời là cán bộ đơn vị."
                )
                % {"user": username}
            )
        membership = (
            OfficeMembership.objects.select_related("office").filter(user=user).first()
            if user
            else None
        )
        if membership is not None and membership.office_id != office.pk:
            raise ProvisioningError(
                _(
                    "Người dùng “%(user)s” đã là cán bộ của “%(office)s”; mỗi tài khoản chỉ thuộc một đơn vị."
                )
                % {"user": username, "office": membership.office.name}
            )
        if user is None:
            user = _new_user(username, email, first_name, last_name, password)
        admin, inspector = _ensure_office_groups()
        groups = {OfficeRole.ADMINISTRATOR: admin, OfficeRole.INSPECTOR: inspector}
        user.groups.remove(*[g for r, g in groups.items() if r != role])
        user.groups.add(groups[role])
        if membership is None:
            OfficeMembership.objects.create(user=user, office=office, role=role)
        elif membership.role != role:
            membership.role = role
            membership.save(update_fields=["role"])
        _invite_if_new(user, invited_by)
    return user


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


def check_school_clash(office, spec, taken=()):
    """Raise ProvisioningError when the slug or hostname belongs to a different school.
    Returns the existing school when it is the same one (idempotent re-run). `taken`:
    codes already used earlier in the same batch (kept out of suggestions)."""
    existing = School.objects.filter(slug=spec.slug).select_related("site").first()
    if existing:
        if existing.name == spec.name and existing.office_id == office.pk:
            return existing
        raise ProvisioningError(
            _("Mã trường “%(slug)s” đã được dùng cho “%(other)s”; hãy chọn mã khác cho “%(name)s”.")
            % {"slug": spec.slug, "other": existing.name, "name": spec.name}
            + " "
            + suggestion(spec.slug, taken)
        )
    hostname = school_hostname(office, spec.slug)
    if hostname_taken(hostname):
        raise ProvisioningError(_("Tên miền %(host)s đã được dùng.") % {"host": hostname})
    if Page.get_first_root_node().get_children().filter(slug=spec.slug).exists():
        raise ProvisioningError(
            _("Mã trường “%(slug)s” trùng với một trang đã có.") % {"slug": spec.slug}
            + " "
            + suggestion(spec.slug, taken)
        )
    return None


def hostname_taken(hostname):
    return (
        Site.objects.filter(hostname=hostname).exists()
        or SchoolHostname.objects.filter(hostname=hostname).exists()
        or Office.objects.filter(domain=hostname).exists()
    )


def slug_is_free(slug, taken=()):
    return (
        slug not in taken
        and slug != PORTAL_SLUG
        and not School.objects.filter(slug=slug).exists()
        and not Page.objects.filter(depth=2, slug=slug).exists()
    )


def free_slug(slug, taken=()):
    """The first free code "<slug>-2", "<slug>-3"… (install-wide), for suggestions only."""
    for n in range(2, 1000):
        tail = f"-{n}"
        candidate = slug[: MAX_SLUG_LENGTH - len(tail)].rstrip("-") + tail
        if slug_is_free(candidate, taken):
            return candidate
    return None


def suggestion(slug, taken=()):
    candidate = free_slug(slug, taken)
    if candidate is None:
        return ""
    return _("Gợi ý mã còn trống: “%(slug)s”.") % {"slug": candidate}


@transaction.atomic
def provision_school(office, spec, *, port=None, user=None):
    """Create a school with its site, home page, sections, media collection, settings and
    role groups (the same rows as a batch of one). Returns (school, created)."""
    problems = spec.errors()
    if problems:
        raise ProvisioningError("; ".join(problems))
    existing = check_school_clash(office, spec)
    if existing:
        return existing, False
    (school,) = _bulk_create_schools(office, [spec], port, user, _PermissionCache())
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


def _role_permission_rows(group, role, home, sections, collection, perms):
    """The page and media permission rows of one school role's group: school-wide rights
    on the home, section rights where the sections table names the role, and the role's
    rights on the school's collection. `sections` maps slug -> section page."""
    grants = [(home, SCHOOL_PAGE_PERMISSIONS.get(role, ()))] + [
        (sections[section.slug], SECTION_PAGE_PERMISSIONS)
        for section in SCHOOL_SECTIONS
        if role in section.section_only_roles
    ]
    pages = [
        GroupPagePermission(group=group, page=page, permission=perms.get("wagtailcore", c))
        for page, codenames in grants
        for c in codenames
    ]
    media = [
        GroupCollectionPermission(
            group=group, collection=collection, permission=perms.get(app, f"{action}_{model}")
        )
        for app, model in (("wagtailimages", "image"), ("wagtaildocs", "document"))
        for action in COLLECTION_PERMISSIONS[role]
    ]
    return pages, media


def provision_schools(office, specs, *, port=None, user=None):
    """Provision many schools in one transaction; returns (created, existing) counts.
    Validates everything first: one bad spec and nothing is created. New schools are
    written in batches (see _bulk_create_schools): the same rows as provision_school,
    in a few multi-row queries per batch instead of ~190 queries per school."""
    known = _Known.load(office, specs)
    errors = validate_specs(office, specs, known=known)
    if errors:
        raise ProvisioningError("\n".join(f"{n}: {msg}" for n, msg in errors))
    new, seen = [], set()
    for spec in specs:
        if spec.slug not in known.schools and spec.slug not in seen:
            seen.add(spec.slug)
            new.append(spec)
    perms = _PermissionCache()
    with transaction.atomic():
        for start in range(0, len(new), BULK_BATCH):
            _bulk_create_schools(office, new[start : start + BULK_BATCH], port, user, perms)
    return len(new), len(specs) - len(new)


BULK_BATCH = 500


def _chunks(values, size=900):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


@dataclass
class _Known:
    """What the database already holds for a batch of specs, read in a few queries."""

    schools: dict  # slug -> (name, office_id)
    hosts: set
    root_slugs: set

    @classmethod
    def load(cls, office, specs):
        slugs = {spec.slug for spec in specs if spec.slug}
        hosts = {school_hostname(office, slug) for slug in slugs}
        schools, taken, root_slugs = {}, set(), set()
        for chunk in _chunks(slugs):
            schools.update(
                (slug, (name, office_id))
                for slug, name, office_id in School.objects.filter(slug__in=chunk).values_list(
                    "slug", "name", "office_id"
                )
            )
            root_slugs.update(
                Page.objects.filter(depth=2, slug__in=chunk).values_list("slug", flat=True)
            )
        for chunk in _chunks(hosts):
            taken.update(Site.objects.filter(hostname__in=chunk).values_list("hostname", flat=True))
            taken.update(
                SchoolHostname.objects.filter(hostname__in=chunk).values_list("hostname", flat=True)
            )
            taken.update(Office.objects.filter(domain__in=chunk).values_list("domain", flat=True))
        return cls(schools, taken, root_slugs)

    def clash(self, office, spec, taken):
        """Like check_school_clash, from the preloaded sets (no query unless it clashes)."""
        existing = self.schools.get(spec.slug)
        if existing is not None:
            if existing == (spec.name, office.pk):
                return
            raise ProvisioningError(
                _(
                    "Mã trường “%(slug)s” đã được dùng cho “%(other)s”; hãy chọn mã khác cho “%(name)s”."
                )
                % {"slug": spec.slug, "other": existing[0], "name": spec.name}
                + " "
                + suggestion(spec.slug, taken)
            )
        hostname = school_hostname(office, spec.slug)
        if hostname in self.hosts:
            raise ProvisioningError(_("Tên miền %(host)s đã được dùng.") % {"host": hostname})
        if spec.slug in self.root_slugs:
            raise ProvisioningError(
                _("Mã trường “%(slug)s” trùng với một trang đã có.") % {"slug": spec.slug}
                + " "
                + suggestion(spec.slug, taken)
            )


def _bulk_create_schools(office, specs, port, user, perms):
    """Every new school's rows, for a batch of validated specs (one for provision_school): pages with
    computed tree paths, sites, collections, schools, history, settings, role groups and
    their permissions, search index entries and the creation log, then one routing and
    page-cache invalidation. No per-page signal work is skipped silently: what the
    signals did (search index, routing, cache, folded search text) is done here once."""
    if not specs:
        return []
    port = school_port() if port is None else port
    root = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    locale = Locale.get_default()
    page_tree, collection_tree = Tree(Page, root), Tree(Collection, root_collection)
    homes, sections = [], []
    for spec in specs:
        home = page_row(
            SchoolHomePage,
            page_tree.path(),
            "/",
            spec.slug,
            spec.name,
            locale=locale,
            numchild=len(SCHOOL_SECTIONS),
        )
        homes.append(home)
        for index, section in enumerate(SCHOOL_SECTIONS, start=1):
            sections.append(
                page_row(
                    section.model,
                    Page._get_path(home.path, 3, index),
                    home.url_path,
                    section.slug,
                    section.title,
                    locale=locale,
                )
            )
    bulk_add_pages(homes)
    bulk_add_pages(sections)
    page_tree.save_numchild()
    collections = [
        Collection(name=spec.name, path=collection_tree.path(), depth=2, numchild=0)
        for spec in specs
    ]
    Collection.objects.bulk_create(collections)
    collection_tree.save_numchild()
    sites = Site.objects.bulk_create(
        [
            Site(
                hostname=school_hostname(office, spec.slug),
                port=port,
                root_page_id=home.pk,
                site_name=spec.name,
            )
            for spec, home in zip(specs, homes, strict=True)
        ]
    )
    schools = School.objects.bulk_create(
        [
            School(
                office=office,
                name=spec.name,
                name_folded=fold(spec.name),
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
                base_url=_root_url(site.hostname, port),
            )
            for spec, home, site, collection in zip(specs, homes, sites, collections, strict=True)
        ]
    )
    SchoolOfficeMembership.objects.bulk_create(
        [SchoolOfficeMembership(school=school, office=office) for school in schools]
    )
    SchoolSettings.objects.bulk_create([SchoolSettings(site=site) for site in sites])
    _bulk_role_groups(schools, homes, sections, sites, collections, perms)
    bulk_index(homes + sections)  # title norms refreshed once per batch, not per type
    if user is not None:
        now = timezone.now()
        home_type = ContentType.objects.get_for_model(SchoolHomePage)
        PageLogEntry.objects.bulk_create(
            [
                PageLogEntry(
                    content_type=home_type,
                    label=home.title,
                    action="wagtail.create",
                    data={},
                    timestamp=now,
                    user=user,
                    page_id=home.pk,
                )
                for home in homes
            ]
        )
    routing.invalidate()  # bulk rows send no signals
    Site.clear_site_root_paths_cache()
    page_cache.invalidate_hosts([office.domain, routing.default_site_hostname()])
    return schools


def _bulk_role_groups(schools, homes, sections, sites, collections, perms):
    access_admin = perms.get("wagtailadmin", "access_admin")
    by_school_sections = {}
    per_school = len(SCHOOL_SECTIONS)
    for n, school in enumerate(schools):
        chunk = sections[n * per_school : (n + 1) * per_school]
        by_school_sections[school.pk] = {section.slug: section for section in chunk}
    groups = Group.objects.bulk_create(
        [Group(name=f"[{school.slug}] {role.label}") for school in schools for role in SchoolRole]
    )
    roles = list(SchoolRole)
    school_groups, through, page_rows, collection_rows, site_rows = [], [], [], [], []
    Through = Group.permissions.through
    for n, school in enumerate(schools):
        home, site, collection = homes[n], sites[n], collections[n]
        for r, role in enumerate(roles):
            group = groups[n * len(roles) + r]
            school_groups.append(SchoolGroup(school=school, role=role, group=group))
            through.append(Through(group_id=group.pk, permission_id=access_admin.pk))
            pages, media = _role_permission_rows(
                group, role, home, by_school_sections[school.pk], collection, perms
            )
            page_rows += pages
            collection_rows += media
            if role in SETTINGS_ROLES:
                site_rows.append(
                    GroupSitePermission(
                        group=group,
                        site=site,
                        permission=perms.get("sites", "change_schoolsettings"),
                    )
                )
    SchoolGroup.objects.bulk_create(school_groups)
    Through.objects.bulk_create(through)
    GroupPagePermission.objects.bulk_create(page_rows, batch_size=1000)
    GroupCollectionPermission.objects.bulk_create(collection_rows, batch_size=1000)
    GroupSitePermission.objects.bulk_create(site_rows)


def validate_specs(office, specs, *, numbering=None, known=None):
    """[(row label, Vietnamese reason)] for every bad spec; duplicates inside the batch too."""
    known = known or _Known.load(office, specs)
    numbering = numbering or list(range(1, len(specs) + 1))
    errors, seen = [], {}
    for number, spec in zip(numbering, specs, strict=True):
        problems = spec.errors()
        if not problems:
            if spec.slug in seen and seen[spec.slug][1] != spec.name:
                problems.append(
                    _("mã trường “%(slug)s” trùng với dòng %(other)s")
                    % {"slug": spec.slug, "other": seen[spec.slug][0]}
                    + ". "
                    + suggestion(spec.slug, seen)
                )
            else:
                seen.setdefault(spec.slug, (number, spec.name))
                try:
                    known.clash(office, spec, seen)
                except ProvisioningError as error:
                    problems.append(str(error))
        if problems:
            errors.append((number, "; ".join(problems)))
    return errors


def add_school_user(
    school,
    role,
    *,
    username,
    email,
    first_name="",
    last_name="",
    password=None,
    invited_by=None,
):
    """Create (or reuse) a user and put them in the school's role group.
    A user belongs to one school only: tenant isolation depends on it. A new account
    without a password is sent an invitation naming the school and the role."""
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
            user = _new_user(username, email, first_name, last_name, password)
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
        _invite_if_new(user, invited_by)
    return user


# --- Moving a school to another office (the 2025 reform) ----------------------------


def readdress(school, new_host, reason):
    """Give the school a new main hostname; the old one stays as an alias answering 301
    to the same path on the new one (a move, a new code)."""
    site = school.site
    old_host = site.hostname
    if new_host == old_host:
        return
    SchoolHostname.objects.filter(hostname=new_host, school=school).delete()
    SchoolHostname.objects.update_or_create(
        hostname=old_host, defaults={"school": school, "reason": reason}
    )
    site.hostname = new_host
    site.save()  # signals: School.base_url, routing and page cache generations


def moved_hostname(school, to_office):
    """The school's main hostname under `to_office`: an address under the old office's
    domain follows the school, an own domain stays."""
    if school.site.hostname == school_hostname(school.office, school.slug):
        return school_hostname(to_office, school.slug)
    return school.site.hostname


@transaction.atomic
def move_school(school, to_office, *, on=None, by=None):
    """Put `school` under `to_office` from `on` (default today). Its pages, media, users,
    history and disclosures stay as they are (they hang off the school, not the office);
    the dated office history gets a new row (and the school's change history one); an
    address under the old office's domain moves to the new office's domain and the old
    hostname answers 301 to the new one. Returns True when something changed (False:
    already there)."""
    on = on or datetime.date.today()
    school = School.objects.select_related("site", "office").select_for_update().get(pk=school.pk)
    if school.office_id == to_office.pk:
        return False
    if school.is_closed:
        raise ProvisioningError(
            _("%(school)s đã ngừng hoạt động; không chuyển đơn vị.") % {"school": school.name}
        )
    old_office = school.office
    new_host = moved_hostname(school, to_office)
    if new_host != school.site.hostname and hostname_taken(new_host):
        raise ProvisioningError(
            _("Tên miền %(host)s đã được dùng; chưa chuyển trường.") % {"host": new_host}
        )
    current = SchoolOfficeMembership.objects.filter(school=school, end__isnull=True).first()
    if current is not None and current.start is not None and current.start >= on:
        current.office = to_office  # moved again the same day: one row, not an empty one
        current.save(update_fields=["office"])
    else:
        if current is not None:
            current.end = on
            current.save(update_fields=["end"])
        SchoolOfficeMembership.objects.create(school=school, office=to_office, start=on)
    school.office = to_office
    school.save(update_fields=["office", "updated_at"])
    readdress(school, new_host, SchoolHostname.Reason.MOVED)
    SchoolChange.objects.create(
        school=school,
        kind=SchoolChange.Kind.MOVED,
        on=on,
        before=old_office.name,
        after=to_office.name,
        by=by,
    )
    return True
