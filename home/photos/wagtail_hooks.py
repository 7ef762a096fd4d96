"""Admin hooks of the photos app: menus, URLs, home panels, audit-log actions, and the
photo check on the roads to publication (publish, bulk publish); a submission is held by
the page editor itself (home/views/page_editor.py)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.models import Page

from sites.admin_menu import MenuItemFor
from sites.permissions import is_office_staff, school_of_page, schools_visible_to

from . import admin_urls
from .blur import BLURRED_LOG_ACTION
from .panels import OfficeRequestsPanel, PrincipalRequestsPanel
from .register import principal_school_of, register_school_of
from .review import (
    CONFIRMED_LOG_ACTION,
    DECLARED_LOG_ACTION,
    STOPPED_MESSAGE,
    check_version,
    role_for,
)
from .takedown import TAKEN_DOWN_LOG_ACTION


@hooks.register("register_admin_urls")
def register_photo_urls():
    return [path("anh-hoc-sinh/", include(admin_urls))]


# --- Menus and panels -------------------------------------------------------------------------


@hooks.register("register_admin_menu_item")
def register_register_menu_item():
    return MenuItemFor(
        lambda user: register_school_of(user) is not None,
        gettext_lazy("Sổ đồng ý đăng ảnh"),
        reverse("photos_register"),
        icon_name="user",
        order=450,
    )


@hooks.register("register_admin_menu_item")
def register_requests_menu_item():
    return MenuItemFor(
        # The principal (their school's requests) and office staff (counts only).
        lambda user: principal_school_of(user) is not None or is_office_staff(user),
        gettext_lazy("Yêu cầu gỡ ảnh"),
        reverse("photos_requests"),
        icon_name="warning",
        order=460,
    )


@hooks.register("construct_homepage_panels")
def add_request_panels(request, panels):
    user = request.user
    if is_office_staff(user):
        panels.append(OfficeRequestsPanel(schools_visible_to(user)))
        return
    school = principal_school_of(user)
    if school is not None:
        panels.append(PrincipalRequestsPanel(school))


@hooks.register("register_page_header_buttons")
def add_page_photos_button(page, user, view_name, next_url=None):
    from wagtail.admin.ui.menus.pages import PageMenuItem  # admin UI: not loadable with models

    # School pages only: the office's portal has no register and no pupils' photos.
    if school_of_page(page) is not None and page.permissions_for_user(user).can_edit():
        yield PageMenuItem(
            gettext_lazy("Ảnh học sinh"),
            reverse("photos_page", args=(page.pk,)),
            icon_name="user",
            priority=13,
            page=page,
        )


@hooks.register("register_log_actions")
def register_photo_log_actions(actions):
    actions.register_action(
        CONFIRMED_LOG_ACTION,
        gettext_lazy("Xác nhận ảnh không nhận ra học sinh chưa đồng ý"),
        gettext_lazy("Đã xác nhận ảnh không nhận ra học sinh chưa đồng ý đăng ảnh"),
    )
    actions.register_action(
        DECLARED_LOG_ACTION,
        gettext_lazy("Khai báo người trong ảnh"),
        gettext_lazy("Đã khai báo người trong ảnh"),
    )
    actions.register_action(
        BLURRED_LOG_ACTION,
        gettext_lazy("Làm mờ khuôn mặt"),
        gettext_lazy("Đã làm mờ khuôn mặt trong ảnh"),
    )
    actions.register_action(
        TAKEN_DOWN_LOG_ACTION,
        gettext_lazy("Gỡ ảnh học sinh"),
        gettext_lazy("Đã gỡ ảnh học sinh khỏi trang"),
    )


# --- The photo check on publish ------------------------------------------------------------------


@hooks.register("before_publish_page")
def stop_publishing_unchecked_photos(request, page):
    """The principal's own Publish: every photo declared, and those showing listed pupils
    confirmed (by them, as approver) or blurred."""
    check = check_version(page, version=page)
    if not check.blocks(role_for(request.user, page)):
        return None
    match = getattr(request, "resolver_match", None)
    if match and match.url_name == "add" and page.live:
        page.live = False  # the create view inserts the page live before this hook
        page.has_unpublished_changes = True
        page.save(update_fields=["live", "has_unpublished_changes"], clean=False)
    messages.error(request, str(STOPPED_MESSAGE))
    return redirect("photos_page", page.pk)


@hooks.register("before_bulk_action")
def refuse_bulk_publishing_unchecked_photos(request, action_type, objects, action_class_instance):
    if action_type != "publish":
        return None
    for obj in objects:
        if not isinstance(obj, Page):
            continue
        page = obj.specific
        if check_version(page).blocks(role_for(request.user, page)):
            messages.error(
                request,
                _("%(title)s: %(message)s") % {"title": page.title, "message": STOPPED_MESSAGE},
            )
            return redirect("photos_page", page.pk)
    return None
