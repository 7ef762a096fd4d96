"""Admin home panels: a school's own Công khai, and the office's completion."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from wagtail.admin.ui.components import Component

from .access import can_post_disclosure
from .figures import COUNTERS, Figures
from .models import DisclosureIndexPage
from .periods import disclosure_year_of, period_label
from .summaries import SUMS, stored_rows
from .views import add_url


class SchoolDisclosurePanel(Component):
    name = "cong_khai_truong"
    order = 90
    template_name = "publicity/admin/home_panel.html"

    def __init__(self, school, matrix):
        self.school = school
        self.matrix = matrix

    def get_context_data(self, parent_context=None):
        index = DisclosureIndexPage.of_school(self.school)
        request = (parent_context or {}).get("request")
        if request is None or not can_post_disclosure(request.user, index):
            index = None  # no "Đăng ngay" button for who may only read
        today = self.matrix.today
        missing = [
            {
                "requirement": r,
                "period": p,
                "label": period_label(p),
                "deadline": d,
                "add_url": add_url(index, r, p) if index else None,
            }
            for r, p, d in self.matrix.missing(self.school)
        ]
        soon = [
            {
                "requirement": r,
                "period": p,
                "label": period_label(p),
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
            "figures": self.matrix.school_summary(self.school),
            "school_year": self.matrix.school_year,
            "today": today,
            "detail_url": reverse("publicity_school", args=[self.school.pk]),
        }


class OfficeDisclosurePanel(Component):
    """Office-wide completion on the admin home, from the stored per-school figures."""

    name = "cong_khai_phong"
    order = 90
    template_name = "publicity/admin/office_panel.html"

    def __init__(self, schools, today=None):
        self.schools = schools
        self.today = today

    def get_context_data(self, parent_context=None):
        today = self.today or timezone.localdate()
        school_year = disclosure_year_of(today)
        # Summed and ranked by the database: a Sở's panel covers 20,000 schools.
        rows = stored_rows(self.schools.filter(is_active=True), school_year, today)
        counts = rows.aggregate(schools=Count("pk"), **SUMS)
        # The ranking's order (Figures.sort_key): most overdue, then most late.
        lagging = [
            (row["school_id"], row["school__name"], Figures.of(row))
            for row in rows.filter(Q(overdue__gt=0) | Q(late__gt=0))
            .order_by("-overdue", "-late", "school__name")
            .values("school_id", "school__name", *COUNTERS)[:10]
        ]
        return {
            "figures": Figures.of(counts),
            "schools": counts["schools"],
            "lagging": lagging,
            "school_year": school_year,
            "dashboard_url": reverse("publicity_dashboard"),
        }


__all__ = ["OfficeDisclosurePanel", "SchoolDisclosurePanel"]
