"""The sector figures in the office's open data: per school, per item, the figures of the
newest generated version that is publicly visible (published, not expired, no view
restriction), so only what the school has published leaves the site. The schema is
versioned (SCHEMA); README describes it."""

import csv
import io

from sites.cells import neutralise_row

from ..models import DisclosurePage
from ..visibility import is_restricted, restricted_paths
from .stored import SectorDataImport
from .tables import tables_for

SCHEMA = "truongso.so-lieu-nganh/1"
CSV_HEADER = ("truong", "ma_truong", "nam_hoc", "muc", "dong", "cot", "gia_tri", "ngay_nhap")


def published_figures(schools, school_year):
    """{school id: {item code: (ItemTable, SectorDataImport)}} of published versions."""
    schools = list(schools)
    records = list(
        SectorDataImport.objects.filter(school__in=schools, school_year=school_year).select_related(
            "school"
        )
    )
    by_page = {}
    for record in records:
        for code, page_id in (record.versions or {}).items():
            by_page[page_id] = (record, code)
    if not by_page:
        return {}
    restricted = restricted_paths()
    visible = {
        pk
        for pk, path in DisclosurePage.objects.filter(
            pk__in=list(by_page), live=True, expired=False
        ).values_list("pk", "path")
        if not is_restricted(path, restricted)
    }
    found = {}
    # Newest import first, so each item takes its newest published version.
    for page_id in sorted(visible, key=lambda pk: by_page[pk][0].imported_at, reverse=True):
        record, code = by_page[page_id]
        items = found.setdefault(record.school_id, {})
        if code in items:
            continue
        for table in tables_for(record.kind, record.counts, record.school.stages):
            if table.code == code:
                items[code] = (table, record)
    return found


def school_entry(school, items):
    return {
        "name": school.name,
        "slug": school.slug,
        "level": school.level,
        "items": {
            code: {
                "caption": table.caption,
                "imported_on": record.imported_at.date().isoformat(),
                "columns": dict(table.columns),
                "rows": {key: label for key, label, _values in table.rows},
                "figures": table.figures(),
            }
            for code, (table, record) in sorted(items.items())
        },
    }


def document(office, schools, school_year):
    schools = list(schools)
    figures = published_figures(schools, school_year)
    return {
        "schema": SCHEMA,
        "school_year": school_year,
        "office": office.name,
        "schools": [school_entry(school, figures.get(school.pk, {})) for school in schools],
    }


def csv_text(data):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)  # school names are the office's text: neutralised
    for school in data["schools"]:
        for code, item in school["items"].items():
            for row, values in item["figures"].items():
                for column, value in values.items():
                    writer.writerow(
                        neutralise_row(
                            [
                                school["name"],
                                school["slug"],
                                data["school_year"],
                                code,
                                row,
                                column,
                                "" if value is None else value,
                                item["imported_on"],
                            ]
                        )
                    )
    return buffer.getvalue()


def schools_without_import(schools, school_year):
    """The schools with no pupils' or no staff list stored for `school_year`, with the
    kinds they lack: [(school, [kind])]."""
    schools = list(schools)
    have = set(
        SectorDataImport.objects.filter(school__in=schools, school_year=school_year).values_list(
            "school_id", "kind"
        )
    )
    kinds = ("pupils", "staff")
    missing = []
    for school in schools:
        lacking = [kind for kind in kinds if (school.pk, kind) not in have]
        if lacking:
            missing.append((school, lacking))
    return missing
