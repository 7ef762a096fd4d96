"""The report as files: XLSX readable on A4 landscape (a cover with the office, the
period, the figures and their definitions; the ranking; one sheet per part of the
circular with coloured statuses and a legend; the per-item view; the explanations) and
CSV (one view). Shared by the dashboard's and the roll-up's downloads and
`manage.py compliance_report`."""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from sites.cells import neutralise, neutralise_row

from . import figures as fig
from . import reporting
from .periods import period_label
from .rules import WORKING_DAYS_NOTE, fmt
from .statuses import LATE, MISSING, NOT_APPLICABLE, NOT_DUE, ON_TIME, OPTIONAL, status_labels

VIEWS = ("ma_tran", "xep_hang", "theo_muc", "giai_thich")

SHEET_NAMES = {
    "bia": gettext_lazy("Bìa"),
    "xep_hang": gettext_lazy("Xếp hạng trường"),
    "theo_muc": gettext_lazy("Theo mục công khai"),
    "giai_thich": gettext_lazy("Giải thích"),
}

# Status colours (light, so the text prints on a greyscale printer too).
FILLS = {
    MISSING: "F4C7C3",
    LATE: "FCE8B2",
    ON_TIME: "B7E1CD",
    NOT_DUE: "DDE7F5",
    NOT_APPLICABLE: "E7E7E7",
    OPTIONAL: "FFFFFF",
}
LEGEND_ORDER = (MISSING, LATE, ON_TIME, NOT_DUE, NOT_APPLICABLE, OPTIONAL)

NAME_WIDTH = 34
LEVEL_WIDTH = 12
NUMBER_WIDTH = 11
STATUS_WIDTH = 17
TEXT_WIDTH = 90

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER_WRAP = Alignment(wrap_text=True, vertical="top", horizontal="center")
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def fill(status):
    return PatternFill("solid", fgColor=FILLS[status])


def title(matrix, semester_label=""):
    text = _("Tình hình công khai %(year)s (tính đến %(day)s)") % {
        "year": period_label(matrix.school_year),
        "day": fmt(matrix.today),
    }
    return f"{text} – {semester_label}" if semester_label else text


def table(matrix, view, schools=None, summaries=None):
    """(header, body) of one CSV view."""
    schools = schools if schools is not None else matrix.schools
    if view == "ma_tran":
        return reporting.matrix_table(matrix, schools)
    if view == "giai_thich":
        return reporting.explanation_table(matrix, schools)
    summaries = summaries or reporting.summaries_from_matrix(matrix)
    if view == "xep_hang":
        return reporting.ranking_table(reporting.ranking(schools, summaries))
    return reporting.item_table(reporting.by_item(matrix.requirements, schools, summaries))


def _csv(head, body):
    """UTF-8 with BOM so Excel opens the Vietnamese text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(neutralise_row(head))
    writer.writerows(neutralise_row(row) for row in body)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def csv_bytes(matrix, schools=None, view="ma_tran"):
    return _csv(*table(matrix, view if view in VIEWS else "ma_tran", schools))


# --- XLSX ----------------------------------------------------------------------------


def _print_setup(sheet, title_row):
    """A4 landscape, fit to the page's width, the header row repeated on every page,
    page numbers in the footer."""
    sheet.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if title_row:
        sheet.print_title_rows = f"{title_row}:{title_row}"
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.5
    sheet.oddFooter.center.text = _("Trang &P / &N")


def _widths(sheet, widths):
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _cell(sheet, value, font=None, alignment=WRAP, status=None, border=True):
    cell = WriteOnlyCell(sheet, value=neutralise(value))
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    if status is not None:
        cell.fill = fill(status)
    if border:
        cell.border = BOX
    return cell


def _legend_row(sheet):
    labels = status_labels()
    return [_cell(sheet, _("Chú giải:"), BOLD, border=False)] + [
        _cell(sheet, labels[status], alignment=CENTER_WRAP, status=status)
        for status in LEGEND_ORDER
    ]


def _table_sheet(workbook, name, heading, head, body, widths, statuses=None, legend=False):
    """A sheet: a title row, (a legend row), the header row, then the rows, with
    widths, wrapping, frozen header and print settings."""
    sheet = workbook.create_sheet(str(name)[:31])
    if legend:  # the legend's cells need room even where the table is narrow
        widths = list(widths) + [STATUS_WIDTH] * (1 + len(LEGEND_ORDER) - len(widths))
    _widths(sheet, widths)
    header_row = 3 if legend else 2
    sheet.freeze_panes = f"B{header_row + 1}"
    _print_setup(sheet, header_row)
    sheet.append([_cell(sheet, heading, BOLD, alignment=None, border=False)])
    if legend:
        sheet.append(_legend_row(sheet))
    sheet.append([_cell(sheet, text, BOLD, alignment=CENTER_WRAP) for text in head])
    for number, row in enumerate(body):
        marks = statuses[number] if statuses else [None] * len(row)
        sheet.append(
            [
                _cell(sheet, value, status=status, alignment=WRAP)
                for value, status in zip(row, marks, strict=False)
            ]
        )
    return sheet


def _cover(workbook, facts, figures):
    """The cover: whose report, which period, the figures and what they mean, the
    legend, the date it was made."""
    sheet = workbook.create_sheet(str(SHEET_NAMES["bia"]))
    _widths(sheet, [30, TEXT_WIDTH])
    _print_setup(sheet, None)
    sheet.page_setup.fitToHeight = 1
    rows = [
        [_cell(sheet, _("BÁO CÁO TÌNH HÌNH CÔNG KHAI"), TITLE, alignment=None, border=False)],
        [
            _cell(
                sheet,
                _("Theo Thông tư 09/2024/TT-BGDĐT của Bộ Giáo dục và Đào tạo"),
                alignment=None,
                border=False,
            )
        ],
        [],
    ]
    for label, value in facts:
        rows.append([_cell(sheet, label, BOLD), _cell(sheet, value)])
    rows += [[], [_cell(sheet, _("Số liệu"), BOLD, alignment=None, border=False)]]
    for name, value in zip(fig.header(), figures.row(), strict=True):
        rows.append([_cell(sheet, name, BOLD), _cell(sheet, value, alignment=None)])
    rows += [[], [_cell(sheet, _("Định nghĩa số liệu"), BOLD, alignment=None, border=False)]]
    for name, text in fig.glossary():
        rows.append([_cell(sheet, fig.label(name), BOLD), _cell(sheet, text)])
    rows.append([_cell(sheet, _("Ngày làm việc"), BOLD), _cell(sheet, str(WORKING_DAYS_NOTE))])
    rows += [[], [_cell(sheet, _("Chú giải trạng thái"), BOLD, alignment=None, border=False)]]
    labels = status_labels()
    for status in LEGEND_ORDER:
        rows.append(
            [
                _cell(sheet, labels[status], status=status),
                _cell(sheet, str(STATUS_MEANING[status])),
            ]
        )
    for row in rows:
        sheet.append(row)
    return sheet


STATUS_MEANING = {
    MISSING: gettext_lazy("Đã qua hạn mà chưa có bản nào đang hiển thị công khai."),
    LATE: gettext_lazy("Đã công khai nhưng sau hạn (xem trang “Giải thích”)."),
    ON_TIME: gettext_lazy("Đã công khai trong hạn."),
    NOT_DUE: gettext_lazy("Chưa đến hạn công khai."),
    NOT_APPLICABLE: gettext_lazy("Trường đánh dấu không áp dụng, có ghi lý do."),
    OPTIONAL: gettext_lazy("Mục không bắt buộc (“nếu có”), không tính vào số liệu."),
}


def report_facts(matrix, schools, semester_label="", office_name=""):
    return [
        (_("Đơn vị"), office_name or "–"),
        (_("Năm học"), period_label(matrix.school_year)),
        (_("Học kỳ"), semester_label or _("Cả năm")),
        (_("Tính đến ngày"), fmt(matrix.today)),
        (_("Số trường"), len(schools)),
        (_("Ngày lập báo cáo"), timezone.localtime().strftime("%d/%m/%Y %H:%M")),
    ]


def xlsx_bytes(matrix, schools=None, semester_label="", office_name=""):
    """Write-only workbook (streams rows; an office's file is built in seconds)."""
    schools = schools if schools is not None else matrix.schools
    summaries = reporting.summaries_from_matrix(matrix)
    workbook = Workbook(write_only=True)
    heading = title(matrix, semester_label)
    _cover(
        workbook,
        report_facts(matrix, schools, semester_label, office_name),
        reporting.totals(schools, summaries),
    )
    ranking = reporting.ranking(schools, summaries)
    head, body = reporting.ranking_table(ranking)
    _table_sheet(
        workbook,
        SHEET_NAMES["xep_hang"],
        heading,
        head,
        body,
        [NAME_WIDTH, LEVEL_WIDTH] + [NUMBER_WIDTH] * len(fig.COLUMNS),
    )
    for part in reporting.parts_of(matrix.requirements, schools):
        head, body, statuses = reporting.group_table(matrix, part["requirements"], part["schools"])
        _table_sheet(
            workbook,
            part["sheet"],
            f"{part['title']} – {heading}",
            head,
            body,
            [NAME_WIDTH, LEVEL_WIDTH] + [STATUS_WIDTH] * len(part["requirements"]),
            statuses=statuses,
            legend=True,
        )
    head, body = reporting.item_table(reporting.by_item(matrix.requirements, schools, summaries))
    _table_sheet(
        workbook,
        SHEET_NAMES["theo_muc"],
        heading,
        head,
        body,
        [NAME_WIDTH, 16] + [NUMBER_WIDTH] * (len(head) - 3) + [TEXT_WIDTH // 2],
    )
    head, body = reporting.explanation_table(matrix, schools)
    _table_sheet(
        workbook,
        SHEET_NAMES["giai_thich"],
        heading,
        head,
        body,
        [NAME_WIDTH, NAME_WIDTH, 16, 8, 22, TEXT_WIDTH],
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- The roll-up by office -----------------------------------------------------------


def rollup_table(rows):
    header = [_("Đơn vị"), _("Số trường")] + fig.header()
    body = [[row["label"], row["schools"]] + row["figures"].row() for row in rows]
    return header, body


def rollup_csv_bytes(rows):
    return _csv(*rollup_table(rows))


def rollup_xlsx_bytes(facts, rows, office_name=""):
    workbook = Workbook(write_only=True)
    heading = _("Công khai theo đơn vị, %(year)s (tính đến %(day)s)") % {
        "year": period_label(facts["school_year"]),
        "day": fmt(facts["today"]),
    }
    _cover(
        workbook,
        [
            (_("Đơn vị"), office_name or "–"),
            (_("Năm học"), period_label(facts["school_year"])),
            (_("Tính đến ngày"), fmt(facts["today"])),
            (_("Số trường"), facts["total"]),
            (_("Ngày lập báo cáo"), timezone.localtime().strftime("%d/%m/%Y %H:%M")),
        ],
        facts["figures"],
    )
    head, body = rollup_table(rows)
    _table_sheet(
        workbook,
        _("Theo đơn vị"),
        heading,
        head,
        body,
        [44, NUMBER_WIDTH] + [NUMBER_WIDTH] * len(fig.COLUMNS),
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
