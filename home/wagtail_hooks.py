"""Admin hooks for how schools edit: the privacy guard, the approval trail, the
Vietnamese editor help, and the fixed sections that must stay fixed."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin import messages as admin_messages
from wagtail.admin.menu import MenuItem
from wagtail.models import Page

from sites.permissions import is_office_staff

from . import admin_urls
from .permissions import FIXED_PAGE_MESSAGE
from .privacy import PRIVACY_CONFIRM_FIELD, PRIVACY_LOG_ACTION, log_confirmation, scan_page
from .views.editing import remember_findings
from .views.moderation import visitor_message_viewset

# --- Privacy guard ------------------------------------------------------------------


@hooks.register("before_publish_page")
def stop_publishing_personal_data(request, page):
    """Runs after the draft is saved, before it goes live (create and edit views).
    With findings and no confirmation, the page stays a draft and the editor sees
    the findings above the form."""
    findings = scan_page(page)
    if not findings:
        remember_findings(request, page, [])
        return None
    if request.POST.get(PRIVACY_CONFIRM_FIELD):
        log_confirmation(page, request.user, findings, revision=page.latest_revision)
        remember_findings(request, page, [])
        return None
    remember_findings(request, page, findings)
    match = getattr(request, "resolver_match", None)
    if match and match.url_name == "add" and page.live:
        # The create view inserts the new page with live=True before this hook runs;
        # keep it as a draft.
        page.live = False
        page.has_unpublished_changes = True
        page.save(update_fields=["live", "has_unpublished_changes"], clean=False)
    messages.error(
        request,
        _(
            "Chưa xuất bản: trang có thể chứa dữ liệu cá nhân của học sinh. Hãy xem các mục "
            "được phát hiện ở đầu trang soạn thảo, sửa lại hoặc đánh dấu xác nhận rồi xuất bản lại."
        ),
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("after_edit_page")
def send_stopped_approval_to_privacy_review(request, page):
    """Approving from the editor's own action menu ignores where the task wanted to send
    the reviewer; if the final approval was held back by the privacy guard, go there."""
    if not (
        request.method == "POST"
        and request.POST.get("action-workflow-action")
        and request.POST.get("workflow-action-name") == "approve"
    ):
        return None
    task_state = page.current_workflow_task_state
    if task_state is None or not task_state.workflow_state.is_at_final_task:
        return None
    if task_state.task.specific.get_actions(page, request.user) and scan_page(
        page.get_latest_revision().as_object()
    ):
        return redirect("editing_privacy_review", page.pk)
    return None


@hooks.register("register_log_actions")
def register_privacy_log_actions(actions):
    actions.register_action(
        PRIVACY_LOG_ACTION,
        gettext_lazy("Xác nhận xuất bản dù có cảnh báo dữ liệu cá nhân"),
        gettext_lazy("Đã xác nhận xuất bản dù có cảnh báo dữ liệu cá nhân"),
    )


# --- Menus and URLs -----------------------------------------------------------------


class OfficeMenuItem(MenuItem):
    def is_shown(self, request):
        return is_office_staff(request.user)


@hooks.register("register_admin_menu_item")
def register_office_trail_menu_item():
    return OfficeMenuItem(
        gettext_lazy("Nhật ký duyệt các trường"),
        reverse("editing_office_trail"),
        icon_name="history",
        order=9000,
    )


@hooks.register("register_admin_urls")
def register_editing_urls():
    return [path("", include(admin_urls))]


@hooks.register("register_admin_menu_item")
def register_help_menu_item():
    return MenuItem(
        gettext_lazy("Hướng dẫn sử dụng"), reverse("editing_help"), icon_name="help", order=10000
    )


@hooks.register("register_admin_viewset")
def register_visitor_message_viewset():
    return visitor_message_viewset


# --- Fixed sections stay fixed -----------------------------------------------------


def _is_fixed(page):
    return getattr(page.specific_class, "is_fixed_page", False)


def _refuse_fixed(request, page):
    if request.user.is_superuser or not _is_fixed(page):
        return None
    admin_messages.error(request, str(FIXED_PAGE_MESSAGE))
    return redirect("wagtailadmin_explore", page.get_parent().pk if page.depth > 2 else page.pk)


@hooks.register("before_delete_page")
def keep_fixed_pages_on_delete(request, page):
    return _refuse_fixed(request, page)


@hooks.register("before_move_page")
def keep_fixed_pages_on_move(request, page, destination):
    return _refuse_fixed(request, page)


@hooks.register("before_copy_page")
def keep_fixed_pages_on_copy(request, page):
    return _refuse_fixed(request, page)


@hooks.register("before_bulk_action")
def keep_fixed_pages_in_bulk(request, action_type, objects, action_class_instance):
    if action_type not in ("delete", "move", "unpublish"):
        return None
    if request.user.is_superuser:
        return None
    if any(isinstance(obj, Page) and _is_fixed(obj) for obj in objects):
        raise PermissionDenied(_("Không được xoá, di chuyển hay ngừng xuất bản mục cố định."))
    return None
