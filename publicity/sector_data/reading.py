"""Reading an export, streamed and bounded: openpyxl in read-only mode walks each sheet's
XML row by row, so memory does not grow with the pupils; the archive is checked before it
is opened (a few KB that unpack to gigabytes are refused). Only the columns of columns.py
are copied out of a row, so the other cells (names, birth dates, ID numbers, parents)
never leave openpyxl's row tuple.

The shared per-part caps of sites/xlsx.py apply in `open_workbook`; declared sheet
dimensions are ignored."""

import re
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from openpyxl import load_workbook

from sites import xlsx

from .columns import find_header

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
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
    rows: list = field(default_factory=list)  # filled by the caller's consumer


def open_workbook(source):
    """A read-only workbook from a path or a binary file object, after the size checks."""
    try:
        if hasattr(source, "seek"):
            source.seek(0, 2)
            size = source.tell()
            source.seek(0)
        else:
            with open(source, "rb") as handle:
                handle.seek(0, 2)
                size = handle.tell()
        if size > MAX_FILE_BYTES:
            raise ExportError(_("Tệp lớn hơn 20 MB."))
        with zipfile.ZipFile(source) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if hasattr(source, "seek"):
            source.seek(0)
        if unpacked > MAX_UNPACKED_BYTES:
            raise ExportError(_("Tệp giải nén quá lớn (trên 200 MB)."))
        # The shared caps per part (sites/xlsx.py): a shared-strings bomb or a giant sheet
        # under the total is refused from the zip directory too.
        xlsx.check_parts(_bytes_of(source))
        if hasattr(source, "seek"):
            source.seek(0)
        return load_workbook(source, read_only=True, data_only=True)
    except xlsx.XlsxError as error:
        raise ExportError(str(error)) from None
    except ExportError:
        raise
    except Exception:  # not a zip, not a workbook, a broken one: all "not an XLSX"
        raise ExportError(_("Không đọc được tệp: hãy tải lên tệp Excel (.xlsx).")) from None


def _bytes_of(source):
    if hasattr(source, "read"):
        source.seek(0)
        return source.read()
    with open(source, "rb") as handle:
        return handle.read()


def iter_sheets(source):
    """Yield (Sheet, rows) for each sheet holding a pupils' or staff list; `rows` yields
    (row number, {field: cell value}) for the rows under the header that have anything
    in the read columns. Sheets of lookup lists and empty sheets are passed over."""
    workbook = open_workbook(source)
    try:
        for number, worksheet in enumerate(workbook.worksheets):
            if number >= MAX_SHEETS:
                break
            worksheet.reset_dimensions()  # the declared size is not believed nor padded to
            sheet = _guarded(lambda worksheet=worksheet: _header_of(worksheet))
            if sheet is not None:
                yield sheet, _guarded_rows(worksheet, sheet)
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


def _guarded_rows(worksheet, sheet):
    rows = _rows(worksheet, sheet)
    while True:
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
