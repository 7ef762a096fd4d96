"""The catalogue is office-wide data: office administrators edit it, office inspectors
may read it, school users never reach it. Only a superuser deletes (retire instead)."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from wagtail.permission_policies.base import BasePermissionPolicy

from sites.permissions import user_school
from sites.roles import OfficeRole

from .access import OFFICE_GROUP_NAMES, is_office_admin, is_office_staff


class OfficeCataloguePolicy(BasePermissionPolicy):
    def user_has_permission(self, user, action):
        if action == "delete":
            return bool(user.is_active and user.is_superuser)
        if action == "view":
            return is_office_staff(user)
        return is_office_admin(user)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        actions = set(actions)
        if actions <= {"delete"}:
            return users.filter(is_superuser=True)
        names = OFFICE_GROUP_NAMES if "view" in actions else (str(OfficeRole.ADMINISTRATOR.label),)
        return users.filter(Q(is_superuser=True) | Q(groups__name__in=names)).distinct()


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
