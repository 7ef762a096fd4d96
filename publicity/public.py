"""The public Công khai page (DisclosureIndexPage, re-exported by publicity/models.py):
the summary and the school's checklist with every published version (what it shows is
built in publicity/checklist.py)."""

from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from home.base import FixedSectionPage
from home.permissions import FixedPagePermissionTester

from .checklist import build_checklist, checklist_as_json
from .disclosures import retained_disclosures_under


class DisclosureIndexPage(RoutablePageMixin, FixedSectionPage):
    """Công khai: the school's checklist in the regulation's order, with archives."""

    subpage_types = ["publicity.DisclosurePage"]

    class Meta:
        verbose_name = _("công khai")

    @classmethod
    def of_school(cls, school):
        """The school's Công khai section (provisioning gives every school one)."""
        return cls.objects.descendant_of(school.home_page).first()

    def permissions_for_user(self, user):
        return DisclosureIndexPermissionTester(user, self)

    def checklist(self):
        """The summary and the applicable requirements with their published versions,
        grouped; a few queries whatever the number of items."""
        return build_checklist(self)

    @path("")
    def index(self, request):
        if request.GET.get("format") == "json":
            return self.data_json(request)
        return self.render(request, context_overrides={"checklist": self.checklist()})

    @path("muc/<slug:code>/")
    def item(self, request, code):
        checklist = self.checklist()
        for group in checklist["groups"]:
            for entry in group["items"]:
                if entry["requirement"].code == code:
                    return self.render(
                        request,
                        template="publicity/disclosure_item.html",
                        context_overrides={"checklist": checklist, "entry": entry},
                    )
        raise Http404

    @path("du-lieu/")  # Wagtail page URLs end in "/"; also ?format=json
    def data_json(self, request):
        return JsonResponse(
            checklist_as_json(self.checklist(), request),
            json_dumps_params={"ensure_ascii": False},
        )


class DisclosureIndexPermissionTester(FixedPagePermissionTester):
    """A restriction on the Công khai section would hide every disclosure under it."""

    def can_set_view_restrictions(self):
        allowed = super().can_set_view_restrictions()
        if not allowed or self.user.is_superuser:
            return allowed
        return not retained_disclosures_under(self.page).exists()
