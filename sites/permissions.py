"""Who a user is in the tenancy: a school's staff, office staff or a superuser.

Wagtail's permissions already stop a school user from editing another school's pages
and media; these predicates close the gaps Wagtail leaves global (choosers, menus,
references in form posts) and decide who may use the office screens.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.functions import Substr

from wagtail.models import Collection

from .models import OfficeMembership, School, subtree_ids
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
    """Ids of the offices where this user may add schools and office staff."""
    return offices_visible_to(user) if is_office_admin(user) else set()


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
    the collections of the schools they see (and their children) plus the collections
    under no school (the office-wide ones, the root). A collection belongs to the school
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
        roots = School.objects.values("collection__path")
        visible = schools_visible_to(user).values("collection__path")
        return list(
            Collection.objects.annotate(root=Substr("path", 1, Collection.steplen * 2))
            .filter(Q(root__in=visible) | ~Q(root__in=roots))
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
