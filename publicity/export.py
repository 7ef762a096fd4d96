"""The semester report as files: XLSX (one sheet per view, Vietnamese headings, A4
landscape) and CSV (one view). Shared by the dashboard's downloads and
`manage.py compliance_report`."""

import csv
import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
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


SHEET_NAMES = {
    "ma_tran": gettext_lazy("Tình hình công khai"),
    "xep_hang": gettext_lazy("Xếp hạng trường"),
    "theo_muc": gettext_lazy("Theo mục công khai"),
    "giai_thich": gettext_lazy("Giải thích"),
}


def table(matrix, view, schools=None, summaries=None):
    """(header, body) of one view."""
    schools = schools if schools is not None else matrix.schools
    if view == "ma_tran":
        return reporting.matrix_table(matrix, schools)
    if view == "giai_thich":
        return reporting.explanation_table(matrix, schools)
    summaries = summaries or reporting.summaries_from_matrix(matrix)
    if view == "xep_hang":
        return reporting.ranking_table(reporting.ranking(schools, summaries))
    return reporting.item_table(reporting.by_item(matrix.requirements, schools, summaries))


def tables(matrix, schools=None):
    """{view: (sheet name, header, body)} in the order of the workbook."""
    summaries = reporting.summaries_from_matrix(matrix)
    return {
        view: (str(SHEET_NAMES[view]), *table(matrix, view, schools, summaries)) for view in VIEWS
    }


def header(matrix):
    return reporting.matrix_table(matrix, [])[0]


def rows(matrix, schools=None):
    return reporting.matrix_table(matrix, schools)[1]


def write_csv(matrix, stream, schools=None, view="ma_tran"):
    head, body = table(matrix, view if view in VIEWS else "ma_tran", schools)
    writer = csv.writer(stream)
    writer.writerow(head)
    writer.writerows(body)


def csv_bytes(matrix, schools=None, view="ma_tran"):
    """UTF-8 with BOM so Excel opens the Vietnamese text correctly."""
    buffer = io.StringIO()
    write_csv(matrix, buffer, schools, view)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _print_setup(sheet):
    sheet.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "2:2"
    sheet.page_margins.left = sheet.page_margins.right = 0.4


def xlsx_bytes(matrix, schools=None, semester_label=""):
    """Write-only workbook (streams rows; an office's file is built in seconds)."""
    workbook = Workbook(write_only=True)
    heading = title(matrix, semester_label)
    bold = Font(bold=True)
    for name, head, body in tables(matrix, schools).values():
        sheet = workbook.create_sheet(name[:31])
        sheet.freeze_panes = "B3"
        sheet.column_dimensions["A"].width = 36
        _print_setup(sheet)
        first = WriteOnlyCell(sheet, value=heading)
        first.font = bold
        sheet.append([first])
        titles = []
        for text in head:
            cell = WriteOnlyCell(sheet, value=text)
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            titles.append(cell)
        sheet.append(titles)
        for row in body:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
