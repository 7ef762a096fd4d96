"""Cài đặt → Chuyên mục trang web cũ: where an old website's categories go when it is
imported (OldCategoryRule). Office administrators add and change their offices' rules,
which win over the shared ones; the shared rules (office left blank) are changed only by
those who reach every office. Inspectors read; schools never (sites.block_list's policy)."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from sites.block_list import OfficeAdminPolicy
from sites.models import Office
from sites.permissions import offices_managed_by, offices_visible_to, sees_every_office
from sites.reach_views import ReachViewSetMixin

from .models import OldCategoryRule

register_permission_policy(OldCategoryRule, OfficeAdminPolicy(OldCategoryRule))


def visible_rules(user):
    return OldCategoryRule.objects.filter(office__in=offices_visible_to(user)) | (
        OldCategoryRule.objects.filter(office__isnull=True)
    )


def editable_rules(user):
    rules = OldCategoryRule.objects.filter(office__in=offices_managed_by(user))
    if sees_every_office(user):
        rules = rules | OldCategoryRule.objects.filter(office__isnull=True)
    return rules


class RuleForm(WagtailAdminModelForm):
    """The office may be left blank (a shared rule) only by those who reach every office."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offices = Office.objects.filter(pk__in=offices_managed_by(self.for_user))
        self.fields["office"].queryset = offices.order_by("name")
        self.fields["office"].required = not sees_every_office(self.for_user)

    class Meta:
        model = OldCategoryRule
        fields = ["office", "words", "target", "order"]


class ScopedQueryset:
    def get_base_queryset(self):
        return visible_rules(self.request.user).select_related("office")


class OldCategoryRuleViewSet(ReachViewSetMixin, ModelViewSet):
    model = OldCategoryRule
    icon = "tag"
    menu_label = _("Chuyên mục trang web cũ")
    add_to_settings_menu = True
    name = "chuyen_muc_trang_cu"
    url_prefix = "chuyen-muc-trang-cu"
    form_fields = ["office", "words", "target", "order"]
    list_display = ["words", "target", "office", "order"]
    search_fields = ["words"]
    ordering = ["office", "order", "pk"]
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_form_class(self, for_update=False):
        return RuleForm

    @property
    def index_view_class(self):
        return type("RuleIndexView", (ScopedQueryset, super().index_view_class), {})

    @property
    def edit_view_class(self):
        return type("RuleEditView", (_Editable, super().edit_view_class), {})

    @property
    def delete_view_class(self):
        return type("RuleDeleteView", (_Editable, super().delete_view_class), {})

    def reach(self, request, action):
        # History and usage too: another ward's rules are not found.
        if action == "view":
            return visible_rules(request.user)
        return editable_rules(request.user)


class _Editable:
    """Edit and delete reach only the rules this administrator may change (else 404)."""

    def get_object(self, queryset=None):
        return super().get_object(editable_rules(self.request.user))


category_rules_viewset = OldCategoryRuleViewSet()
