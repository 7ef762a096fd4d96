"""Tenant isolation and accounts in the Wagtail admin.

Wagtail's page, collection and site permissions already keep a school's staff out of
another school's pages, media and settings. What Wagtail leaves global is closed here:
choosers, the explorer and the menus of global screens. Also the accounts screens: the
second factor, login locks and the office's reset of a user's second factor.
"""

from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.widgets import Button
from wagtail.log_actions import log

from . import admin_urls, invitations, two_factor
from .admin_api import SchoolDocumentsAdminAPIViewSet, SchoolImagesAdminAPIViewSet
from .admin_menu import MenuItemFor
from .block_list import block_list_viewset
from .models import SETTINGS_LINKS_LOG_ACTION, School, SchoolSettings
from .page_policy import governed_q
from .permissions import (
    can_manage_user,
    is_office_admin,
    is_office_staff,
    is_school_user,
    media_collection_ids,
    user_school,
)


@hooks.register("register_admin_viewset")
def register_block_list_viewset():
    return block_list_viewset


# --- What a school's staff may see --------------------------------------------------


@hooks.register("construct_admin_api", order=100)  # after Wagtail's own registrations
def media_api_of_own_school(router):
    router.register_endpoint("images", SchoolImagesAdminAPIViewSet)
    router.register_endpoint("documents", SchoolDocumentsAdminAPIViewSet)


@hooks.register("construct_page_chooser_queryset")
def pages_of_own_school_in_chooser(pages, request):
    school = user_school(request.user)
    if school is not None and is_school_user(request.user):
        pages = pages.filter(path__startswith=school.home_page.path)
    else:
        # A ward's staff choose among their own subtree's pages (and the root to browse).
        scope = governed_q(request.user)
        if scope is not None:
            pages = pages.filter(scope | Q(depth=1))
    return pages


@hooks.register("construct_explorer_page_queryset")
def pages_of_own_school_in_explorer(parent_page, pages, request):
    school = user_school(request.user)
    if school is not None and is_school_user(request.user):
        pages = pages.filter(path__startswith=school.home_page.path)
    return pages


def _media_of_own_school(items, request):
    # A school's staff: their collection; a ward's office staff: their schools' and the
    # office-wide collections, never another ward's schools' (sites/permissions.py).
    ids = media_collection_ids(request.user)
    return items if ids is None else items.filter(collection_id__in=ids)


@hooks.register("construct_image_chooser_queryset")
def images_of_own_school(images, request):
    return _media_of_own_school(images, request)


@hooks.register("construct_document_chooser_queryset")
def documents_of_own_school(documents, request):
    return _media_of_own_school(documents, request)


# Global screens: users and groups are the superuser's; workflows, redirects, sites and
# collections belong to the office. School staff manage their people through the office.
SUPERUSER_ONLY_MENU = {"users", "groups", "api_tokens"}
OFFICE_ONLY_MENU = {"workflows", "workflow-tasks", "redirects", "sites", "collections"}
OFFICE_ONLY_REPORTS = {"site-history", "page-types-usage", "workflows", "workflow-tasks"}


@hooks.register("construct_settings_menu")
def hide_global_settings(request, menu_items):
    user = request.user
    hidden = set() if user.is_superuser else set(SUPERUSER_ONLY_MENU)
    if not is_office_staff(user):
        hidden |= OFFICE_ONLY_MENU
    menu_items[:] = [item for item in menu_items if item.name not in hidden]


@hooks.register("construct_reports_menu")
def hide_global_reports(request, menu_items):
    if not is_office_staff(request.user):
        menu_items[:] = [item for item in menu_items if item.name not in OFFICE_ONLY_REPORTS]


# --- Accounts: second factor, locks (views in accounts_views.py) ----------------------


@hooks.register("register_admin_urls")
def register_account_urls():
    return admin_urls.urlpatterns


@hooks.register("register_log_actions")
def register_account_log_actions(actions):
    for action, label, message in (*two_factor.LOG_ACTIONS, *invitations.LOG_ACTIONS):
        actions.register_action(action, label, message)


@hooks.register("after_create_user")
def invite_new_user(request, user):
    """Wagtail's "add user" form with the password left empty: the person sets it
    through an invitation (WAGTAILUSERS_PASSWORD_REQUIRED is off)."""
    if user.password:
        return
    user.set_unusable_password()
    user.save(update_fields=["password"])
    if user.email:
        invitations.send_invitation(user, by=request.user)


@hooks.register("register_settings_menu_item")
def register_accounts_menu_item():
    return MenuItemFor(
        is_office_admin,
        gettext_lazy("Tài khoản và đăng nhập"),
        reverse("truongso_accounts"),
        icon_name="key",
        order=550,
    )


@hooks.register("register_account_menu_item")
def new_recovery_codes_menu_item(request):
    return {
        "url": reverse("two_factor_recovery_codes"),
        "label": gettext_lazy("Tạo mã dự phòng mới"),
        "help_text": gettext_lazy(
            "Mã dự phòng thay cho mã trong ứng dụng khi không có điện thoại; mã cũ hết hiệu lực."
        ),
    }


@hooks.register("register_user_listing_buttons")
def reset_second_factor_button(user, request_user):
    if can_manage_user(request_user, user):
        yield Button(
            gettext_lazy("Đặt lại xác thực hai bước"),
            reverse("truongso_reset_second_factor", args=[user.pk]),
            icon_name="key",
            priority=30,
        )


# --- Site settings: every change of their links is in the audit log -----------------


@hooks.register("before_edit_setting")
def remember_settings_links(request, instance):
    if isinstance(instance, SchoolSettings) and request.method == "POST":
        request._settings_domains_before = instance.public_domains()


@hooks.register("after_edit_setting")
def log_settings_links(request, instance):
    """Wagtail logs that the settings were edited; this adds which link domains came and
    went, for the office's report (home/link_report.py)."""
    before = getattr(request, "_settings_domains_before", None)
    if not isinstance(instance, SchoolSettings) or before is None:
        return
    after = instance.public_domains()
    added, removed = sorted(set(after) - set(before)), sorted(set(before) - set(after))
    if added or removed:
        log(
            instance=instance,
            action=SETTINGS_LINKS_LOG_ACTION,
            user=request.user,
            data={"added": added, "removed": removed},
        )


@hooks.register("register_log_actions")
def register_settings_log_actions(actions):
    actions.register_action(
        SETTINGS_LINKS_LOG_ACTION,
        gettext_lazy("Đổi liên kết trong cài đặt trang web"),
        gettext_lazy("Đã đổi liên kết trong cài đặt trang web"),
    )


# --- A closed school's site is an archive ---------------------------------------------


def _archive_refusal(request, page):
    """A redirect with a Vietnamese message when `page` belongs to a closed (or merged)
    school and the user is not a superuser; None otherwise."""
    if request.user.is_superuser or page is None or not page.path:
        return None
    school = School.objects.owning(page.path)
    if school is None or not school.is_closed:
        return None
    messages.error(
        request,
        gettext(
            "%(school)s đã ngừng hoạt động từ %(day)s: trang web được giữ để tra cứu, "
            "không sửa, thêm hay gỡ trang được nữa."
        )
        % {"school": school.name, "day": school.closed_on.strftime("%d/%m/%Y")},
    )
    return redirect("wagtailadmin_explore", school.home_page_id)


@hooks.register("before_create_page")
def archive_refuses_new_pages(request, parent_page, page_class):
    return _archive_refusal(request, parent_page)


@hooks.register("before_edit_page")
@hooks.register("before_delete_page")
@hooks.register("before_copy_page")
@hooks.register("before_unpublish_page")
def archive_refuses_changes(request, page):
    return _archive_refusal(request, page)


@hooks.register("before_move_page")
def archive_refuses_moves(request, page, destination):
    return _archive_refusal(request, page) or _archive_refusal(request, destination)


@hooks.register("before_bulk_action")
def archive_refuses_bulk_actions(request, action_type, objects, action_class_instance):
    if action_type != "page":
        return None
    for page in objects:
        refusal = _archive_refusal(request, page)
        if refusal is not None:
            return refusal
    return None
