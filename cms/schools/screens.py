"""What the office's school screens share: office-only forms in the Wagtail admin's own
look, and the screens about one school the user manages (403 first for those without the
permission, then 404 for a school outside their reach: sites.permissions)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from sites.models import School
from sites.permissions import schools_managed_by


def require_permission(request, codename):
    if not request.user.has_perm(f"sites.{codename}"):
        raise PermissionDenied


class OfficeFormView(WagtailAdminTemplateMixin, FormView):
    """An office-only form in the Wagtail admin's own look."""

    permission_codename = "add_school"
    template_name = "sites/admin/form.html"
    header_icon = "group"
    submit_button_label = _("Lưu")
    url_namespace = "truong_hoc"

    def dispatch(self, request, *args, **kwargs):
        require_permission(request, self.permission_codename)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(f"{self.url_namespace}:index"), "label": _("Trường học")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            action_url=self.request.get_full_path(), submit_button_label=self.submit_button_label
        )
        return context

    def get_success_url(self):
        return reverse(f"{self.url_namespace}:index")


class ManagedSchoolFormView(OfficeFormView):
    """A form about one school (`pk`) among those the user manages."""

    model = School  # `pk` names a school (the admin guard and the isolation matrix)
    permission_codename = "change_school"

    def dispatch(self, request, *args, **kwargs):
        require_permission(request, self.permission_codename)  # 403 first, then 404
        self.school = get_object_or_404(
            schools_managed_by(request.user).select_related("site", "office", "home_page"),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)
