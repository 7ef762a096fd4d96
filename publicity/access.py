"""Who may see what: office roles see every school; a school's people see only theirs."""

from sites.roles import OfficeRole

OFFICE_GROUP_NAMES = tuple(str(role.label) for role in OfficeRole)


def is_office_staff(user):
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_publicity_office_staff", None)
    if cached is None:
        cached = user.groups.filter(name__in=OFFICE_GROUP_NAMES).exists()
        user._publicity_office_staff = cached
    return cached


def is_office_admin(user):
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_publicity_office_admin", None)
    if cached is None:
        cached = user.groups.filter(name=str(OfficeRole.ADMINISTRATOR.label)).exists()
        user._publicity_office_admin = cached
    return cached


def schools_of(user):
    from sites.models import School

    if not (user and user.is_authenticated):
        return School.objects.none()
    return School.objects.filter(role_groups__group__user=user).distinct()


def can_view_school(user, school):
    return is_office_staff(user) or schools_of(user).filter(pk=school.pk).exists()
