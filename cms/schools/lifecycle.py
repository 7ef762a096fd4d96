"""A school's life after it was made: renamed, re-levelled, given a new code, moved to
another office, merged into another school, closed.

One service for the office's screens (cms/schools/lifecycle_views.py), the commands
(rename_school, move_school, merge_schools, close_school) and the tests. Each change is
atomic, says in Vietnamese what is wrong before touching anything, and leaves a dated
row in the school's history (sites.SchoolChange). `plan_*` functions list what a change
will do, for the confirmation screens, without doing it.

Decisions (README "School life cycle"):
- A rename keeps the address unless a new code is asked for; the old name stays
  searchable (School.former_names). A new code moves the address, the old hostname
  answers 301.
- A merge moves the content of every section of the merged school under the survivor's
  section of the same kind (news, documents, Công khai versions, events, weeks,
  consultations), its media into the survivor's collection and its published questions
  to the survivor's Hỏi đáp. A page whose address is taken there gets a suffixed slug;
  the merged school's hostnames become the survivor's aliases answering 301 to the same
  path, or to the new path of such a page, so every old URL answers 301. Disclosures keep
  `disclosing_school` (the merged school), so the compliance history of each school stays
  its own, for the periods it existed; the survivor's Công khai page shows them apart.
  The merged school's row stays (closed, `merged_into`), with its dated office history.
- Closing keeps the site online as a read-only archive with a banner; disclosures stay
  public for their 5 years (the retention rules are unchanged); the school's staff
  accounts are closed; only a superuser still changes its pages.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import Collection, Page, Revision

from home.models import LinkDomainSighting
from home.slugs import slug_is_taken
from home.templatetags.identity import site_relative_path
from home.visitors import VisitorMessage
from publicity.retention import moving_with_merge
from publicity.summaries import invalidate as invalidate_compliance
from sites.levels import SchoolLevel, parse_level
from sites.models import School, SchoolChange, SchoolHostname, SchoolOfficeMembership
from sites.roles import SchoolRole
from sites.text import normalise_space, vietnamese_slug

from .provisioning import (
    MAX_SLUG_LENGTH,
    PORTAL_SLUG,
    ProvisioningError,
    ensure_school_sections,
    hostname_taken,
    moved_hostname,
    readdress,
    school_hostname,
    slug_is_free,
    suggestion,
)

MERGED_HOST_SUFFIX = "sap-nhap.invalid"  # never served: the old host is the survivor's alias
MERGE_LOG_ACTION = "truongso.school_merged"


def _today():
    return datetime.date.today()


def _locked(school):
    return (
        School.objects.select_related("site", "office", "home_page", "collection")
        .select_for_update()
        .get(pk=school.pk)
    )


def _refuse_closed(school):
    if school.is_closed:
        raise ProvisioningError(
            _("%(school)s đã ngừng hoạt động từ %(day)s; không thay đổi được nữa.")
            % {"school": school.name, "day": school.closed_on.strftime("%d/%m/%Y")}
        )


def _record(school, kind, on, before="", after="", other=None, note="", by=None):
    return SchoolChange.objects.create(
        school=school,
        kind=kind,
        on=on,
        before=str(before)[:255],
        after=str(after)[:255],
        other_school=other,
        note=note,
        by=by if getattr(by, "pk", None) else None,
    )


def _remember_name(school, name):
    names = [n for n in school.former_names.splitlines() if n]
    if name and name != school.name and name not in names:
        school.former_names = "\n".join([*names, name])


# --- Rename, re-level, new code --------------------------------------------------------


def _clean_rename(school, name, level, code):
    """(name, level, code) as they will be stored, or ProvisioningError listing every
    problem. None means "unchanged"."""
    problems = []
    if name is not None:
        name = normalise_space(name)
        if not name:
            problems.append(_("Tên trường không được để trống."))
        elif len(name) > 255:
            problems.append(_("Tên trường dài quá 255 ký tự."))
        elif name == school.name:
            name = None
    if level is not None and level != "":
        parsed = parse_level(level)
        if parsed is None:
            problems.append(
                _("Cấp học “%(level)s” không hợp lệ (dùng một trong: %(choices)s).")
                % {"level": level, "choices": ", ".join(SchoolLevel.values)}
            )
        level = parsed.value if parsed and parsed.value != school.level else None
    else:
        level = None
    if code:
        code = vietnamese_slug(code).strip("-")
        if code == school.slug:
            code = None
        elif not code or len(code) > MAX_SLUG_LENGTH or code == PORTAL_SLUG:
            problems.append(_("Mã trường mới không hợp lệ."))
        elif not slug_is_free(code):
            problems.append(
                _("Mã trường “%(slug)s” đã được dùng.") % {"slug": code} + " " + suggestion(code)
            )
        elif _new_host_for_code(school, code) != school.site.hostname and hostname_taken(
            _new_host_for_code(school, code)
        ):
            problems.append(
                _("Tên miền %(host)s đã được dùng.") % {"host": _new_host_for_code(school, code)}
            )
    else:
        code = None
    if problems:
        raise ProvisioningError(" ".join(problems))
    return name, level, code


def _new_host_for_code(school, code):
    """A hostname made from the code follows it; an own domain stays."""
    if school.site.hostname == school_hostname(school.office, school.slug):
        return school_hostname(school.office, code)
    return school.site.hostname


def plan_rename(school, *, name=None, level=None, code=None):
    """[(what, before, after)] of a rename / re-level / new code, checked."""
    _refuse_closed(school)
    name, level, code = _clean_rename(school, name, level, code)
    lines = []
    if name:
        lines.append((_("Tên trường"), school.name, name))
    if level:
        lines.append((_("Cấp học"), school.get_level_display(), SchoolLevel(level).label))
    if code:
        lines.append((_("Mã trường"), school.slug, code))
        new_host = _new_host_for_code(school, code)
        if new_host != school.site.hostname:
            lines.append(
                (_("Địa chỉ (địa chỉ cũ chuyển hướng 301)"), school.site.hostname, new_host)
            )
    return lines


@transaction.atomic
def rename_school(school, *, name=None, level=None, code=None, on=None, by=None):
    """Rename and/or re-level a school and/or give it a new code. Returns the history
    rows written (empty: nothing changed). The old name stays searchable; its content,
    users and disclosures are untouched; a new level changes which Công khai items apply
    from now on."""
    school = _locked(school)
    _refuse_closed(school)
    name, level, code = _clean_rename(school, name, level, code)
    on = on or _today()
    changes = []
    if name:
        old = school.name
        school.name = name
        _remember_name(school, old)
        _retitle_home(school, name)
        changes.append(_record(school, SchoolChange.Kind.RENAMED, on, old, name, by=by))
    if level:
        old = school.get_level_display()
        school.level = level
        changes.append(
            _record(school, SchoolChange.Kind.RELEVELLED, on, old, SchoolLevel(level).label, by=by)
        )
    if code:
        old_code, new_host = school.slug, _new_host_for_code(school, code)
        school.slug = code
        readdress(school, new_host, SchoolHostname.Reason.RENAMED)
        changes.append(_record(school, SchoolChange.Kind.RECODED, on, old_code, code, by=by))
    if changes:
        school.save()
        if level:
            invalidate_compliance([school.pk])
    return changes


def _retitle_home(school, name):
    """The home page and the Site carry the school's name; a draft of the home page gets
    it too, or publishing that draft would bring the old name back."""
    home = school.home_page.specific
    old = home.title
    home.title = home.draft_title = name
    home.save(clean=False, update_fields=["title", "draft_title", "search_text_folded"])
    for revision in Revision.page_revisions.filter(object_id=str(home.pk)):
        if revision.content.get("title") == old:
            revision.content["title"] = name
            revision.save(update_fields=["content"])
    school.site.site_name = name
    school.site.save(update_fields=["site_name"])


# --- Move ----------------------------------------------------------------------------------


def plan_move(school, to_office):
    """[(what, before, after)] of moving `school` to `to_office`, checked."""
    _refuse_closed(school)
    if to_office.pk == school.office_id:
        raise ProvisioningError(
            _("%(school)s đã thuộc %(office)s.") % {"school": school.name, "office": to_office.name}
        )
    new_host = moved_hostname(school, to_office)
    if new_host != school.site.hostname and hostname_taken(new_host):
        raise ProvisioningError(
            _("Tên miền %(host)s đã được dùng; chưa chuyển trường.") % {"host": new_host}
        )
    lines = [(_("Đơn vị quản lý"), school.office.name, to_office.name)]
    if new_host != school.site.hostname:
        lines.append((_("Địa chỉ (địa chỉ cũ chuyển hướng 301)"), school.site.hostname, new_host))
    lines += [
        (
            _("Danh bạ trường, tin trên cổng"),
            _("cổng %(office)s") % {"office": school.office.name},
            _("cổng %(office)s") % {"office": to_office.name},
        ),
        (
            _("Báo cáo công khai các kỳ trước"),
            _("giữ ở %(office)s") % {"office": school.office.name},
            _("tính cho %(office)s từ ngày chuyển") % {"office": to_office.name},
        ),
        (_("Nội dung, tài khoản, công khai của trường"), _("giữ nguyên"), _("giữ nguyên")),
    ]
    return lines


# --- Merge -----------------------------------------------------------------------------


@dataclass
class MergePlan:
    survivor: School
    merged: list
    sections: list = field(default_factory=list)  # (school, section title, pages)
    media: list = field(default_factory=list)  # (school, images, documents)
    hostnames: list = field(default_factory=list)  # (school, hostname)
    accounts: list = field(default_factory=list)  # (school, user, role label)


@dataclass
class MergeResult:
    pages: int = 0
    redirects: int = 0
    images: int = 0
    documents: int = 0
    accounts_moved: int = 0
    accounts_closed: int = 0
    hostnames: list = field(default_factory=list)


def _check_merge(survivor, merged):
    problems = []
    if not merged:
        problems.append(_("Hãy chọn ít nhất một trường để sáp nhập."))
    if survivor.is_closed:
        problems.append(
            _("%(school)s đã ngừng hoạt động; không nhận sáp nhập.") % {"school": survivor.name}
        )
    for school in merged:
        if school.pk == survivor.pk:
            problems.append(_("Không thể sáp nhập một trường vào chính nó."))
        elif school.is_closed:
            problems.append(
                _("%(school)s đã ngừng hoạt động từ %(day)s.")
                % {"school": school.name, "day": school.closed_on.strftime("%d/%m/%Y")}
            )
    if len({s.pk for s in merged}) != len(merged):
        problems.append(_("Một trường được chọn hai lần."))
    if problems:
        raise ProvisioningError(" ".join(problems))


def _role_members(school):
    """[(user, role value)] of the school's staff."""
    User = get_user_model()
    rows = (
        User.objects.filter(groups__school_role__school=school)
        .values_list("pk", "groups__school_role__role")
        .order_by("username")
    )
    users = User.objects.in_bulk([pk for pk, _role in rows])
    return [(users[pk], role) for pk, role in rows]


def plan_merge(survivor, merged):
    """What merging `merged` into `survivor` will do, checked (MergePlan)."""
    _check_merge(survivor, merged)
    plan = MergePlan(survivor=survivor, merged=list(merged))
    for school in merged:
        for section in school.home_page.get_children().order_by("path"):
            count = section.get_descendants().count()
            if count:
                plan.sections.append((school, section.title, count))
        collections = _collection_ids(school)
        plan.media.append(
            (
                school,
                get_image_model().objects.filter(collection_id__in=collections).count(),
                get_document_model().objects.filter(collection_id__in=collections).count(),
            )
        )
        plan.hostnames.append((school, school.site.hostname))
        plan.hostnames += [(school, h.hostname) for h in school.hostnames.order_by("hostname")]
        labels = dict(SchoolRole.choices)
        plan.accounts += [
            (school, user, labels.get(role, role)) for user, role in _role_members(school)
        ]
    return plan


def _collection_ids(school):
    return list(
        Collection.objects.filter(path__startswith=school.collection.path).values_list(
            "pk", flat=True
        )
    )


@transaction.atomic
def merge_schools(survivor, merged, *, on=None, by=None, close_accounts=False):
    """Merge the schools `merged` into `survivor` (see the module's decisions). Returns a
    MergeResult. `close_accounts`: the merged schools' staff accounts are closed instead
    of joining the survivor in the same role."""
    survivor = _locked(survivor)
    merged = [_locked(school) for school in merged]
    _check_merge(survivor, merged)
    on = on or _today()
    ensure_school_sections(survivor)  # a survivor made before a section existed
    result = MergeResult()
    with moving_with_merge():
        for school in merged:
            _merge_one(survivor, school, on, by, close_accounts, result)
    survivor.save()
    invalidate_compliance([survivor.pk, *(school.pk for school in merged)])
    return result


def _merge_one(survivor, school, on, by, close_accounts, result):
    pages_before = result.pages
    sections = {page.slug: page for page in survivor.home_page.get_children()}
    redirects = {}
    for section in school.home_page.get_children().order_by("path"):
        target = sections.get(section.slug)
        if target is None or target.specific_class is not section.specific_class:
            continue
        for child in section.get_children().order_by("path"):
            moved, new_paths = _move_page(child, target, school)
            result.pages += moved
            redirects.update(new_paths)
        # Questions and comments sent to the section itself follow it.
        VisitorMessage.objects.filter(page_id=section.pk).update(page_id=target.pk)
    result.redirects += len(redirects)  # answered by the old hostnames (sites/hosts.py)
    VisitorMessage.objects.filter(school=school).update(school=survivor)
    LinkDomainSighting.objects.filter(school=school).update(school=survivor)
    images, documents = _move_media(school, survivor)
    result.images += images
    result.documents += documents
    moved, closed = _move_accounts(school, survivor, close_accounts)
    result.accounts_moved += moved
    result.accounts_closed += closed
    result.hostnames += _hand_over_hostnames(school, survivor, redirects)
    _close(school, on, merged_into=survivor)
    _remember_name(survivor, school.name)
    for name in school.former_names.splitlines():
        _remember_name(survivor, name)
    note = _(
        "%(pages)d trang, %(images)d ảnh, %(documents)d tài liệu chuyển sang %(survivor)s; "
        "%(moved)d tài khoản chuyển, %(closed)d tài khoản khoá."
    ) % {
        "pages": result.pages - pages_before,
        "images": images,
        "documents": documents,
        "survivor": survivor.name,
        "moved": moved,
        "closed": closed,
    }
    for own, kind, other in (
        (school, SchoolChange.Kind.MERGED_INTO, survivor),
        (survivor, SchoolChange.Kind.ABSORBED, school),
    ):
        _record(own, kind, on, school.name, survivor.name, other=other, note=note, by=by)
    log(
        instance=survivor.home_page,
        action=MERGE_LOG_ACTION,
        user=by if getattr(by, "pk", None) else None,
        data={"merged": school.name, "note": note},
    )


def _move_page(page, target, school):
    """Move `page` (and what is under it) under `target`; a slug already used there gets
    the merged school's code appended. Returns (pages moved, {old path: new path} of the
    pages whose path changed)."""
    before = {p.pk: site_relative_path(p) for p in Page.objects.filter(path__startswith=page.path)}
    slug = page.slug
    if slug_is_taken(target, slug):
        base = f"{slug[:200]}-{school.slug}"
        slug, number = base, 1
        while slug_is_taken(target, slug):
            number += 1
            slug = f"{base}-{number}"
        _reslug(page.specific, slug)
    Page.objects.get(pk=page.pk).move(target, pos="last-child")
    changed = {}
    for moved in Page.objects.filter(pk__in=before):
        new_path = site_relative_path(moved)
        if new_path != before[moved.pk]:
            changed[before[moved.pk]] = new_path
    return len(before), changed


def _reslug(page, slug):
    """A new slug, in the page and in the revisions that still carry the old one (a
    draft published later must not bring the clash back)."""
    old = page.slug
    page.slug = slug
    page.save(clean=False)
    for revision in Revision.page_revisions.filter(object_id=str(page.pk)):
        if revision.content.get("slug") == old:
            revision.content["slug"] = slug
            revision.content["url_path"] = page.url_path
            revision.save(update_fields=["content"])


def _move_media(school, survivor):
    """The merged school's images and documents go into the survivor's collection (its
    sub-collections move under it), so they are served on the survivor's host."""
    source, target = school.collection, survivor.collection
    counts = []
    for model in (get_image_model(), get_document_model()):
        counts.append(model.objects.filter(collection_id=source.pk).update(collection=target))
    for child in Collection.objects.get(pk=source.pk).get_children():
        child.move(Collection.objects.get(pk=target.pk), pos="last-child")
    return tuple(counts)


def _move_accounts(school, survivor, close_accounts):
    """Each account joins the survivor in the same role, or is closed (it then stays in
    the merged school's group, as a record of who worked there)."""
    moved = closed = 0
    for user, role in _role_members(school):
        if close_accounts:
            if user.is_active:
                user.is_active = False
                user.save(update_fields=["is_active"])
                closed += 1
            continue
        user.groups.remove(school.group_for(role))
        user.groups.add(survivor.group_for(role))
        moved += 1
    return moved, closed


def _hand_over_hostnames(school, survivor, paths):
    """Every hostname of the merged school answers 301 to the survivor: the same path,
    or the new path of a page whose address was taken there (`paths`)."""
    site = school.site
    old_main = site.hostname
    handed = [old_main, *school.hostnames.values_list("hostname", flat=True)]
    for alias in school.hostnames.all():
        alias.school, alias.paths = survivor, {**alias.paths, **paths}
        alias.save()
    # The merged school keeps its (empty) home and Site row for its history; its Site
    # gets a name that is never served, so the old one can be the survivor's alias.
    site.hostname = f"{school.slug}-{school.pk}.{MERGED_HOST_SUFFIX}"
    site.save()
    SchoolHostname.objects.create(
        school=survivor, hostname=old_main, reason=SchoolHostname.Reason.MERGED, paths=paths
    )
    return handed


def _close(school, on, *, merged_into=None):
    school.is_active = False
    school.closed_on = on
    school.merged_into = merged_into
    school.save()
    SchoolOfficeMembership.objects.filter(school=school, end__isnull=True).update(end=on)


# --- Close ---------------------------------------------------------------------------------


def plan_close(school):
    _refuse_closed(school)
    accounts = [user for user, _role in _role_members(school) if user.is_active]
    return [
        (_("Trang web"), school.site.hostname, _("giữ nguyên, chỉ để tra cứu, có thông báo")),
        (_("Công khai"), _("đang công khai"), _("giữ trên trang đủ 5 năm")),
        (_("Danh bạ, bảng theo dõi, nhắc việc"), _("có trường"), _("không còn trường")),
        (
            _("Tài khoản của trường"),
            _("%(n)d tài khoản") % {"n": len(accounts)},
            _("khoá"),
        ),
    ]


@transaction.atomic
def close_school(school, *, on=None, by=None, reason=""):
    """Close a school: its site stays online as a read-only archive with a banner, its
    Công khai stays public for its 5 years, its staff accounts are closed, it leaves the
    directory, dashboards and reminders. Returns the number of accounts closed."""
    school = _locked(school)
    _refuse_closed(school)
    on = on or _today()
    closed = 0
    for user, _role in _role_members(school):  # closed, kept in the school's groups
        if user.is_active:
            user.is_active = False
            user.save(update_fields=["is_active"])
            closed += 1
    _close(school, on)
    _record(school, SchoolChange.Kind.CLOSED, on, note=normalise_space(reason), by=by)
    invalidate_compliance([school.pk])
    return closed


def history(school):
    """The school's changes, newest first."""
    return school.changes.select_related("other_school", "by").order_by("-on", "-recorded_at")
