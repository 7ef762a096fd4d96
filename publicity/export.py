"""The semester report as files: XLSX (one sheet per view, Vietnamese headings, A4
landscape) and CSV (one view). Shared by the dashboard's downloads and
`manage.py compliance_report`."""

import csv
import io

from django.utils.translation import gettext as _

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from . import reporting

VIEWS = ("ma_tran", "xep_hang", "theo_muc", "giai_thich")


def title(matrix, semester_label=""):
    text = _("Tình hình công khai năm học %(year)s (tính đến %(day)s)") % {
        "year": matrix.school_year,
        "day": matrix.today.strftime("%d/%m/%Y"),
    }
    return f"{text} – {semester_label}" if semester_label else text


def tables(matrix, schools=None):
    """{view: (sheet name, header, body)} in the order of the workbook."""
    schools = schools if schools is not None else matrix.schools
    summaries = reporting.summaries_from_matrix(matrix)
    rank = reporting.ranking(schools, summaries)
    items = reporting.by_item(matrix.requirements, schools, summaries)
    return {
        "xep_hang": (_("Xếp hạng trường"), *reporting.ranking_table(rank)),
        "theo_muc": (_("Theo mục công khai"), *reporting.item_table(items)),
        "ma_tran": (_("Tình hình công khai"), *reporting.matrix_table(matrix, schools)),
        "giai_thich": (_("Giải thích"), *reporting.explanation_table(matrix, schools)),
    }


def header(matrix):
    return reporting.matrix_table(matrix, [])[0]


def rows(matrix, schools=None):
    return reporting.matrix_table(matrix, schools)[1]


def write_csv(matrix, stream, schools=None, view="ma_tran"):
    _name, head, body = tables(matrix, schools)[view if view in VIEWS else "ma_tran"]
    writer = csv.writer(stream)
    writer.writerow(head)
    writer.writerows(body)


def csv_bytes(matrix, schools=None, view="ma_tran"):
    """UTF-8 with BOM so Excel opens the Vietnamese text correctly."""
    buffer = io.StringIO()
    write_csv(matrix, buffer, schools, view)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _print_setup(sheet: Worksheet):
    sheet.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "2:2"
    sheet.page_margins.left = sheet.page_margins.right = 0.4


def xlsx_bytes(matrix, schools=None, semester_label=""):
    workbook = Workbook()
    workbook.remove(workbook.active)
    heading = title(matrix, semester_label)
    for name, head, body in tables(matrix, schools).values():
        sheet = workbook.create_sheet(name[:31])
        sheet.append([heading])
        sheet["A1"].font = Font(bold=True)
        sheet.append(head)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in body:
            sheet.append(row)
        sheet.freeze_panes = "B3"
        sheet.column_dimensions["A"].width = 36
        _print_setup(sheet)
    # The matrix first: it is what the office has always opened.
    workbook.move_sheet(workbook.worksheets[2], offset=-2)
    workbook.active = 0
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
