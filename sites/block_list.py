"""The block list of link domains in the admin (Cài đặt → Tên miền bị chặn).

Install-wide patterns (no office) are the Sở's: its administrators and superusers add,
change and remove them. A ward's administrators do the same for the patterns of the
offices they manage (their own), never a neighbour's nor the Sở's; every office's staff
read the install-wide patterns and their subtree's. Schools never reach the screen.
Reach goes through sites.permissions (block_patterns_visible_to / _managed_by)."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import BlockedDomainPattern, Office
from .permissions import (
    block_patterns_managed_by,
    block_patterns_visible_to,
    is_office_admin,
    is_office_staff,
    is_top_office_admin,
    offices_managed_by,
)
from .reach_views import ReachViewSetMixin


class OfficeAdminPolicy(ModelPermissionPolicy):
    """Decided by office role, not by Django permissions a school group could be given."""

    def user_has_permission(self, user, action):
        if action == "view":
            return is_office_staff(user)
        return is_office_admin(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class BlockListPolicy(OfficeAdminPolicy):
    """Per pattern: the sites predicates say whose it is."""

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return BlockedDomainPattern.objects.none()
        if set(actions) <= {"view"}:
            return block_patterns_visible_to(user)
        return block_patterns_managed_by(user)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return (
            self.instances_user_has_any_permission_for(user, actions)
            .filter(pk=instance.pk)
            .exists()
        )


register_permission_policy(BlockedDomainPattern, BlockListPolicy(BlockedDomainPattern))


class BlockedDomainPatternForm(WagtailAdminModelForm):
    """The office offered is one the user manages; "install-wide" (blank) only to the
    Sở's administrators. A posted id outside that list is refused by the field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("office")
        if field is not None and self.for_user is not None:
            field.queryset = Office.objects.filter(
                pk__in=offices_managed_by(self.for_user)
            ).order_by("name")
            field.required = not is_top_office_admin(self.for_user)

    class Meta:
        model = BlockedDomainPattern
        fields = ["pattern", "kind", "site_kind", "note", "is_active", "office"]


class BlockedDomainPatternIndexView(generic.IndexView):
    def get_base_queryset(self):
        return block_patterns_visible_to(self.request.user).select_related("office")


class BlockedDomainPatternViewSet(ReachViewSetMixin, ModelViewSet):
    model = BlockedDomainPattern
    icon = "warning"
    menu_label = _("Tên miền bị chặn")
    add_to_settings_menu = True
    name = "ten_mien_bi_chan"
    url_prefix = "ten-mien-bi-chan"
    index_view_class = BlockedDomainPatternIndexView
    list_display = ["pattern", "kind", "site_kind", "note", "is_active", "office"]
    list_filter = ["kind", "site_kind", "is_active"]
    search_fields = ["pattern", "note"]

    def get_form_class(self, for_update=False):
        return BlockedDomainPatternForm

    def reach(self, request, action):
        if action == "view":
            return block_patterns_visible_to(request.user)
        return block_patterns_managed_by(request.user)


block_list_viewset = BlockedDomainPatternViewSet()
