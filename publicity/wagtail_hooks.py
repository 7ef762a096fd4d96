"""Admin wiring for Công khai: catalogue editing, the office dashboard, the school panel
on the admin home, retention of published disclosures, and preselected requirements."""

import contextvars
import datetime

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.models import Page
from wagtail.signals import init_new_page

from .access import is_office_staff, schools_of
from .compliance import Status, compute
from .models import (
    RETENTION_YEARS,
    DisclosureCatalogue,
    DisclosurePage,
    DisclosureRequirement,
    default_period,
)
from .views import DashboardView, RollupView, SchoolComplianceView, add_url

# --- The catalogue, editable by office administrators ---------------------------------


class RequirementViewSet(ModelViewSet):
    model = DisclosureRequirement
    icon = "list-ul"
    menu_label = _("Mục công khai")
    list_display = ["title", "code", "group", "timing", "is_conditional", "is_retired"]
    list_filter = ["catalogue", "group", "timing", "is_conditional", "is_retired"]
    search_fields = ["title", "code"]
    ordering = ["catalogue", "order", "code"]
    panels = [
        FieldRowPanel([FieldPanel("catalogue"), FieldPanel("code"), FieldPanel("order")]),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("group"), FieldPanel("legal_basis")]),
        FieldPanel("stages"),
        FieldPanel("is_conditional"),
        MultiFieldPanel(
            [
                FieldPanel("timing"),
                FieldRowPanel(
                    [
                        FieldPanel("deadline_day"),
                        FieldPanel("deadline_month"),
                        FieldPanel("working_days"),
                    ]
                ),
            ],
            heading=_("Thời hạn"),
        ),
        FieldPanel("is_retired"),
    ]


class CatalogueViewSet(ModelViewSet):
    model = DisclosureCatalogue
    icon = "doc-full"
    menu_label = _("Phiên bản danh mục")
    list_display = ["version", "title", "effective_from", "is_current"]
    form_fields = ["version", "title", "effective_from", "is_current"]


class DisclosureCatalogueGroup(ModelViewSetGroup):
    menu_label = _("Danh mục công khai")
    menu_icon = "list-ul"
    menu_order = 290
    items = (RequirementViewSet("muc-cong-khai"), CatalogueViewSet("danh-muc-cong-khai"))


@hooks.register("register_admin_viewset")
def register_catalogue():
    return DisclosureCatalogueGroup()


# --- The office dashboard ---------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_dashboard_urls():
    return [
        path("cong-khai/", DashboardView.as_view(), name="publicity_dashboard"),
        path("cong-khai/theo-don-vi/", RollupView.as_view(), name="publicity_rollup"),
        path(
            "cong-khai/truong/<int:school_id>/",
            SchoolComplianceView.as_view(),
            name="publicity_school",
        ),
    ]


class OfficeOnlyMenuItem(MenuItem):
    def is_shown(self, request):
        return is_office_staff(request.user)


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    return OfficeOnlyMenuItem(
        _("Theo dõi công khai"), reverse("publicity_dashboard"), icon_name="tasks", order=280
    )


# --- Admin home: a school's own panel ---------------------------------------------------


class SchoolDisclosurePanel(Component):
    name = "cong_khai_truong"
    order = 90
    template_name = "publicity/admin/home_panel.html"

    def __init__(self, school, matrix):
        self.school = school
        self.matrix = matrix

    def get_context_data(self, parent_context=None):
        from .demo import disclosure_index

        index = disclosure_index(self.school)
        today = self.matrix.today
        missing = [
            {
                "requirement": r,
                "period": p,
                "deadline": d,
                "add_url": add_url(index, r, p) if index else None,
            }
            for r, p, d in self.matrix.missing(self.school)
        ]
        soon = [
            {
                "requirement": r,
                "period": p,
                "deadline": d,
                "add_url": add_url(index, r, p) if index else None,
            }
            for d, _s, r, p in self.matrix.due_soon(schools=[self.school])
        ]
        return {
            "school": self.school,
            "missing": missing[:30],
            "missing_count": len(missing),
            "soon": soon[:30],
            "summary": self.matrix.school_summary(self.school),
            "school_year": self.matrix.school_year,
            "today": today,
            "detail_url": reverse("publicity_school", args=[self.school.pk]),
        }


class OfficeDisclosurePanel(Component):
    """Office-wide completion on the admin home. Cached for a few minutes: at 2,000
    schools the matrix takes about a second, and the dashboard itself is always live."""

    name = "cong_khai_phong"
    order = 90
    template_name = "publicity/admin/office_panel.html"
    cache_seconds = 600

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        import hashlib

        from django.core.cache import cache

        from sites.permissions import offices_visible_to, schools_visible_to

        today = timezone.localdate()
        # One entry per reach (set of offices): a ward's panel never shows the Sở's figures.
        scope = ",".join(str(i) for i in sorted(offices_visible_to(self.user)))
        digest = hashlib.md5(scope.encode(), usedforsecurity=False).hexdigest()[:12]
        key = f"publicity:office-panel:{today.isoformat()}:{digest}"
        data = cache.get(key)
        if data is None:
            matrix = compute(today=today, schools=schools_visible_to(self.user).active())
            lagging = sorted(
                ((s.pk, s.name, matrix.school_summary(s)) for s in matrix.schools),
                key=lambda item: item[2]["percent"] if item[2]["percent"] is not None else 101,
            )
            data = {
                "summary": matrix.office_summary(),
                "lagging": lagging[:10],
                "school_year": matrix.school_year,
            }
            cache.set(key, data, self.cache_seconds)
        return {**data, "dashboard_url": reverse("publicity_dashboard")}


@hooks.register("construct_homepage_panels")
def add_disclosure_panels(request, panels):
    user = request.user
    if is_office_staff(user):
        panels.append(OfficeDisclosurePanel(user))
        return
    schools = schools_of(user)
    if schools:
        matrix = compute(schools=schools)
        panels.extend(SchoolDisclosurePanel(school, matrix) for school in schools)


# --- Retention: published disclosures stay for 5 years ---------------------------------


@hooks.register("before_delete_page")
def keep_published_disclosures(request, page):
    specific = page.specific_deferred
    if (
        isinstance(specific, DisclosurePage)
        and not request.user.is_superuser
        and specific.is_within_retention()
    ):
        messages.error(
            request,
            _(
                "Nội dung công khai phải được giữ ít nhất 5 năm kể từ ngày công khai; "
                "hãy đăng phiên bản mới thay vì xoá."
            ),
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


@hooks.register("before_bulk_action")
def keep_published_disclosures_in_bulk(request, action_type, objects, action_class_instance):
    """Bulk actions test permissions on plain Page objects, so the permission tester of
    DisclosurePage is not consulted there: refuse here instead (descendants included)."""
    if action_type not in ("delete", "unpublish") or request.user.is_superuser:
        return None
    pages = [obj for obj in objects if isinstance(obj, Page)]
    if not pages:
        return None
    under = Q()
    for page in pages:
        under |= Q(path__startswith=page.path)
    cutoff = timezone.now() - datetime.timedelta(days=365 * RETENTION_YEARS + 1)
    if DisclosurePage.objects.filter(under, live=True, first_published_at__gt=cutoff).exists():
        messages.error(
            request,
            _(
                "Có nội dung công khai chưa đủ 5 năm kể từ ngày công khai trong các trang đã chọn; "
                "không thể xoá hoặc ngừng xuất bản."
            ),
        )
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
    page.title = f"{requirement.title} – {page.period}"


init_new_page.connect(preselect_requirement, dispatch_uid="publicity_preselect_requirement")

__all__ = ["Status"]
