"""Moderating what visitors send: one admin list per school, scoped like its media.

A school's editors and principal see and answer their own school's questions and
comments; office staff read every school's (through schools_visible_to); nobody else
sees any. Visitor text is shown as text (Django's escaping), never as links."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from home.visitors import VisitorMessage
from home.workflows import user_holds_role
from sites.permissions import is_office_staff, schools_visible_to, user_school
from sites.reach_views import ReachViewSetMixin
from sites.roles import SchoolRole

MODERATING_ROLES = (SchoolRole.EDITOR, SchoolRole.PRINCIPAL)


def moderates_for_school(user):
    """The school whose messages `user` answers, or None."""
    school = user_school(user)
    if school is None:
        return None
    if any(user_holds_role(user, school, role) for role in MODERATING_ROLES):
        return school
    return None


class VisitorMessagePermissionPolicy(BasePermissionPolicy):
    """Messages arrive from visitors only (no "add"); school moderators change their
    own; office staff only read; a superuser does all."""

    def user_has_permission(self, user, action):
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return False
        if user.is_superuser:
            return action in ("view", "change", "delete")
        if action == "view" and is_office_staff(user):
            return True
        return action in ("view", "change", "delete") and moderates_for_school(user) is not None

    def instances_user_has_permission_for(self, user, action):
        if not self.user_has_permission(user, action):
            return VisitorMessage.objects.none()
        if user.is_superuser:
            return VisitorMessage.objects.all()
        school = moderates_for_school(user)
        if school is not None:
            return VisitorMessage.objects.filter(school=school)
        return VisitorMessage.objects.filter(school__in=schools_visible_to(user))

    def user_has_permission_for_instance(self, user, action, instance):
        return self.instances_user_has_permission_for(user, action).filter(pk=instance.pk).exists()

    def users_with_permission(self, action):
        raise NotImplementedError  # not used by the admin views


POLICY = VisitorMessagePermissionPolicy(VisitorMessage)
register_permission_policy(VisitorMessage, POLICY)


class ScopedToSchool:
    """The object views find their object only among the user's own school's messages:
    another school's id is a 404, whatever the URL says."""

    scope_action = "change"

    def get_queryset(self):
        return POLICY.instances_user_has_permission_for(self.request.user, self.scope_action)


class VisitorMessageIndexView(generic.IndexView):
    def get_base_queryset(self):
        # Wagtail's ModelViewSet lists every row of the model; scope it here.
        return POLICY.instances_user_has_permission_for(self.request.user, "view").select_related(
            "school"
        )


class VisitorMessageEditView(ScopedToSchool, generic.EditView):
    pass


class VisitorMessageDeleteView(ScopedToSchool, generic.DeleteView):
    scope_action = "delete"


class VisitorMessageViewSet(ReachViewSetMixin, ModelViewSet):
    model = VisitorMessage
    name = "hoi_dap"
    url_prefix = "hoi-dap"
    icon = "help"
    menu_label = _("Hỏi đáp, góp ý")
    menu_order = 250
    add_to_admin_menu = True
    add_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = False
    list_filter = ["kind", "status"]
    search_fields = ["text"]
    search_backend_name = None
    list_display = [
        TitleColumn("text", label=_("Nội dung"), accessor="__str__", url_name="hoi_dap:edit"),
        Column("kind", label=_("Loại"), accessor="get_kind_display"),
        Column("status", label=_("Trạng thái"), accessor="get_status_display"),
        Column("school", label=_("Trường"), accessor="school"),
        DateColumn("created_at", label=_("Gửi lúc")),
    ]
    panels = [
        FieldPanel("kind", read_only=True),
        FieldPanel("name", read_only=True),
        FieldPanel("contact", read_only=True),
        FieldPanel("text", read_only=True),
        FieldPanel("created_at", read_only=True),
        FieldPanel("answer"),
        FieldPanel("status"),
    ]

    index_view_class = VisitorMessageIndexView
    edit_view_class = VisitorMessageEditView
    delete_view_class = VisitorMessageDeleteView

    def reach(self, request, action):
        # History and usage too: a parent's question is read by its own school's
        # moderators and the offices above that school only.
        return POLICY.instances_user_has_permission_for(request.user, action)


visitor_message_viewset = VisitorMessageViewSet()
