"""Admin home panels: the principal's takedown requests (overdue first), and for office
staff the counts of their schools' requests (never their contents)."""

from django.urls import reverse
from django.utils import timezone

from wagtail.admin.ui.components import Component

from .models import TakedownRequest
from .takedown import counts_by_school


class PrincipalRequestsPanel(Component):
    name = "yeu_cau_go_anh"
    order = 50
    template_name = "photos/admin/home_panel.html"

    def __init__(self, school):
        self.school = school

    def get_context_data(self, parent_context=None):
        now = timezone.now()
        open_cases = list(
            TakedownRequest.objects.filter(
                school=self.school, status=TakedownRequest.Status.OPEN
            ).order_by("due_at")
        )
        return {
            "open_cases": open_cases,
            "overdue": [case for case in open_cases if case.due_at < now],
            "list_url": reverse("photos_requests"),
        }


class OfficeRequestsPanel(Component):
    name = "yeu_cau_go_anh_phong"
    order = 95
    template_name = "photos/admin/office_panel.html"

    def __init__(self, schools):
        self.schools = schools

    def get_context_data(self, parent_context=None):
        counts = counts_by_school(self.schools)
        return {
            "open": sum(c["open"] for c in counts.values()),
            "overdue": sum(c["overdue"] for c in counts.values()),
            "schools_overdue": sum(1 for c in counts.values() if c["overdue"]),
            "detail_url": reverse("photos_request_counts"),
        }
