"""The office's block list of link domains in the admin (Cài đặt → Tên miền bị chặn):
office administrators add, change and remove patterns; inspectors read; schools never."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import BlockedDomainPattern
from .permissions import is_office_admin, is_office_staff


class OfficeAdminPolicy(ModelPermissionPolicy):
    """Decided by office role, not by Django permissions a school group could be given."""

    def user_has_permission(self, user, action):
        if action == "view":
            return is_office_staff(user)
        return is_office_admin(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(BlockedDomainPattern, OfficeAdminPolicy(BlockedDomainPattern))


class BlockedDomainPatternViewSet(ModelViewSet):
    model = BlockedDomainPattern
    icon = "warning"
    menu_label = _("Tên miền bị chặn")
    add_to_settings_menu = True
    name = "ten_mien_bi_chan"
    url_prefix = "ten-mien-bi-chan"
    form_fields = ["pattern", "kind", "site_kind", "note", "is_active", "office"]
    list_display = ["pattern", "kind", "site_kind", "note", "is_active", "office"]
    list_filter = ["kind", "site_kind", "is_active"]
    search_fields = ["pattern", "note"]


block_list_viewset = BlockedDomainPatternViewSet()
