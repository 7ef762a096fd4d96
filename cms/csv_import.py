"""Read an office's list of schools from a CSV file and provision them.

Used by `manage.py import_schools` and by the office admin's import screen. The whole
file is checked first; one bad row and nothing is imported. Importing the same file
again creates nothing new (provisioning is idempotent).
"""

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext as _

from sites.text import fold

from .provisioning import ProvisioningError, SchoolSpec, provision_schools, validate_specs

# Header spellings seen in office spreadsheets (folded), by SchoolSpec field.
COLUMNS = {
    "name": ("name", "ten", "ten truong", "truong"),
    "level": ("level", "level_code", "cap hoc", "cap"),
    "slug": ("slug", "ma truong", "ma"),
    "address": ("address", "dia chi"),
    "phone": ("phone", "dien thoai", "so dien thoai"),
    "email": ("email", "thu dien tu", "e-mail"),
    "principal_name": ("principal_name", "principal", "hieu truong"),
    "legacy_url": ("legacy_url", "website", "trang web cu", "dia chi trang web cu"),
}
REQUIRED = ("name", "level")


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


def _decode(data):
    if isinstance(data, str):
        return data.lstrip("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SchoolCsvError(
            [(None, _("Tệp không đọc được: hãy lưu tệp CSV với bảng mã UTF-8."))]
        ) from None


def _delimiter(text):
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def _header_map(fieldnames):
    """{SchoolSpec field: column name in the file}."""
    by_folded = {fold(name or "").strip().replace("_", " "): name for name in fieldnames or []}
    found = {}
    for field, aliases in COLUMNS.items():
        for alias in aliases:
            column = by_folded.get(alias.replace("_", " "))
            if column is not None:
                found[field] = column
                break
    return found


def _row_problems(values):
    problems = []
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
    """Parse the file into [(line number, SchoolSpec)]; raise SchoolCsvError listing
    every row that cannot even be read (missing columns, bad email or URL)."""
    text = _decode(data)
    if not text.strip():
        raise SchoolCsvError([(None, _("Tệp trống, không có trường nào."))])
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    columns = _header_map(reader.fieldnames)
    missing = [field for field in REQUIRED if field not in columns]
    if missing:
        raise SchoolCsvError(
            [(1, _("thiếu cột %(cols)s (cần có cột name và level)") % {"cols": ", ".join(missing)})]
        )
    rows, errors = [], []
    for record in reader:
        line = reader.line_num
        values = {field: (record.get(column) or "").strip() for field, column in columns.items()}
        if not any(values.values()):
            continue  # blank line at the end of a spreadsheet export
        problems = _row_problems(values)
        if problems:
            errors.append((line, "; ".join(problems)))
            continue
        rows.append((line, SchoolSpec(**values)))
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
