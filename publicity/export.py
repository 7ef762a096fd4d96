"""The compliance matrix as a table: one row per school, one column per requirement.
Shared by the dashboard's downloads and `manage.py compliance_report`."""

import csv
import io

from django.utils.translation import gettext as _

from sites.levels import SchoolLevel

FIXED_COLUMNS = 4  # school, level, completion, published/due


def header(matrix):
    return [_("Trường"), _("Cấp học"), _("Tỷ lệ hoàn thành (%)"), _("Đã công khai / đến hạn")] + [
        f"{r.code} – {r.title}" for r in matrix.requirements
    ]


def rows(matrix, schools=None):
    from .compliance import status_labels

    labels = status_labels()
    for school in schools if schools is not None else matrix.schools:
        summary = matrix.school_summary(school)
        percent = summary["percent"]
        yield [
            school.name,
            str(SchoolLevel(school.level).label),
            "" if percent is None else percent,
            f"{summary['done']}/{summary['due']}",
        ] + ["" if cell is None else cell.short(labels) for cell in matrix.row(school)]


def title(matrix):
    return _("Tình hình công khai năm học %(year)s (tính đến %(day)s)") % {
        "year": matrix.school_year,
        "day": matrix.today.strftime("%d/%m/%Y"),
    }


def write_csv(matrix, stream, schools=None):
    writer = csv.writer(stream)
    writer.writerow(header(matrix))
    writer.writerows(rows(matrix, schools))


def csv_bytes(matrix, schools=None):
    """UTF-8 with BOM so Excel opens the Vietnamese text correctly."""
    buffer = io.StringIO()
    write_csv(matrix, buffer, schools)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(matrix, schools=None):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Tình hình công khai")[:31]
    sheet.append([title(matrix)])
    sheet["A1"].font = Font(bold=True)
    sheet.append(header(matrix))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows(matrix, schools):
        sheet.append(row)
    sheet.freeze_panes = "B3"
    sheet.column_dimensions["A"].width = 36
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
