"""Wagtail hooks for Công khai, and only hooks: the views are in views.py / viewsets.py /
panels.py, the URLs in admin_urls.py, the retention rules in models.py / retention.py."""

import contextvars

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.models import Page
from wagtail.signals import init_new_page

from sites.admin_menu import MenuItemFor
from sites.permissions import is_office_staff, schools_visible_to

from . import admin_urls
from .access import can_import_sector_data, schools_of
from .compliance import compute
from .models import DisclosurePage, DisclosureRequirement, retained_disclosures_under
from .panels import OfficeDisclosurePanel, SchoolDisclosurePanel
from .periods import default_period, period_label
from .retention import RETENTION_MESSAGE
from .viewsets import DisclosureCatalogueGroup, SchoolEventGroup


@hooks.register("register_admin_viewset")
def register_catalogue():
    return DisclosureCatalogueGroup()


@hooks.register("register_admin_viewset")
def register_school_events():
    return SchoolEventGroup()


@hooks.register("register_admin_urls")
def register_dashboard_urls():
    return [path("", include(admin_urls))]


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    return MenuItemFor(
        is_office_staff,
        _("Theo dõi công khai"),
        reverse("publicity_dashboard"),
        icon_name="tasks",
        order=280,
    )


@hooks.register("register_admin_menu_item")
def register_sector_data_menu_item():
    return MenuItemFor(
        can_import_sector_data,
        _("Số liệu CSDL ngành"),
        reverse("publicity_sector_data"),
        icon_name="table",
        order=285,
    )


@hooks.register("register_admin_menu_item")
def register_sector_data_missing_menu_item():
    return MenuItemFor(
        is_office_staff,
        _("Trường chưa nhập số liệu ngành"),
        reverse("publicity_sector_data_missing"),
        icon_name="table",
        order=281,
    )


@hooks.register("construct_homepage_panels")
def add_disclosure_panels(request, panels):
    user = request.user
    if is_office_staff(user):
        panels.append(OfficeDisclosurePanel(schools_visible_to(user)))
        return
    schools = schools_of(user)
    if schools:
        matrix = compute(schools=schools)
        panels.extend(SchoolDisclosurePanel(school, matrix) for school in schools)


# --- Retention: published disclosures stay for 5 years (rule 11) -----------------------
# The admin paths get a clear message here; models.py and retention.py refuse the same
# things on every other path.


def _refuse(request, page):
    messages.error(request, RETENTION_MESSAGE)
    parent = page.get_parent()
    return redirect("wagtailadmin_explore", parent.pk if parent else page.pk)


def _holds_retained(page):
    return retained_disclosures_under(page).exists()


@hooks.register("before_delete_page")
def keep_published_disclosures(request, page):
    if not request.user.is_superuser and _holds_retained(page):
        return _refuse(request, page)
    return None


@hooks.register("before_unpublish_page")
def keep_published_disclosures_online(request, page):
    if not request.user.is_superuser and _holds_retained(page):
        return _refuse(request, page)
    return None


@hooks.register("before_move_page")
def keep_disclosures_in_place(request, page, destination):
    if request.user.is_superuser or page.get_parent().pk == destination.pk:
        return None
    if _holds_retained(page):
        return _refuse(request, page)
    return None


@hooks.register("before_bulk_action")
def keep_published_disclosures_in_bulk(request, action_type, objects, action_class_instance):
    """Bulk actions test permissions on plain Page objects, so the permission tester of
    DisclosurePage is not consulted there: refuse here instead (descendants included)."""
    if action_type not in ("delete", "unpublish", "move") or request.user.is_superuser:
        return None
    pages = [obj for obj in objects if isinstance(obj, Page)]
    if not pages:
        return None
    under = Q()
    for page in pages:
        under |= Q(path__startswith=page.path)
    today = timezone.localdate()
    earliest = today.replace(year=today.year - 5)
    if DisclosurePage.objects.filter(
        under, live=True, first_published_at__date__gt=earliest
    ).exists():
        messages.error(request, RETENTION_MESSAGE)
        return redirect(request.GET.get("next") or "wagtailadmin_home")
    return None


# --- "Create it" links: the requirement and period arrive as GET parameters ------------

_preselected = contextvars.ContextVar("publicity_preselected", default=None)


@hooks.register("before_create_page")
def remember_preselected_requirement(request, parent_page, page_class):
    if page_class is DisclosurePage and request.method == "GET":
        _preselected.set((request.GET.get("yeu_cau"), request.GET.get("ky")))
    return None


def preselect_requirement(sender, page, parent, **kwargs):
    if not isinstance(page, DisclosurePage):
        return
    wanted = _preselected.get()
    _preselected.set(None)
    if not wanted or not wanted[0]:
        return
    code, period = wanted
    requirement = DisclosureRequirement.objects.in_force().filter(code=code).first()
    if requirement is None:
        return
    page.requirement = requirement
    page.period = (period or "")[:9] or default_period(requirement, timezone.localdate())
    page.title = f"{requirement.title} – {period_label(page.period)}"


init_new_page.connect(preselect_requirement, dispatch_uid="publicity_preselect_requirement")
