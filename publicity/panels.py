"""Admin home panels: a school's own Công khai, and the office's completion."""

from django.urls import reverse
from django.utils import timezone

from wagtail.admin.ui.components import Component

from .demo import disclosure_index
from .models import disclosure_year_of
from .summaries import aggregate, summaries_for
from .views import add_url


class SchoolDisclosurePanel(Component):
    name = "cong_khai_truong"
    order = 90
    template_name = "publicity/admin/home_panel.html"

    def __init__(self, school, matrix):
        self.school = school
        self.matrix = matrix

    def get_context_data(self, parent_context=None):
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
    """Office-wide completion on the admin home, from the stored per-school figures."""

    name = "cong_khai_phong"
    order = 90
    template_name = "publicity/admin/office_panel.html"

    def __init__(self, schools):
        self.schools = schools

    def get_context_data(self, parent_context=None):
        today = timezone.localdate()
        school_year = disclosure_year_of(today)
        schools = list(self.schools.filter(is_active=True).only("pk", "name", "office_id"))
        summaries = summaries_for(schools, school_year, today)
        lagging = sorted(
            (
                (s.pk, s.name, summaries[s.pk])
                for s in schools
                if summaries[s.pk].percent is not None
            ),
            key=lambda item: item[2].percent,
        )
        return {
            "summary": aggregate(list(summaries.values())),
            "lagging": lagging[:10],
            "school_year": school_year,
            "dashboard_url": reverse("publicity_dashboard"),
        }


__all__ = ["OfficeDisclosurePanel", "SchoolDisclosurePanel"]
