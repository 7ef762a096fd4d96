"""Draft disclosure versions made from an import: one page per item for the school year,
left unpublished for the principal to check and publish through the usual approval. A
draft never published is revised in place; once a version is live, the next import
makes the next version, with the changes beside the previous figures."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import DisclosureIndexPage, DisclosurePage, DisclosureRequirement
from ..periods import period_label
from .stored import SectorDataImport


def applicable_requirements(school, codes):
    """{code: requirement} of the codes in force that apply to the school's stages."""
    stages = school.stages
    return {
        requirement.code: requirement
        for requirement in DisclosureRequirement.objects.in_force().filter(code__in=codes)
        if requirement.applies_to(stages)
    }


def generated_page_ids(school):
    """The pages earlier imports (and annual reports) of the school made."""
    ids = set()
    for versions in SectorDataImport.objects.filter(school=school).values_list(
        "versions", flat=True
    ):
        ids.update((versions or {}).values())
    return ids


def save_draft(school, requirement, school_year, tables, content, user=None):
    """The draft page of `requirement` for `school_year` holding `tables` (TableBlock
    values) and `content` (rich text); returns it. Only a draft an import made is revised
    in place: one an editor is writing by hand is left alone, beside a new page."""
    index = DisclosureIndexPage.of_school(school)
    newest = (
        DisclosurePage.objects.child_of(index)
        .filter(requirement=requirement, period=school_year)
        .order_by("-pk")
        .first()
    )
    stream = [("table", value) for value in tables]
    with transaction.atomic():
        if (
            newest is not None
            and not newest.live
            and newest.first_published_at is None
            and newest.pk in generated_page_ids(school)
        ):
            page = newest.specific
            page.tables = stream
            page.content = content
            page.save_revision(user=user, log_action=True)
            return page
        title = _("%(item)s – %(year)s") % {
            "item": requirement.title,
            "year": period_label(school_year),
        }
        page = DisclosurePage(
            title=title,
            requirement=requirement,
            period=school_year,
            content=content,
            tables=stream,
            live=False,
            owner=user,
        )
        index.add_child(instance=page)
        page.save_revision(user=user, log_action=True)
        return page


def source_note(record):
    """The line under each generated table: where the figures come from."""
    text = _("Số liệu tổng hợp từ danh sách xuất từ cơ sở dữ liệu ngành, nhập ngày %(day)s.") % {
        "day": timezone.localtime(record.imported_at).strftime("%d/%m/%Y")
    }
    return f"<p>{text}</p>"
