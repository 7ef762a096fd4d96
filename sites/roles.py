"""The roles people hold in a school or in the office, and what each may do."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SchoolRole(models.TextChoices):
    EDITOR = "editor", _("Biên tập viên")
    TEACHER = "teacher", _("Giáo viên")
    GROUP_HEAD = "group_head", _("Tổ trưởng chuyên môn")
    PRINCIPAL = "principal", _("Hiệu trưởng")


class OfficeRole(models.TextChoices):
    ADMINISTRATOR = "office_admin", _("Quản trị viên phòng giáo dục")
    INSPECTOR = "office_inspector", _("Chuyên viên kiểm tra")


# Page permissions of the roles that work on the whole school subtree; the other roles
# get SECTION_PAGE_PERMISSIONS on the sections that name them (home/sections.py).
SCHOOL_PAGE_PERMISSIONS = {
    SchoolRole.EDITOR: ("add_page", "change_page", "lock_page", "unlock_page"),
    SchoolRole.PRINCIPAL: ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
}
SECTION_PAGE_PERMISSIONS = ("add_page", "change_page")

# Collection permissions (images and documents) on the school's own collection.
COLLECTION_PERMISSIONS = {
    SchoolRole.EDITOR: ("add", "change", "choose"),
    SchoolRole.TEACHER: ("add", "choose"),
    SchoolRole.GROUP_HEAD: ("add", "choose"),
    SchoolRole.PRINCIPAL: ("add", "change", "choose", "delete"),
}

# Who may edit the school's site settings (identity, quick links). Settings have no
# workflow and show on every public page, so only the principal, who answers for the site.
SETTINGS_ROLES = (SchoolRole.PRINCIPAL,)
