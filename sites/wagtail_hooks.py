"""Tenant isolation and the office's screens in the Wagtail admin.

Wagtail's page, collection and site permissions already keep a school's staff out of
another school's pages, media and settings. What Wagtail leaves global is closed here:
choosers, the explorer, menus of global screens, references to another school's media
in a crafted form post, and fixed sections that must not be deleted, moved, unpublished
or copied (belt and braces next to FixedPagePermissionTester, which alone guards unpublishing).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from wagtail import hooks
from wagtail.admin import messages
from wagtail.models import Page

from home.permissions import FIXED_PAGE_MESSAGE

from .forms import SchoolSettingsForm
from .models import SchoolSettings
from .page_policy import governed_q
from .permissions import is_office_staff, is_school_user, schools_visible_to, user_school
from .views import school_viewset

# A school's identity may only use images from the school's own collection.
# (Page forms get the same check from home.models.SchoolSitePage.base_form_class.)
SchoolSettings.base_form_class = SchoolSettingsForm


# --- Office screens ------------------------------------------------------------------


@hooks.register("register_admin_viewset")
def register_school_viewset():
    return school_viewset


# --- What a school's staff may see --------------------------------------------------


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
    user = request.user
    school = user_school(user)
    if school is not None and is_school_user(user):
        items = items.filter(collection__path__startswith=school.collection.path)
    elif governed_q(user) is not None:
        # Office staff of a ward: media of the ward's schools and office-wide media
        # (collections that belong to no school), never another ward's schools'.
        items = items.filter(
            Q(collection__school__isnull=True) | Q(collection__school__in=schools_visible_to(user))
        )
    return items


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


# --- Fixed sections stay fixed -----------------------------------------------------


def _is_fixed(page):
    return getattr(page.specific_class, "is_fixed_page", False)


def _refuse_fixed(request, page):
    if request.user.is_superuser or not _is_fixed(page):
        return None
    messages.error(request, str(FIXED_PAGE_MESSAGE))
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
