"""The public Công khai page (DisclosureIndexPage, re-exported by publicity/models.py):
the school's checklist with every published version."""

from collections import defaultdict

from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from home.base import FixedSectionPage
from home.permissions import FixedPagePermissionTester
from home.visibility import without_restricted

from .disclosures import DisclosurePage, retained_disclosures_under
from .requirements import GROUP_ORDER, DisclosureRequirement, RequirementGroup


def build_checklist(index_page):
    """{"school", "groups": [{"group", "label", "items": [entry]}]}; three queries.

    An entry: requirement, latest (newest version), archive (older versions, newest
    first), url (the item's stable address)."""
    school = index_page.school
    stages = school.stages if school else ()
    requirements = [r for r in DisclosureRequirement.objects.in_force() if r.applies_to(stages)]
    versions = defaultdict(list)
    pages = (
        without_restricted(DisclosurePage.objects.child_of(index_page).live())
        .only(
            "pk",
            "title",
            "url_path",
            "requirement_id",
            "period",
            "school_year",
            "first_published_at",
            "not_applicable",
            "not_applicable_reason",
            "changed_on",
        )
        .order_by("-first_published_at", "-pk")
    )
    for page in pages:
        versions[page.requirement_id].append(page)
    base = index_page.url or ""
    groups = defaultdict(list)
    for requirement in requirements:
        found = versions.get(requirement.pk, [])
        # "Latest" is the newest period's newest version; the rest is the archive.
        found.sort(key=lambda p: (p.period, p.first_published_at), reverse=True)
        groups[requirement.group].append(
            {
                "requirement": requirement,
                "latest": found[0] if found else None,
                "archive": found[1:],
                "url": f"{base}muc/{requirement.code}/",
            }
        )
    ordered = sorted(groups.items(), key=lambda item: GROUP_ORDER[item[0]])
    return {
        "school": school,
        "groups": [
            {"group": group, "label": RequirementGroup(group).label, "items": items}
            for group, items in ordered
        ],
    }


def _version_json(page, request):
    return {
        "title": page.title,
        "period": page.period,
        "school_year": page.school_year,
        "published_on": page.published_on.isoformat() if page.published_on else None,
        "not_applicable": page.not_applicable,
        "not_applicable_reason": page.not_applicable_reason if page.not_applicable else "",
        "url": request.build_absolute_uri(page.get_url(request)) if page.url_path else None,
    }


def checklist_as_json(checklist, request):
    school = checklist["school"]
    return {
        "school": {"name": school.name, "slug": school.slug, "level": school.level}
        if school
        else None,
        "groups": [
            {
                "group": group["group"],
                "label": str(group["label"]),
                "items": [
                    {
                        "code": entry["requirement"].code,
                        "title": entry["requirement"].title,
                        "legal_basis": entry["requirement"].legal_basis,
                        "url": request.build_absolute_uri(entry["url"]),
                        "latest": _version_json(entry["latest"], request)
                        if entry["latest"]
                        else None,
                        "archive": [_version_json(p, request) for p in entry["archive"]],
                    }
                    for entry in group["items"]
                ],
            }
            for group in checklist["groups"]
        ],
    }


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
        """Applicable requirements with their published versions, grouped; 3 queries."""
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
