"""Reading an export, streamed and bounded: openpyxl in read-only mode walks each sheet's
XML row by row, so memory does not grow with the pupils; the archive is checked before it
is opened (a few KB that unpack to gigabytes are refused). Only the columns of columns.py
are copied out of a row, so the other cells (names, birth dates, ID numbers, parents)
never leave openpyxl's row tuple.

The zip is judged by sites/xlsx.py's `check_parts` (the shared bounds of every XLSX the
project reads); its `iter_rows` is not used because it reads every column of every row as
text and forgets the sheets' names, which the row-numbered messages need."""

import io
import re
import time
from dataclasses import dataclass

from django.utils.translation import gettext as _

from openpyxl import load_workbook

from sites.xlsx import XlsxError, check_parts

from .columns import find_header

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_CPU_SECONDS = 60  # 3,000 pupils take about 2 s; CPU time, so a busy machine is no excuse
MAX_SHEETS = 30
MAX_ROWS = 60_000  # per sheet: a large secondary school has about 3,000 pupils
MAX_COLUMNS = 200  # one known staff template has 72
HEADER_SEARCH_ROWS = 25  # title blocks above the header are a few rows


class ExportError(ValueError):
    """The file cannot be read at all (not XLSX, too large, no list found)."""


@dataclass
class Sheet:
    title: str
    kind: str
    header_row: int
    columns: dict  # field → column index


def read_bytes(source):
    """The file's bytes (at most MAX_FILE_BYTES) from a path or a binary file object."""
    if hasattr(source, "read"):
        source.seek(0)
        data = source.read(MAX_FILE_BYTES + 1)
    else:
        with open(source, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ExportError(_("Tệp lớn hơn 20 MB."))
    return data


def open_workbook(source):
    """A read-only workbook after the checks of sites.xlsx (every part's expanded size
    judged from the zip directory, before anything is parsed)."""
    try:
        data = read_bytes(source)
        check_parts(data)
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ExportError:
        raise
    except XlsxError as error:
        raise ExportError(str(error)) from None
    except Exception:  # not a zip, not a workbook, a broken one: all "not an XLSX"
        raise ExportError(_("Không đọc được tệp: hãy tải lên tệp Excel (.xlsx).")) from None


def iter_sheets(source):
    """Yield (Sheet, rows) for each sheet holding a pupils' or staff list; `rows` yields
    (row number, {field: cell value}) for the rows under the header that have anything
    in the read columns. Sheets of lookup lists and empty sheets are passed over."""
    workbook = open_workbook(source)
    deadline = time.process_time() + MAX_CPU_SECONDS
    try:
        for number, worksheet in enumerate(workbook.worksheets):
            if number >= MAX_SHEETS:
                break
            worksheet.reset_dimensions()  # a declared A1:XFD1048576 is not believed
            sheet = _guarded(lambda worksheet=worksheet: _header_of(worksheet))
            if sheet is not None:
                yield sheet, _guarded_rows(worksheet, sheet, deadline)
    finally:
        workbook.close()


def _guarded(read):
    """A broken sheet (bad XML, odd cell types) is one clear message; the parser's own
    error, which may quote a cell, is dropped rather than logged."""
    try:
        return read()
    except ExportError:
        raise
    except Exception:  # an untrusted file: any parser failure means "unreadable"
        raise ExportError(_("Tệp bị hỏng, không đọc được: hãy xuất lại từ phần mềm.")) from None


def _guarded_rows(worksheet, sheet, deadline):
    rows = _rows(worksheet, sheet)
    while True:
        if time.process_time() > deadline:
            raise ExportError(
                _("Đọc tệp quá lâu (quá %(s)d giây); hãy xuất lại chỉ danh sách cần nhập.")
                % {"s": MAX_CPU_SECONDS}
            )
        item = _guarded(lambda: next(rows, None))
        if item is None:
            return
        yield item


def _header_of(worksheet):
    rows = worksheet.iter_rows(
        min_row=1, max_row=HEADER_SEARCH_ROWS, max_col=MAX_COLUMNS, values_only=True
    )
    for number, cells in enumerate(rows, start=1):
        found = find_header(cells)
        if found is not None:
            kind, columns = found
            return Sheet(worksheet.title, kind, number, columns)
    return None


def _rows(worksheet, sheet):
    wanted = sheet.columns.items()
    last = max(sheet.columns.values()) + 1
    first = sheet.header_row + 1
    rows = worksheet.iter_rows(min_row=first, max_col=last, values_only=True)
    for number, cells in enumerate(rows, start=first):
        if number - first >= MAX_ROWS:
            raise ExportError(
                _("Trang tính “%(s)s” có hơn %(n)d dòng.") % {"s": sheet.title, "n": MAX_ROWS}
            )
        values = {name: cells[index] if index < len(cells) else None for name, index in wanted}
        present = [str(value).strip() for value in values.values() if _present(value)]
        if not present:
            continue
        if number <= first + 1 and all(_COLUMN_NUMBER.match(text) for text in present):
            continue  # the "(1) (2) (3)…" row forms put under their header
        yield number, values


_COLUMN_NUMBER = re.compile(r"^\(?\d{1,3}\)?$")


def _present(value):
    return value is not None and str(value).strip() != ""
