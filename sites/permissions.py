"""Who a user is in the tenancy: a school's staff, office staff or a superuser.

Wagtail's permissions already stop a school user from editing another school's pages
and media; these predicates close the gaps Wagtail leaves global (choosers, menus,
references in form posts) and decide who may use the office screens.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.functions import Substr

from wagtail.models import Collection, Site

from .models import (
    BlockedDomainPattern,
    Office,
    OfficeMembership,
    School,
    ancestor_chain,
    subtree_ids,
)
from .models import office_tree as load
from .roles import OfficeRole


def _cached(user, attr, compute):
    """Per-request memo on the user object (request.user lives for one request)."""
    if not hasattr(user, attr):
        setattr(user, attr, compute())
    return getattr(user, attr)


def user_school(user):
    """The School whose staff `user` is, or None (office staff, superusers, anonymous)."""
    if not getattr(user, "is_authenticated", False) or user.is_superuser:
        return None

    def compute():
        return (
            School.objects.filter(role_groups__group__user=user)
            .select_related("home_page", "collection", "site")
            .first()
        )

    return _cached(user, "_truongso_school", compute)


def user_holds_role(user, school, role):
    """Is `user` in `school`'s group for `role` (SchoolRole)? Cached on the user for the
    request."""
    if school is None or not getattr(user, "is_authenticated", False):
        return False
    cache = user.__dict__.setdefault("_school_role_checks", {})
    key = (school.pk, role)
    if key not in cache:
        cache[key] = school.role_groups.filter(role=role, group__user=user).exists()
    return cache[key]


def office_membership(user):
    """The user's OfficeMembership (with its office), or None."""
    if not getattr(user, "is_authenticated", False):
        return None

    def compute():
        return OfficeMembership.objects.select_related("office").filter(user=user).first()

    return _cached(user, "_truongso_office_membership", compute)


def user_office(user):
    """The office whose staff `user` is, or None."""
    membership = office_membership(user)
    return membership.office if membership else None


def is_office_admin(user):
    """Office administrators (and superusers) manage schools and their users."""
    if not getattr(user, "is_authenticated", False):
        return False
    membership = office_membership(user)
    return user.is_superuser or (
        membership is not None and membership.role == OfficeRole.ADMINISTRATOR
    )


def is_top_office_admin(user):
    """Administrators of a top office (the province's Sở, no office above it) and
    superusers: they alone change install-wide rules such as the national disclosure
    catalogue, which a ward's administrator only reads."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    membership = office_membership(user)
    return (
        membership is not None
        and membership.role == OfficeRole.ADMINISTRATOR
        and membership.office.parent_id is None
    )


def is_office_staff(user):
    """Administrators and inspectors of an office (they see that office's subtree)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or office_membership(user) is not None


def is_school_user(user):
    """Staff of one school (and nothing more): everything they see is scoped to it."""
    return user_school(user) is not None and not is_office_staff(user)


# --- The one answer to "which schools may this user see / manage" -----------------
# Every office-facing screen (dashboards, reports, exports, user management, reminders,
# the approval trail, open data) filters through these, so a ward's staff see the ward's
# schools and the Sở's staff everything below the Sở.


def office_tree(user=None):
    """{office id: parent id}, read once per request."""
    if user is None:
        return load()
    return _cached(user, "_truongso_office_tree", load)


def offices_visible_to(user):
    """Ids of the offices whose data this user may read: superusers every office, office
    staff their office and every office below it, everybody else none."""
    if not getattr(user, "is_authenticated", False):
        return set()
    tree = office_tree(user)
    if user.is_superuser:
        return set(tree)
    membership = office_membership(user)
    if membership is None:
        return set()

    def compute():
        return subtree_ids([membership.office_id], tree)

    return _cached(user, "_truongso_office_ids", compute)


def sees_every_office(user):
    """True when the user's reach is the whole install (no filter needed at all)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    office_ids = offices_visible_to(user)
    return bool(office_ids) and len(office_ids) == len(office_tree(user))


def schools_visible_to(user):
    """The schools whose data this user may read: office staff (administrators and
    inspectors) the schools of their office and the offices below it, a school's staff
    only their own school."""
    if not getattr(user, "is_authenticated", False):
        return School.objects.none()
    if sees_every_office(user):
        return School.objects.all()
    if is_office_staff(user):
        return School.objects.filter(office_id__in=offices_visible_to(user))
    school = user_school(user)
    return School.objects.filter(pk=school.pk) if school else School.objects.none()


def schools_managed_by(user):
    """The schools this user may administer (create, change, manage their people)."""
    if not is_office_admin(user):
        return School.objects.none()
    if sees_every_office(user):
        return School.objects.all()
    return School.objects.filter(office_id__in=offices_visible_to(user))


def offices_managed_by(user):
    """Ids of the offices this user may administer (add schools and office staff, set
    what belongs to the office): its own office and every office below it. The Sở's
    administrators manage every ward; a ward's, only the ward."""
    return offices_visible_to(user) if is_office_admin(user) else set()


def can_manage_office(user, office):
    return office is not None and office.pk in offices_managed_by(user)


def can_see_school(user, school):
    return school is not None and schools_visible_to(user).filter(pk=school.pk).exists()


def can_manage_school(user, school):
    return school is not None and schools_managed_by(user).filter(pk=school.pk).exists()


def managed_among(user, schools):
    """The ids of `schools` (the rows of a list) that `user` may manage: can_manage_school
    for each, in one query."""
    ids = [school.pk for school in schools]
    if not ids:
        return set()
    return set(schools_managed_by(user).filter(pk__in=ids).values_list("pk", flat=True))


def users_managed_by(user):
    """The accounts this user may administer (reset a second factor, unlock): the staff
    of the schools they manage; superusers manage everyone."""
    User = get_user_model()
    if not getattr(user, "is_authenticated", False):
        return User.objects.none()
    if user.is_superuser:
        return User.objects.all()
    schools = schools_managed_by(user)
    return (
        User.objects.filter(groups__school_role__school__in=schools, is_superuser=False)
        .exclude(pk=user.pk)
        .distinct()
    )


def can_manage_user(user, target):
    if target is not None and getattr(user, "is_superuser", False):
        return True
    return target is not None and users_managed_by(user).filter(pk=target.pk).exists()


# --- What belongs to an office: its portal Site, settings, media, block list ---------
# A school's objects follow can_manage_school / can_see_school; these answer the same
# for the objects an office owns, so no screen decides office reach on its own.


def sites_managed_by(user):
    """The Sites whose record (hostname, root page) this user may change: superusers
    every Site; an office's administrators only the Sites of the schools they manage.
    A portal Site (an office's own) is the superusers' alone: its hostname and root
    decide what the province's and each ward's address serve."""
    if getattr(user, "is_superuser", False):
        return Site.objects.all()
    return Site.objects.filter(school__in=schools_managed_by(user))


def can_change_site(user, site):
    return site is not None and sites_managed_by(user).filter(pk=site.pk).exists()


def settings_sites_managed_by(user):
    """The Sites whose settings (motto, colours, quick links) an office's administrator
    may edit: those of the schools they manage and the portals of the offices they
    manage (their own office's and those below it). None: no office limit applies
    (superusers, a school's staff, whom Wagtail's per-site rights already limit)."""
    if getattr(user, "is_superuser", False) or not is_office_staff(user):
        return None
    if not is_office_admin(user):
        return Site.objects.none()
    if sees_every_office(user):
        return None
    return Site.objects.filter(
        Q(school__in=schools_managed_by(user)) | Q(office__in=offices_managed_by(user))
    )


def site_owner_office_ids(site_ids):
    """{site id: office id} for these Sites: a portal's office, a school's office."""
    rows = Office.objects.filter(site_id__in=site_ids).values_list("site_id", "pk")
    found = dict(rows)
    found.update(School.objects.filter(site_id__in=site_ids).values_list("site_id", "office_id"))
    return found


def can_see_site(user, site):
    """Office staff read what belongs to their subtree's schools and portals."""
    if site is None:
        return False
    if sees_every_office(user):
        return True
    school = School.objects.filter(site_id=site.pk).first()
    if school is not None:
        return can_see_school(user, school)
    office_id = Office.objects.filter(site_id=site.pk).values_list("pk", flat=True).first()
    return office_id is not None and office_id in offices_visible_to(user)


def block_patterns_visible_to(user):
    """Blocked-domain patterns an office's staff read: the install-wide ones (they
    apply to every school) and those of the offices they see."""
    patterns = BlockedDomainPattern.objects.all()
    if sees_every_office(user):
        return patterns
    if not is_office_staff(user):
        return patterns.none()
    return patterns.filter(Q(office__isnull=True) | Q(office_id__in=offices_visible_to(user)))


def block_patterns_managed_by(user):
    """Patterns this user may add, change and remove: install-wide ones are the Sở's
    (its administrators and superusers); a ward's administrators those of the offices
    they manage, never a neighbour's nor the Sở's."""
    patterns = BlockedDomainPattern.objects.all()
    if not is_office_admin(user):
        return patterns.none()
    offices = Q(office_id__in=offices_managed_by(user))
    return patterns.filter(
        offices | Q(office__isnull=True) if is_top_office_admin(user) else offices
    )


def may_set_block_pattern_office(user, office):
    """May `user` file a pattern under `office` (None: install-wide)?"""
    if office is None:
        return is_top_office_admin(user)
    return can_manage_office(user, office)


def hostname_office(hostname):
    """The office whose domain most closely covers `hostname` (a ward's domain under
    the Sở's is the ward's), or None (a name outside every office's domain)."""
    labels = (hostname or "").lower().rstrip(".").split(".")
    candidates = [".".join(labels[i:]) for i in range(len(labels))]
    offices = {o.domain: o for o in Office.objects.filter(domain__in=candidates)}
    for candidate in candidates:
        if candidate in offices:
            return offices[candidate]
    return None


def may_name_school_host(user, school, hostname):
    """May `user` give `school` the hostname `hostname`? A name under an office's domain
    is that office's to give out: the school's office or one above it, and one the user
    manages (a ward never hands out www.<Sở domain> or a sibling ward's names). A name
    outside every office's domain needs the office's proof (sites/domains.py)."""
    owner = hostname_office(hostname)
    if owner is None:
        return True
    above = ancestor_chain(school.office_id, office_tree(user))
    if owner.pk not in above:
        return False
    return user is None or getattr(user, "is_superuser", False) or can_manage_office(user, owner)


def school_collection_ids(school):
    """Ids of the school's collection and its children. Media querysets are filtered by
    these ids rather than by collection path, because Wagtail's search backend (chooser
    and API search) can filter on `collection_id` only."""
    return list(
        Collection.objects.filter(path__startswith=school.collection.path).values_list(
            "pk", flat=True
        )
    )


def media_collection_ids(user):
    """Ids of the collections whose images and documents `user` may see, or None when
    nothing is hidden (superusers, staff of an office over the whole install).

    A school's staff: their school's collection and its children. A ward's office staff:
    the collections of the schools they see and of the offices they see (their own and
    those below it), with their children. The root and collections nobody owns are the
    superusers' (and the top office's). A collection belongs to the school or office
    whose depth-2 collection it lies under: one filter on the path prefix, however many
    schools there are. Ids, not paths, because the search backend filters on
    `collection_id` only (see school_collection_ids)."""
    if not getattr(user, "is_authenticated", False):
        return []
    if sees_every_office(user):
        return None
    if not is_office_staff(user):
        school = user_school(user)
        return school_collection_ids(school) if school else []

    def compute():
        schools = schools_visible_to(user).values("collection__path")
        offices = Office.objects.filter(
            pk__in=offices_visible_to(user), collection__isnull=False
        ).values("collection__path")
        return list(
            Collection.objects.annotate(root=Substr("path", 1, Collection.steplen * 2))
            .filter(Q(root__in=schools) | Q(root__in=offices))
            .values_list("pk", flat=True)
        )

    return _cached(user, "_truongso_media_collection_ids", compute)


# --- A closed school's site is an archive -------------------------------------------
# Its pages (sites/wagtail_hooks.py), media and site settings stay readable and public;
# only a superuser still changes them (README "A school's life cycle").

WRITE_ACTIONS = frozenset({"add", "change", "delete"})


def archive_locks(user):
    """False for superusers (they may still correct an archive), True for everyone else."""
    return not getattr(user, "is_superuser", False)


def archived_collection_ids(user):
    """Ids of the collections (each closed school's collection and its children) whose
    media `user` may no longer add, change or delete; empty for superusers."""
    if not archive_locks(user):
        return []

    def compute():
        closed = School.objects.filter(closed_on__isnull=False).values("collection__path")
        return list(
            Collection.objects.annotate(root=Substr("path", 1, Collection.steplen * 2))
            .filter(root__in=closed)
            .values_list("pk", flat=True)
        )

    return _cached(user, "_truongso_archived_collection_ids", compute)


def site_is_archive_for(user, site_id):
    """Is the Site `site_id` a closed school's, locked for `user`?"""
    if not archive_locks(user) or site_id is None:
        return False
    return School.objects.filter(site_id=site_id, closed_on__isnull=False).exists()


def users_visible_to(user):
    """The user accounts an office screen may list for `user`: the staff of the schools
    they see and the staff of the offices they see (superusers: everyone)."""
    users = get_user_model().objects.all()
    if sees_every_office(user):
        return users
    if not is_office_staff(user):
        return users.none()
    return users.filter(
        Q(groups__school_role__school__in=schools_visible_to(user))
        | Q(office_membership__office_id__in=offices_visible_to(user))
    ).distinct()


def school_of_page(page):
    """The School a page belongs to (by tree path), or None for the portal."""
    return School.objects.select_related("collection").owning(page.path)


def page_in_school(page, school):
    return page.path.startswith(school.home_page.path)
