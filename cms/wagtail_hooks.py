"""The office's school screens and the operations screens in the Wagtail admin."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from cms.ops import admin_urls
from cms.schools.lifecycle import MERGE_LOG_ACTION
from cms.schools.views import school_viewset
from sites.admin_menu import MenuItemFor
from sites.permissions import is_office_admin

from .old_site import admin_urls as old_site_urls
from .old_site.categories import category_rules_viewset


@hooks.register("register_admin_viewset")
def register_school_viewset():
    return school_viewset


@hooks.register("register_admin_viewset")
def register_category_rules_viewset():
    return category_rules_viewset


@hooks.register("register_admin_urls")
def register_operations_urls():
    return [
        path("tac-vu-nen/", include((admin_urls, "cms"), namespace="cms")),
        path("trang-web-cu/", include((old_site_urls, "trang_cu"), namespace="trang_cu")),
    ]


@hooks.register("register_settings_menu_item")
def register_failed_tasks_menu_item():
    return MenuItemFor(
        is_office_admin,
        _("Tác vụ nền bị lỗi"),
        reverse("cms:failed_tasks"),
        icon_name="warning",
        order=900,
    )


@hooks.register("register_admin_menu_item")
def register_old_site_menu_item():
    return MenuItemFor(
        is_office_admin,
        _("Nhập trang web cũ"),
        reverse("trang_cu:index"),
        icon_name="download",
        order=160,
    )


@hooks.register("register_log_actions")
def register_school_life_cycle_actions(actions):
    actions.register_action(
        MERGE_LOG_ACTION,
        _("Nhận trường sáp nhập"),
        _("Đã nhận nội dung của trường sáp nhập"),
    )
