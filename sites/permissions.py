"""Who a user is in the tenancy: a school's staff, office staff or a superuser.

Wagtail's permissions already stop a school user from editing another school's pages
and media; these predicates close the gaps Wagtail leaves global (choosers, menus,
references in form posts) and decide who may use the office screens.
"""

from django.contrib.auth import get_user_model

from wagtail.models import Collection

from .models import School
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


def _office_roles(user):
    def compute():
        labels = {str(role.label): role for role in OfficeRole}
        return {
            labels[name]
            for name in user.groups.filter(name__in=labels).values_list("name", flat=True)
        }

    return _cached(user, "_truongso_office_roles", compute)


def is_office_admin(user):
    """Office administrators (and superusers) manage schools and their users."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or OfficeRole.ADMINISTRATOR in _office_roles(user)


def is_office_staff(user):
    """Administrators and inspectors: they see every school."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or bool(_office_roles(user))


def is_school_user(user):
    """Staff of one school (and nothing more): everything they see is scoped to it."""
    return user_school(user) is not None and not is_office_staff(user)


# --- The one answer to "which schools may this user see / manage" -----------------
# Every office-facing screen (dashboards, reports, exports, user management, reminders,
# the approval trail) filters through these two, so widening them to a tree of offices
# widens every screen at once.


def schools_visible_to(user):
    """The schools whose data this user may read: office staff (administrators and
    inspectors) see their office's schools, a school's staff only their own school."""
    if not getattr(user, "is_authenticated", False):
        return School.objects.none()
    if user.is_superuser or is_office_staff(user):
        return School.objects.all()
    school = user_school(user)
    return School.objects.filter(pk=school.pk) if school else School.objects.none()


def schools_managed_by(user):
    """The schools this user may administer (create, change, manage their people)."""
    if is_office_admin(user):
        return School.objects.all()
    return School.objects.none()


def can_see_school(user, school):
    return school is not None and schools_visible_to(user).filter(pk=school.pk).exists()


def can_manage_school(user, school):
    return school is not None and schools_managed_by(user).filter(pk=school.pk).exists()


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


def school_of_page(page):
    """The School a page belongs to (by tree path), or None for the portal."""
    return School.objects.select_related("collection").owning(page.path)


def page_in_school(page, school):
    return page.path.startswith(school.home_page.path)
