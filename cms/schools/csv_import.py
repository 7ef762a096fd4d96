"""Read an office's list of schools from a CSV file and provision them.

Used by `manage.py import_schools` and by the office admin's import screen. The whole
file is checked first; one bad row and nothing is imported. Importing the same file
again creates nothing new (provisioning is idempotent).
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from sites.spreadsheet import SpreadsheetError, read_table

from .provisioning import ProvisioningError, SchoolSpec, provision_schools, validate_specs

# Header spellings seen in office spreadsheets (folded), by SchoolSpec field.
COLUMNS = {
    "name": ("name", "ten", "ten truong", "truong", "ten don vi", "ten co so giao duc"),
    "level": ("level", "level_code", "cap hoc", "cap", "bac hoc", "loai hinh"),
    "slug": ("slug", "ma truong", "ma", "dia chi web", "ten mien"),
    "address": ("address", "dia chi", "dia chi truong"),
    "phone": ("phone", "dien thoai", "so dien thoai", "sdt", "dt"),
    "email": ("email", "thu dien tu", "e-mail", "mail"),
    "principal_name": ("principal_name", "principal", "hieu truong", "ho ten hieu truong"),
    "legacy_url": ("legacy_url", "website", "trang web cu", "dia chi trang web cu", "trang web"),
}
# The header row must name the school; the level may come from the name
# ("Trường Mầm non …") when there is no level column.
REQUIRED_HEADERS = ("name",)


class SchoolCsvError(ProvisioningError):
    """The file cannot be imported; `rows` lists (line number, Vietnamese reason)."""

    def __init__(self, rows):
        self.rows = rows
        super().__init__("\n".join(format_row_error(line, reason) for line, reason in rows))


def format_row_error(line, reason):
    if line is None:
        return str(reason)
    return _("Dòng %(line)s: %(reason)s") % {"line": line, "reason": reason}


@dataclass
class ImportResult:
    created: int
    existing: int

    @property
    def total(self):
        return self.created + self.existing


# Control characters (a NUL byte above all: PostgreSQL refuses it in text, SQLite keeps
# it and every page, export and log then carries it) never belong in a school's details.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FIELD_LABELS = {
    "name": _lazy("tên trường"),
    "level": _lazy("cấp học"),
    "slug": _lazy("mã trường"),
    "address": _lazy("địa chỉ"),
    "phone": _lazy("điện thoại"),
    "email": _lazy("thư điện tử"),
    "principal_name": _lazy("hiệu trưởng"),
    "legacy_url": _lazy("trang web cũ"),
}


def _row_problems(values):
    problems = [
        _("cột %(field)s có ký tự điều khiển (mã %(code)s) không được phép")
        % {"field": FIELD_LABELS[field], "code": f"U+{ord(found.group()):04X}"}
        for field, value in values.items()
        if (found := CONTROL_CHARACTERS.search(value))
    ]
    if problems:
        return problems
    if values.get("email"):
        try:
            validate_email(values["email"])
        except ValidationError:
            problems.append(_("thư điện tử “%(v)s” không hợp lệ") % {"v": values["email"]})
    if values.get("legacy_url"):
        try:
            URLValidator()(values["legacy_url"])
        except ValidationError:
            problems.append(
                _("địa chỉ trang web cũ “%(v)s” không hợp lệ") % {"v": values["legacy_url"]}
            )
    return problems


def read_school_csv(data):
    """Parse the file (CSV or XLSX) into [(line number, SchoolSpec)]; raise SchoolCsvError
    listing every row that cannot even be read (bad email or URL). Rows above the header
    (a title, merged cells) are skipped; the header is found by its column names."""
    try:
        _header_line, columns, records = read_table(data, COLUMNS, REQUIRED_HEADERS)
    except SpreadsheetError as error:
        raise SchoolCsvError([(None, str(error))]) from None
    rows, errors = [], []
    for line, cells in records:
        values = {
            field: (cells[index] if index < len(cells) else "").strip()
            for field, index in columns.items()
        }
        if not any(values.values()):
            continue  # blank line at the end of a spreadsheet export
        problems = _row_problems(values)
        spec = SchoolSpec(**values)
        if "level" not in columns and not spec.level:
            problems.append(_("thiếu cột level (cấp học) và tên trường không cho biết cấp học"))
        if problems:
            errors.append((line, "; ".join(problems)))
            continue
        rows.append((line, spec))
    if errors:
        raise SchoolCsvError(errors)
    if not rows:
        raise SchoolCsvError([(None, _("Tệp không có dòng dữ liệu nào."))])
    return rows


def check_school_csv(office, data):
    """Every problem in the file as [(line, reason)], or the rows when it is all good."""
    rows = read_school_csv(data)
    errors = validate_specs(
        office, [spec for _line, spec in rows], numbering=[line for line, _spec in rows]
    )
    if errors:
        # validate_specs names the clashing row by its line too ("trùng với dòng 7").
        raise SchoolCsvError(errors)
    return rows


def import_school_csv(office, data, *, port=None, user=None):
    """Validate the whole file, then provision every school in one transaction."""
    rows = check_school_csv(office, data)
    created, existing = provision_schools(
        office, [spec for _line, spec in rows], port=port, user=user
    )
    return ImportResult(created=created, existing=existing)
