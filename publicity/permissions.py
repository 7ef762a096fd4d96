"""The catalogue is install-wide data (the national TT 09/2024 checklist): the
administrators of a top office (the province's Sở) edit it, every office's staff may
read it, school users never reach it. A school-year calendar belongs to one office: that
office's administrators (and those above it) set it; the screens scope the rows. Only a
superuser deletes the catalogue (retire instead)."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from wagtail.permission_policies.base import BasePermissionPolicy

from sites.permissions import is_top_office_admin, user_school
from sites.roles import OfficeRole

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


class SchoolEventPolicy(BasePermissionPolicy):
    """Changes and "chưa ban hành" declarations: a school's own people record them (the
    screens scope them to the school); office staff read them, office administrators
    may correct them."""

    def user_has_permission(self, user, action):
        if not getattr(user, "is_authenticated", False):
            return False
        if user_school(user) is not None:
            return True
        if action == "view":
            return is_office_staff(user)
        return is_office_admin(user)

    def users_with_any_permission(self, actions):
        return get_user_model().objects.filter(is_active=True)
