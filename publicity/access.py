"""Who may see what in Công khai: office staff see the schools of their office's subtree;
a school's people see only theirs. Built on the tenancy predicates in sites/permissions.py."""

from sites.permissions import (
    can_see_school,
    is_office_admin,
    is_office_staff,
    user_holds_role,
    user_school,
)
from sites.roles import OfficeRole, SchoolRole

__all__ = [
    "OFFICE_GROUP_NAMES",
    "can_import_sector_data",
    "can_post_disclosure",
    "can_view_school",
    "sector_data_school",
    "is_office_admin",
    "is_office_staff",
    "schools_of",
]

OFFICE_GROUP_NAMES = tuple(str(role.label) for role in OfficeRole)


def schools_of(user):
    """The schools whose panel this user sees (one: a user belongs to one school)."""
    school = user_school(user)
    return [school] if school else []


def can_view_school(user, school):
    return can_see_school(user, school)


def sector_data_school(user):
    """The school whose sector database exports `user` may import (its principal, who
    answers for the figures), or None."""
    school = user_school(user)
    if school is None or is_office_staff(user) or school.is_closed:
        return None
    return school if user_holds_role(user, school, SchoolRole.PRINCIPAL) else None


def can_import_sector_data(user):
    return sector_data_school(user) is not None


def can_post_disclosure(user, index):
    """May `user` add an item under the school's Công khai section? The "Đăng" and
    "Cập nhật" buttons show only then: an inspector reads, and is never sent to
    "Bạn không có quyền…". Decided by the page permission policy (sites/page_policy.py)."""
    return index is not None and index.permissions_for_user(user).can_add_subpage()
