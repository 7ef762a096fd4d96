"""Admin hooks for how schools edit: the privacy guard, the approval trail, the
Vietnamese editor help, and the fixed sections that must stay fixed."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html, json_script
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin import messages as admin_messages
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import log as log_action
from wagtail.models import Page

from sites.admin_menu import MenuItemFor
from sites.permissions import is_office_staff

from . import admin_urls
from .document_access import may_download
from .document_access import refuse as refuse_document
from .links import BLOCKED_LOG_ACTION, NEW_DOMAINS_CONFIRM_FIELD, NEW_DOMAINS_LOG_ACTION
from .models import NewsPage
from .permissions import FIXED_PAGE_MESSAGE
from .privacy import PRIVACY_CONFIRM_FIELD, PRIVACY_LOG_ACTION, log_confirmation
from .publishing import domains_new_to_school, page_findings, revision_findings
from .rich_text import ExternalLinkHandler
from .slugs import js_formatters
from .views.editing import remember_findings
from .views.moderation import visitor_message_viewset
from .views.page_editor import guarded_page_viewset

# --- Privacy guard ------------------------------------------------------------------


@hooks.register("before_publish_page")
def stop_publishing_personal_data(request, page):
    """Runs after the draft is saved, before it goes live (create and edit views).
    With findings and no confirmation, the page stays a draft and the editor sees
    the findings above the form."""
    findings = page_findings(page, request)
    if not findings:
        remember_findings(request, page, [])
        return None
    if request.POST.get(PRIVACY_CONFIRM_FIELD):
        log_confirmation(page, request.user, findings, revision=page.latest_revision)
        remember_findings(request, page, [])
        return None
    remember_findings(request, page, findings)
    _keep_new_page_a_draft(request, page)
    messages.error(
        request,
        _(
            "Chưa xuất bản: trang có thể chứa dữ liệu cá nhân của học sinh. Hãy xem các mục "
            "được phát hiện ở đầu trang soạn thảo, sửa lại hoặc đánh dấu xác nhận rồi xuất bản lại."
        ),
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


def _keep_new_page_a_draft(request, page):
    match = getattr(request, "resolver_match", None)
    if match and match.url_name == "add" and page.live:
        # The create view inserts the new page with live=True before this hook runs;
        # keep it as a draft.
        page.live = False
        page.has_unpublished_changes = True
        page.save(update_fields=["live", "has_unpublished_changes"], clean=False)


@hooks.register("before_publish_page")
def stop_publishing_new_domains_unseen(request, page):
    """The principal's "Xuất bản" (and the scheduled go-live set from the editor) meets the
    same check as an approval: a change adding domains new to the school is published
    only once someone ticked that they looked at them (listed above the form)."""
    domains = domains_new_to_school(page)
    if not domains:
        return None
    if request.POST.get(NEW_DOMAINS_CONFIRM_FIELD):
        log_action(
            page,
            NEW_DOMAINS_LOG_ACTION,
            user=request.user,
            revision=page.latest_revision,
            data={"domains": domains},
        )
        return None
    _keep_new_page_a_draft(request, page)
    messages.error(
        request,
        _(
            "Chưa xuất bản: bản sửa có liên kết tới tên miền lần đầu xuất hiện trên trang "
            "web của trường (%(domains)s). Hãy xem danh sách ở đầu trang soạn thảo, đánh "
            "dấu xác nhận rồi bấm Xuất bản lại."
        )
        % {"domains": ", ".join(domains)},
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("before_bulk_action")
def refuse_bulk_publishing_personal_data(request, action_type, objects, action_class_instance):
    """Bulk publish has no place to show findings or tick a confirmation: a page whose
    latest revision has personal-data findings is published from its editor. The scan is
    kept with the revision, so the publish signal after does not scan again."""
    if action_type != "publish":
        return None
    for page in (page.specific for page in _pages_to_publish(request, objects)):
        latest = page.get_latest_revision()
        if latest is not None and revision_findings(latest, request):
            messages.error(
                request,
                _(
                    "%(title)s: trang có thể chứa dữ liệu cá nhân của học sinh. Hãy mở trang, "
                    "xem các mục được phát hiện rồi xuất bản từ trang soạn thảo."
                )
                % {"title": page.title},
            )
            return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


def _pages_to_publish(request, objects):
    pages = [obj for obj in objects if isinstance(obj, Page)]
    if request.POST.get("include_descendants"):
        for page in list(pages):
            pages += list(page.get_descendants().filter(has_unpublished_changes=True))
    return pages


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
    if task_state.task.specific.get_actions(page, request.user) and revision_findings(
        page.get_latest_revision(), request
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
    actions.register_action(
        NEW_DOMAINS_LOG_ACTION,
        gettext_lazy("Xác nhận xuất bản liên kết tới tên miền mới với trường"),
        gettext_lazy("Đã xác nhận xuất bản liên kết tới tên miền mới với trường"),
    )
    actions.register_action(
        BLOCKED_LOG_ACTION,
        gettext_lazy("Chặn xuất bản: liên kết tới tên miền bị chặn"),
        gettext_lazy("Không xuất bản vì có liên kết tới tên miền bị chặn"),
    )


# --- Links -----------------------------------------------------------------------------


@hooks.register("before_bulk_action")
def refuse_bulk_publishing_blocked_links(request, action_type, objects, action_class_instance):
    """Bulk publish goes through Page.publish too, which would refuse with an error page;
    stop before anything is published and name the link instead."""
    if action_type != "publish":
        return None
    for page in _pages_to_publish(request, objects):
        specific = page.specific
        check = getattr(specific, "publish_blocked_error", None)
        error = check(specific.get_latest_revision()) if check else None
        if error is not None:
            messages.error(request, f"{specific.title}: {error.messages[0]}")
            return redirect("wagtailadmin_explore", page.get_parent().pk)
        # No bulk road past the list of domains new to the school: publish that page from
        # its editor, where the list and the confirmation are.
        domains = domains_new_to_school(specific) if check else []
        if domains:
            messages.error(
                request,
                _(
                    "%(title)s: bản sửa có liên kết tới tên miền mới với trường (%(domains)s). "
                    "Hãy mở trang, xem và xác nhận các tên miền này rồi xuất bản từ trang soạn thảo."
                )
                % {"title": specific.title, "domains": ", ".join(domains)},
            )
            return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


@hooks.register("register_rich_text_features")
def render_external_links_nofollow(features):
    features.register_link_type(ExternalLinkHandler)


# --- Menus and URLs -----------------------------------------------------------------


@hooks.register("register_admin_menu_item")
def register_office_trail_menu_item():
    return MenuItemFor(
        is_office_staff,
        gettext_lazy("Nhật ký duyệt các trường"),
        reverse("editing_office_trail"),
        icon_name="history",
        order=9000,
    )


@hooks.register("register_reports_menu_item")
def register_link_report_menu_item():
    return MenuItemFor(
        is_office_staff,
        gettext_lazy("Tên miền liên kết mới"),
        reverse("links_new_domains"),
        icon_name="link",
        order=800,
    )


@hooks.register("register_admin_urls")
def register_editing_urls():
    return [path("", include(admin_urls))]


@hooks.register("register_page_header_buttons")
def add_many_photos_button(page, user, view_name, next_url=None):
    from wagtail.admin.ui.menus.pages import PageMenuItem

    if page.specific_class is NewsPage and page.permissions_for_user(user).can_edit():
        yield PageMenuItem(
            gettext_lazy("Thêm nhiều ảnh"),
            reverse("editing_gallery_add", args=(page.pk,)),
            icon_name="image",
            priority=12,
            page=page,
        )


@hooks.register("insert_global_admin_js")
def vietnamese_slug_js():
    """Vietnamese slug folding for every slug field of the admin (home/slugs.py), and
    upright previews of phone photos in the multiple upload."""
    config = {"formatters": js_formatters(), "url": reverse("editing_slug_check")}
    return format_html(
        '{}<script src="{}"></script><script src="{}"></script><script src="{}"></script>',
        json_script(config, "truongso-slug-config"),
        static("js/admin-slug.js"),
        static("js/admin-upload-preview.js"),
        static("js/admin-menus.js"),
    )


@hooks.register("insert_global_admin_css")
def admin_on_a_phone_css():
    """Readable page titles in listings at 360 px (static/css/admin-phone.css)."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin-phone.css"))


@hooks.register("register_admin_menu_item")
def register_help_menu_item():
    return MenuItem(
        gettext_lazy("Hướng dẫn sử dụng"), reverse("editing_help"), icon_name="help", order=10000
    )


@hooks.register("register_admin_viewset")
def register_visitor_message_viewset():
    return visitor_message_viewset


# After Wagtail's own base page viewset (order 0), which it replaces for every page type:
# the page editor that holds a submission the guards stop (home/views/page_editor.py).
@hooks.register("register_admin_viewset", order=100)
def register_guarded_page_viewset():
    return guarded_page_viewset


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


# --- Documents are public only where and once their school published them --------------


@hooks.register("before_serve_document")
def serve_only_published_documents(document, request):
    if not may_download(request, document):
        return refuse_document()
    return None


@hooks.register("construct_help_menu")
def vietnamese_help_menu(request, menu_items):
    """The Help menu leads to the project's Vietnamese guide, not Wagtail's English guide
    and release notes."""
    menu_items[:] = [
        item
        for item in menu_items
        if item.name != "editor-guide" and not item.name.startswith("whats-new-in-wagtail")
    ]
    menu_items.insert(
        0,
        MenuItem(
            gettext_lazy("Hướng dẫn sử dụng (tiếng Việt)"),
            reverse("editing_help"),
            icon_name="help",
            name="huong-dan",
            order=1000,
        ),
    )
