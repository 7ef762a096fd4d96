"""Rows of an office's spreadsheet, CSV or XLSX, as the office saved it.

Offices export lists from Excel: a title row or two (often merged cells) above the
header, a BOM, headers with or without Vietnamese marks, stray spaces, numbers typed
as numbers. `read_table` returns (header line number, header cells, [(line, cells)])
with the header found by content, so the importer maps columns by name.
"""

import csv
import io
import zipfile

from django.utils.translation import gettext as _

from . import xlsx
from .text import fold, normalise_space

HEADER_SEARCH_ROWS = 15  # a header lower than this is not a header


class SpreadsheetError(ValueError):
    pass


def header_key(text):
    """'  Tên  trường (*) :' -> 'ten truong'."""
    key = fold(normalise_space(str(text or ""))).replace("_", " ")
    for junk in ("(*)", "*", ":"):
        key = key.replace(junk, " ")
    return normalise_space(key)


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number or a code typed as a number
    return normalise_space(str(value))


def is_xlsx(data):
    return data[:2] == b"PK" and zipfile.is_zipfile(io.BytesIO(data))


def _too_many_rows(limit):
    return SpreadsheetError(
        _("Tệp có quá nhiều dòng (tối đa %(max)s dòng).") % {"max": f"{limit:,}".replace(",", ".")}
    )


def _xlsx_rows(data, max_rows=None, max_columns=None):
    # Bounded whatever the file declares (sites/xlsx.py): a sheet claiming a million rows
    # or columns, a shared-strings bomb or a giant cell is refused or cut, never read whole.
    if max_rows is None:
        max_rows = limit = xlsx.DEFAULT_MAX_ROWS
    else:
        limit = max_rows + HEADER_SEARCH_ROWS
    rows = []
    try:
        for _sheet, number, cells in xlsx.iter_rows(
            data, max_rows=limit + 1, max_columns=max_columns or xlsx.DEFAULT_MAX_COLUMNS
        ):
            if number > limit:
                raise _too_many_rows(max_rows)
            rows.append((number, [normalise_space(cell) for cell in cells]))
    except xlsx.XlsxError as error:
        raise SpreadsheetError(str(error)) from None
    return rows


def _decode(data):
    if isinstance(data, str):
        return data.lstrip("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpreadsheetError(
            _("Tệp không đọc được: hãy lưu tệp CSV với bảng mã UTF-8 (hoặc gửi tệp .xlsx).")
        ) from None


def _csv_rows(data, max_rows=None, max_columns=None):
    text = _decode(data)
    lines = text.splitlines()
    sample = "\n".join(lines[:HEADER_SEARCH_ROWS])
    delimiter = max((";", ",", "\t"), key=sample.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    for cells in reader:
        if max_rows is not None and len(rows) >= max_rows + HEADER_SEARCH_ROWS:
            raise _too_many_rows(max_rows)
        rows.append((reader.line_num, [_cell_text(c) for c in cells[:max_columns]]))
    return rows


def read_table(
    data,
    known_headers,
    required,
    max_rows=None,
    max_columns=None,
    empty_message=None,
    header_message=None,
):
    """Find the header row (the first of the top rows naming every `required` column)
    and return (header line, {field: column index}, [(line, cells)] below it). With
    `max_rows`/`max_columns`, reading stops there (a longer file is refused)."""
    reader = _xlsx_rows if isinstance(data, bytes) and is_xlsx(data) else _csv_rows
    rows = reader(data, max_rows=max_rows, max_columns=max_columns)
    if not any(any(cells) for _line, cells in rows):
        raise SpreadsheetError(empty_message or _("Tệp trống, không có trường nào."))
    for index, (line, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns = map_columns(cells, known_headers)
        if all(field in columns for field in required):
            return line, columns, rows[index + 1 :]
    raise SpreadsheetError(
        header_message
        or _("Không tìm thấy dòng tiêu đề: cần có cột %(cols)s (ví dụ “Tên trường”, “Cấp học”).")
        % {"cols": ", ".join(required)}
    )


def map_columns(cells, known_headers):
    """{field: column index} for the header cells that name a known field."""
    keys = [header_key(cell) for cell in cells]
    found = {}
    for field, aliases in known_headers.items():
        for alias in aliases:
            alias_key = header_key(alias)
            if alias_key in keys:
                found[field] = keys.index(alias_key)
                break
    return found
