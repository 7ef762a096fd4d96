"""One import, used by the principal's screen and by `manage.py import_sector_data`: read
the file into counts; with problems and no acceptance, stop and store nothing; else
store the counts and make the draft versions, in one transaction."""

import os
from dataclasses import dataclass, field

from django.db import transaction

from .aggregates import read_export
from .drafts import applicable_requirements, save_draft, source_note
from .stored import SectorDataImport
from .tables import tables_for


@dataclass
class Outcome:
    result: object  # aggregates.ReadResult
    school_year: str
    stored: list = field(default_factory=list)  # [SectorDataImport]
    tables: dict = field(default_factory=dict)  # kind → [ItemTable] that apply

    @property
    def needs_acceptance(self):
        return bool(self.result.problem_count) and not self.stored

    @property
    def is_empty(self):
        return not self.result.counts


def clean_file_name(name):
    """Only the base name, at most 120 characters (a path says nothing we keep)."""
    return os.path.basename(str(name or "")).strip()[:120] or "tep.xlsx"


def import_export(
    school,
    source,
    *,
    file_name,
    school_year,
    user=None,
    accept_skipped=False,
    dry_run=False,
):
    """Read `source` (a path or a binary file object) for `school`. Nothing is stored
    on a dry run, when the file has no list, or when rows were skipped and the
    principal did not accept it (ExportError: the file cannot be read at all)."""
    result = read_export(source, school.stages)
    outcome = Outcome(result, school_year)
    codes = set()
    for kind, counts in result.counts.items():
        outcome.tables[kind] = tables_for(kind, counts, school.stages)
        codes.update(table.code for table in outcome.tables[kind])
    applicable = applicable_requirements(school, codes)
    for kind in outcome.tables:
        outcome.tables[kind] = [t for t in outcome.tables[kind] if t.code in applicable]
    if dry_run or outcome.is_empty or (result.problem_count and not accept_skipped):
        return outcome
    with transaction.atomic():
        for kind, counts in sorted(result.counts.items()):
            previous = (
                SectorDataImport.objects.filter(school=school, school_year=school_year, kind=kind)
                .order_by("-imported_at", "-pk")
                .first()
            )
            record = SectorDataImport.objects.create(
                school=school,
                school_year=school_year,
                kind=kind,
                counts=counts,
                rows=result.rows_read.get(kind, 0),
                skipped_rows=result.skipped_rows,
                file_name=clean_file_name(file_name),
                imported_by=user,
            )
            before = {}
            if previous is not None:
                before = {t.code: t for t in tables_for(kind, previous.counts, school.stages)}
            versions = {}
            for table in outcome.tables[kind]:
                page = save_draft(
                    school,
                    applicable[table.code],
                    school_year,
                    [table.block_value(before.get(table.code))],
                    source_note(record),
                    user,
                )
                versions[table.code] = page.pk
            record.versions = versions
            record.save(update_fields=["versions"])
            outcome.stored.append(record)
    return outcome
