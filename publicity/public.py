"""The public Công khai page: the school's checklist with every published version."""

from collections import defaultdict

from home.visibility import without_restricted

from .models import GROUP_ORDER, DisclosurePage, DisclosureRequirement, RequirementGroup


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
