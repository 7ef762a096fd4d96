"""What the public Công khai page shows (publicity.public.DisclosureIndexPage): a summary
a parent can read (the school's figures, publicity.figures), then the school's checklist
by part of the circular, each item with its current version readable in place, its
files and its older versions; and the same as JSON."""

from collections import defaultdict

from django.utils import timezone

from wagtail.documents import get_document_model

from home.visibility import without_restricted
from sites.models import School

from .disclosures import DisclosurePage
from .figures import Figures
from .periods import disclosure_year_of, period_label
from .requirements import GROUP_ORDER, DisclosureRequirement, RequirementGroup
from .statuses import NOT_DUE
from .summaries import summaries_for


def _files(pages):
    """{page id: [(title, document)]} of the pages' attachments, in one query."""
    wanted = defaultdict(list)
    for page in pages:
        for block in page.attachments.raw_data:
            value = block.get("value") or {}
            if block.get("type") == "document" and value.get("document"):
                wanted[page.pk].append((value.get("title") or "", value["document"]))
    ids = {doc_id for found in wanted.values() for _title, doc_id in found}
    documents = get_document_model().objects.in_bulk(ids) if ids else {}
    return {
        page_id: [
            (title or documents[doc_id].title, documents[doc_id])
            for title, doc_id in found
            if doc_id in documents
        ]
        for page_id, found in wanted.items()
    }


def today():
    """The day the public page is as of (one place, so a test can pin it)."""
    return timezone.localdate()


def school_figures(school, day=None, requirements=None):
    """(school year, day, Figures, {code: status}) of the school's current disclosure
    year: the stored row the inspector's screens read too (one query once stored)."""
    day = day or today()
    school_year = disclosure_year_of(day)
    row = summaries_for([school], school_year, day, requirements)[school.pk]
    return school_year, day, row.figures, row.statuses


def build_checklist(index_page):
    """{"school", "summary", "groups": [{"group", "label", "figures", "items": [entry]}],
    "merged": [...]}.

    An entry: requirement, status (its verdict this year), latest (newest version, with
    its content), files (the latest version's attachments), archive (older versions,
    newest first), url (the item's stable address). A few queries, whatever the number
    of items (one more when schools were merged into this one). Versions a merged
    school published stay its own (`disclosing_school`): they are listed apart, under
    "merged", each school with its items and versions, never as this school's."""
    school = index_page.school
    stages = school.stages if school else ()
    in_force = list(DisclosureRequirement.objects.in_force())
    requirements = [r for r in in_force if r.applies_to(stages)]
    summary = None
    statuses = {}
    if school is not None:
        school_year, day, figures, statuses = school_figures(school, requirements=in_force)
        summary = {
            "school_year": school_year,
            "school_year_label": period_label(school_year),
            "today": day,
            "figures": figures,
        }
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
            "content",
            "tables",
            "attachments",
            "disclosing_school_id",
        )
        .order_by("-first_published_at", "-pk")
    )
    others = defaultdict(lambda: defaultdict(list))
    own_id = school.pk if school else None
    for page in pages:
        if page.disclosing_school_id in (own_id, None):
            versions[page.requirement_id].append(page)
        else:
            others[page.disclosing_school_id][page.requirement_id].append(page)
    base = index_page.url or ""
    groups = defaultdict(list)
    latest_pages = []
    for requirement in requirements:
        found = versions.get(requirement.pk, [])
        # "Latest" is the newest period's newest version; the rest is the archive.
        found.sort(key=lambda p: (p.school_year, p.period, p.first_published_at), reverse=True)
        if found:
            latest_pages.append(found[0])
        groups[requirement.group].append(
            {
                "requirement": requirement,
                "status": statuses.get(requirement.code, NOT_DUE),
                "latest": found[0] if found else None,
                "archive": found[1:],
                "url": f"{base}muc/{requirement.code}/",
            }
        )
    files = _files(latest_pages)
    for entries in groups.values():
        for entry in entries:
            entry["files"] = files.get(entry["latest"].pk, []) if entry["latest"] else []
    ordered = sorted(groups.items(), key=lambda item: GROUP_ORDER[item[0]])
    return {
        "school": school,
        "summary": summary,
        "groups": [
            {
                "group": group,
                "label": RequirementGroup(group).label,
                "number": number,
                "figures": Figures.from_statuses(
                    (e["status"], e["requirement"].is_optional) for e in items
                ),
                "items": items,
            }
            for number, (group, items) in enumerate(ordered, start=1)
        ],
        "merged": _merged_schools_versions(others, {r.pk: r for r in in_force}),
    }


def _merged_schools_versions(others, requirements):
    """[{"school", "items": [{"requirement", "versions"}]}] for the schools merged into
    this one, in the order of the checklist, newest versions first. `requirements`:
    {id: requirement} already read; one query for the schools' names."""
    if not others:
        return []
    wanted = {pk for by_requirement in others.values() for pk in by_requirement}
    if wanted - set(requirements):  # an item no longer in force
        requirements = {**requirements, **DisclosureRequirement.objects.in_bulk(wanted)}
    schools = School.objects.in_bulk(others)
    found = []
    for school_id, by_requirement in others.items():
        items = []
        for requirement_id, pages in by_requirement.items():
            pages.sort(key=lambda p: (p.period, p.first_published_at), reverse=True)
            items.append({"requirement": requirements[requirement_id], "versions": pages})
        items.sort(
            key=lambda i: (
                GROUP_ORDER[i["requirement"].group],
                i["requirement"].order,
                i["requirement"].code,
            )
        )
        found.append({"school": schools[school_id], "items": items})
    found.sort(key=lambda entry: entry["school"].name)
    return found


def _version_json(page, request):
    return {
        "title": page.title,
        "period": page.period,
        "period_label": period_label(page.period),
        "school_year": page.school_year,
        "published_on": page.published_on.isoformat() if page.published_on else None,
        "not_applicable": page.not_applicable,
        "not_applicable_reason": page.not_applicable_reason if page.not_applicable else "",
        "url": request.build_absolute_uri(page.get_url(request)) if page.url_path else None,
    }


def checklist_as_json(checklist, request):
    school = checklist["school"]
    summary = checklist["summary"]
    return {
        "school": {"name": school.name, "slug": school.slug, "level": school.level}
        if school
        else None,
        "figures": {
            "school_year": summary["school_year"],
            "as_of": summary["today"].isoformat(),
            **summary["figures"].as_dict(),
        }
        if summary
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
                        "status": entry["status"],
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
        "merged_schools": [
            {
                "name": merged["school"].name,
                "slug": merged["school"].slug,
                "until": merged["school"].closed_on.isoformat()
                if merged["school"].closed_on
                else None,
                "items": [
                    {
                        "code": item["requirement"].code,
                        "title": item["requirement"].title,
                        "versions": [_version_json(p, request) for p in item["versions"]],
                    }
                    for item in merged["items"]
                ],
            }
            for merged in checklist.get("merged", [])
        ],
    }
