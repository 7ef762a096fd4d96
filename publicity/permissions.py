"""The catalogue is install-wide data (the national TT 09/2024 checklist): the
administrators of a top office (the province's Sở) edit it, every office's staff may
read it, school users never reach it. A school-year calendar belongs to one office: that
office's administrators (and those above it) set it; the screens scope the rows. Only a
superuser deletes the catalogue (retire instead)."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from wagtail.permission_policies.base import BasePermissionPolicy

from sites.permissions import (
    is_top_office_admin,
    schools_managed_by,
    schools_visible_to,
    user_holds_role,
    user_school,
)
from sites.roles import OfficeRole, SchoolRole

from .access import OFFICE_GROUP_NAMES, is_office_admin, is_office_staff


def _office_staff(actions):
    users = get_user_model().objects.filter(is_active=True)
    names = OFFICE_GROUP_NAMES if "view" in actions else (str(OfficeRole.ADMINISTRATOR.label),)
    return users.filter(Q(is_superuser=True) | Q(groups__name__in=names)).distinct()


class OfficeCataloguePolicy(BasePermissionPolicy):
    def user_has_permission(self, user, action):
        if action == "delete":
            return bool(user.is_active and user.is_superuser)
        if action == "view":
            return is_office_staff(user)
        return is_top_office_admin(user)

    def users_with_any_permission(self, actions):
        actions = set(actions)
        users = get_user_model().objects.filter(is_active=True)
        if actions <= {"delete"}:
            return users.filter(is_superuser=True)
        if "view" in actions:
            return _office_staff(actions)
        return users.filter(
            Q(is_superuser=True)
            | Q(
                office_membership__role=OfficeRole.ADMINISTRATOR,
                office_membership__office__parent__isnull=True,
            )
        ).distinct()


class OfficeCalendarPolicy(BasePermissionPolicy):
    """Office staff read the calendars of their subtree; its administrators set them."""

    def user_has_permission(self, user, action):
        if action == "view":
            return is_office_staff(user)
        return is_office_admin(user)

    def users_with_any_permission(self, actions):
        return _office_staff(set(actions))


# The school roles that keep the school's Công khai (its section's editors): they record
# changes and declarations; teachers and subject-group heads do not read them.
RECORDING_ROLES = (SchoolRole.EDITOR, SchoolRole.PRINCIPAL)


def records_events_for(user):
    """The school whose Công khai events `user` records, or None."""
    school = user_school(user)
    if school is None or not any(user_holds_role(user, school, r) for r in RECORDING_ROLES):
        return None
    return school


def school_events_in_reach(model, user, action):
    """The events (`model`: DisclosureChange or DisclosureDeferral) `user` may open for
    `action`: a school's recorders their school's; office staff read their subtree's
    schools' and its administrators correct those of the schools they manage."""
    rows = model.objects.all()
    if not getattr(user, "is_authenticated", False):
        return rows.none()
    if user.is_superuser:
        return rows
    school = records_events_for(user)
    if school is not None:
        return rows.filter(school=school)
    if action == "view" and is_office_staff(user):
        return rows.filter(school__in=schools_visible_to(user))
    if is_office_admin(user):
        return rows.filter(school__in=schools_managed_by(user))
    return rows.none()


class SchoolEventPolicy(BasePermissionPolicy):
    """Changes and "chưa ban hành" declarations: a school's editors and principal record
    them (the screens scope them to the school); office staff read them, office
    administrators may correct them."""

    def user_has_permission(self, user, action):
        if not getattr(user, "is_authenticated", False):
            return False
        if user_school(user) is not None:
            return records_events_for(user) is not None
        if action == "view":
            return is_office_staff(user)
        return is_office_admin(user)

    def instances_user_has_any_permission_for(self, user, actions):
        rows = self.model.objects.none()
        for action in actions:
            if self.user_has_permission(user, action):
                rows = rows | school_events_in_reach(self.model, user, action)
        return rows

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return (
            self.instances_user_has_any_permission_for(user, actions)
            .filter(pk=instance.pk)
            .exists()
        )

    def users_with_any_permission(self, actions):
        return get_user_model().objects.filter(is_active=True)
