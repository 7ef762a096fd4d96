"""Why a school's home and its four sections cannot be removed by school staff."""

from django.utils.translation import gettext_lazy as _

from wagtail.models import PagePermissionTester

FIXED_PAGE_MESSAGE = _(
    "Đây là mục cố định của trang web trường; chỉ quản trị hệ thống mới được xoá, "
    "di chuyển, ngừng xuất bản hoặc đổi đường dẫn."
)


class FixedPagePermissionTester(PagePermissionTester):
    """Everyone but a superuser loses delete, move, unpublish, copy and privacy (password,
    login or group restrictions) on fixed pages: a restricted Công khai section or school
    home would hide what the law requires to be public."""

    def _superuser_only(self, allowed):
        return allowed and self.user.is_superuser

    def can_delete(self, ignore_bulk=False):
        return self._superuser_only(super().can_delete(ignore_bulk))

    def can_unpublish(self):
        return self._superuser_only(super().can_unpublish())

    def can_move(self):
        return self._superuser_only(super().can_move())

    def can_move_to(self, destination):
        return self._superuser_only(super().can_move_to(destination))

    def can_copy(self):
        return self._superuser_only(super().can_copy())

    def can_copy_to(self, destination, recursive=False):
        return self._superuser_only(super().can_copy_to(destination, recursive))

    def can_set_view_restrictions(self):
        return self._superuser_only(super().can_set_view_restrictions())


class FixedPageMixin:
    """For page types that are part of every school's fixed skeleton."""

    is_fixed_page = True

    def permissions_for_user(self, user):
        return FixedPagePermissionTester(user, self)
