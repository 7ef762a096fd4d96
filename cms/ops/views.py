"""Operations screens: background work the worker gave up on."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from sites.permissions import is_office_admin

from .task_failures import failed_tasks, waiting_retries


class FailedTasksView(WagtailAdminTemplateMixin, TemplateView):
    """Tác vụ nền bị lỗi: work the worker gave up on (e.g. an e-mail after its last
    retry), so the office administrator can act (wrong address, mail server down)."""

    template_name = "cms/admin/failed_tasks.html"
    page_title = gettext_lazy("Tác vụ nền bị lỗi")
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        if not is_office_admin(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            failed=failed_tasks(user=self.request.user), waiting_retries=waiting_retries(), **kwargs
        )
