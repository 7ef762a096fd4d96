"""Rows of an uploaded XLSX workbook, read within fixed time and memory bounds.

An .xlsx is a zip of XML parts, and what it declares is the sender's word: a sheet may
claim `A1:XFD20000` (openpyxl then pads every row to 16,384 cells), a shared-strings
part may hold millions of strings, a cell may hold 150 MB of text. Every XLSX the
project reads goes through `iter_rows`, which

- refuses the file from its zip directory alone, before parsing anything, when a part
  expands past its cap (`zipfile` stops a part at the size the directory declares, so
  the check cannot be lied to) or there are too many parts;
- ignores the declared dimensions and never pads past `max_columns`;
- stops at `max_rows` rows (the caller decides whether that is an error), refuses a
  cell longer than `max_cell_chars`, and stops after `max_seconds`.

Refusals are `XlsxError` with a Vietnamese message (row number when there is one).
"""

import datetime
import io
import time
import zipfile

from django.utils.translation import gettext as _

MAX_PARTS = 1000
# One part expanded (a sheet, the shared strings: any name may hold either, so one cap):
# a sheet of 10,000 rows x 30 columns is ~10 MB. openpyxl parses a part of this size in a
# few seconds and holds the shared strings in memory (~100 MB at worst).
MAX_PART_BYTES = 16 * 1024 * 1024
MAX_TOTAL_BYTES = 48 * 1024 * 1024

DEFAULT_MAX_ROWS = 10_000
DEFAULT_MAX_COLUMNS = 60
DEFAULT_MAX_CELL_CHARS = 5_000
DEFAULT_MAX_SECONDS = 10.0


class XlsxError(ValueError):
    """The workbook cannot be read; str() is a Vietnamese message safe to show."""


def _damaged():
    return XlsxError(_("Tệp Excel bị hỏng hoặc không phải tệp .xlsx."))


def _too_big():
    return XlsxError(
        _(
            "Tệp Excel quá lớn hoặc khai báo bảng tính quá lớn, không đọc được. Hãy chỉ giữ "
            "bảng cần nhập (xoá các trang, hàng, cột thừa) rồi lưu lại."
        )
    )


def check_parts(data):
    """Raise XlsxError unless every part of the zip stays within the caps (judged from
    the zip directory, nothing expanded)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _damaged() from None
    if len(parts) > MAX_PARTS:
        raise _too_big()
    total = 0
    for part in parts:
        if part.file_size > MAX_PART_BYTES:
            raise _too_big()
        total += part.file_size
    if total > MAX_TOTAL_BYTES:
        raise _too_big()


def cell_text(value):
    """A cell as text: '' for empty, whole numbers without '.0' (phone numbers and codes
    typed as numbers), dates as dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        value = value.date()
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y")
    return str(value)


def iter_rows(
    data,
    *,
    max_rows=DEFAULT_MAX_ROWS,
    max_columns=DEFAULT_MAX_COLUMNS,
    max_cell_chars=DEFAULT_MAX_CELL_CHARS,
    max_seconds=DEFAULT_MAX_SECONDS,
    all_sheets=False,
):
    """Yield (sheet index, row number, tuple of str) for the first sheet (or every sheet),
    at most `max_rows` rows in all and `max_columns` cells a row. Raise XlsxError when the
    file is damaged or too big, a cell is longer than `max_cell_chars`, or reading takes
    longer than `max_seconds`."""
    from openpyxl import load_workbook

    check_parts(data)
    deadline = time.monotonic() + max_seconds
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise _damaged() from None
    try:
        sheets = workbook.worksheets if all_sheets else workbook.worksheets[:1]
        count = 0
        for index, sheet in enumerate(sheets):
            sheet.reset_dimensions()  # the declared size is not believed, nor padded to
            rows = sheet.iter_rows(values_only=True, max_col=max_columns)
            for number, row in enumerate(_guarded(rows), start=1):
                count += 1
                if count > max_rows:
                    return  # the caller says whether more rows are an error
                if time.monotonic() > deadline:
                    raise XlsxError(
                        _("Đọc tệp Excel quá lâu (quá %(s)s giây); hãy bỏ bớt dữ liệu thừa.")
                        % {"s": int(max_seconds)}
                    )
                cells = tuple(cell_text(value) for value in row)
                for cell in cells:
                    if len(cell) > max_cell_chars:
                        raise XlsxError(
                            _("Dòng %(line)s: một ô dài quá %(max)s ký tự.")
                            % {"line": number, "max": f"{max_cell_chars:,}".replace(",", ".")}
                        )
                yield index, number, cells
    finally:
        workbook.close()


def _guarded(rows):
    """openpyxl's row iterator with its many exception kinds turned into XlsxError."""
    try:
        yield from rows
    except XlsxError:
        raise
    except Exception:
        raise _damaged() from None
