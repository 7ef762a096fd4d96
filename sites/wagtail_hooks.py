"""Tenant isolation and the office's screens in the Wagtail admin.

Wagtail's page, collection and site permissions already keep a school's staff out of
another school's pages, media and settings. What Wagtail leaves global is closed here:
choosers, the explorer, menus of global screens, references to another school's media
in a crafted form post, and fixed sections that must not be deleted, moved, unpublished
or copied (belt and braces next to FixedPagePermissionTester, which alone guards unpublishing).
"""

from wagtail import hooks

from .permissions import is_office_staff, is_school_user, user_school

# --- What a school's staff may see --------------------------------------------------


@hooks.register("construct_page_chooser_queryset")
def pages_of_own_school_in_chooser(pages, request):
    school = user_school(request.user)
    if school is not None and is_school_user(request.user):
        pages = pages.filter(path__startswith=school.home_page.path)
    return pages


@hooks.register("construct_explorer_page_queryset")
def pages_of_own_school_in_explorer(parent_page, pages, request):
    school = user_school(request.user)
    if school is not None and is_school_user(request.user):
        pages = pages.filter(path__startswith=school.home_page.path)
    return pages


def _media_of_own_school(items, request):
    school = user_school(request.user)
    if school is not None and is_school_user(request.user):
        items = items.filter(collection__path__startswith=school.collection.path)
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
