"""The consent register: who keeps it, what it lists, importing a class list, retention.

The register belongs to the school. Its principal keeps it and may name editors to keep
it with them; nobody else reads it: not the school's other staff (an editor sees the
listed names of the classes a photo shows, on that photo's check, and nothing more), not
office staff of any rank, not superusers (operators see takedown counts only).
"""

import datetime
import io
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sites.permissions import is_office_staff, is_school_user, user_holds_role, user_school
from sites.roles import SchoolRole
from sites.school_year import SCHOOL_YEAR_START_MONTH, parse_school_year, school_year_of
from sites.spreadsheet import SpreadsheetError, read_table
from sites.text import fold, normalise_space

from ..file_safety import zip_problem
from .models import ListedPupil, RegisterKeeper, SchoolClass

MAX_IMPORT_BYTES = 2 * 1024 * 1024  # a school's class lists are kilobytes
MAX_IMPORT_ROWS = 5000  # every pupil of a big school, with room to spare
MAX_IMPORT_COLUMNS = 40

IMPORT_HEADERS = {
    "name": ("Họ và tên", "Họ tên", "Họ và tên học sinh", "Tên học sinh", "Học sinh"),
    "class": ("Lớp", "Tên lớp"),
    "status": (
        "Trạng thái",
        "Tình trạng",
        "Đồng ý",
        "Đồng ý đăng ảnh",
        "Đồng ý công bố hình ảnh",
        "Ý kiến phụ huynh",
    ),
    "date": ("Ngày", "Ngày ghi phiếu", "Ngày ký", "Ngày đồng ý", "Ngày trên phiếu"),
    "source": ("Hình thức", "Nguồn", "Phiếu"),
}
CONSENTED_WORDS = {"dong y", "co", "x", "yes", "da dong y", "co dong y", "1"}
WITHDRAWN_WORDS = ("rut", "huy")
ONLINE_WORDS = ("truc tuyen", "online", "bieu mau", "google", "zalo")
CLASS_NAME_RE = re.compile(r"^[0-9A-Za-zÀ-ỹĐđ.\-/ ]{1,20}$")


# --- Who keeps it ---------------------------------------------------------------------


def is_principal(user, school):
    return user_holds_role(user, school, SchoolRole.PRINCIPAL)


def keeps_register(user, school):
    """The school's principal, and the editors the principal named."""
    if school is None or not getattr(user, "is_authenticated", False):
        return False
    if not is_school_user(user) or user_school(user) != school:
        return False  # office staff and superusers never, whatever their groups
    if is_principal(user, school):
        return True
    return RegisterKeeper.objects.filter(school=school, user=user).exists()


def register_school_of(user):
    """The school whose register `user` keeps, or None."""
    school = user_school(user)
    if school is None or is_office_staff(user):
        return None
    return school if keeps_register(user, school) else None


def principal_school_of(user):
    """The school whose principal `user` is (they handle its takedown requests), or None."""
    school = user_school(user)
    if school is None or is_office_staff(user) or not is_principal(user, school):
        return None
    return school


def keeper_candidates(school):
    """The school's editors, whom the principal may name."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__school_role__school=school,
            groups__school_role__role=SchoolRole.EDITOR,
        )
        .distinct()
        .order_by("username")
    )


# --- What it lists --------------------------------------------------------------------


def current_year():
    return school_year_of(timezone.localdate())


def classes_of(school, school_year=None):
    return SchoolClass.objects.filter(school=school, school_year=school_year or current_year())


def listed_names(classes):
    """{class id: [pupil names]} of the pupils listed in `classes` who have not left."""
    names = {}
    rows = (
        ListedPupil.objects.filter(school_class__in=classes, left_on__isnull=True)
        .order_by("name")
        .values_list("school_class_id", "name")
    )
    for class_id, name in rows:
        names.setdefault(class_id, []).append(name)
    return names


# --- Importing a class list -------------------------------------------------------------


class ImportResult:
    def __init__(self):
        self.classes = {}  # name -> SchoolClass
        self.listed = 0
        self.withdrawn = 0
        self.consented = 0


def _parse_date(text, line):
    text = (text or "").strip()
    if not text:
        return timezone.localdate()
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise SpreadsheetError(
        _("Dòng %(line)s: ngày “%(value)s” không đúng dạng ngày/tháng/năm.")
        % {"line": line, "value": text[:20]}
    )


def _status(text):
    """None for consented (nothing to list), else a ListedPupil.Status. A blank answer is
    not consent: silence is never consent under the law."""
    key = fold(normalise_space(text or "")).lower()
    if any(word in key for word in WITHDRAWN_WORDS):
        return ListedPupil.Status.WITHDRAWN
    if key in CONSENTED_WORDS:
        return None
    return ListedPupil.Status.NOT_CONSENTED


def _source(text):
    key = fold(normalise_space(text or "")).lower()
    if any(word in key for word in ONLINE_WORDS):
        return ListedPupil.Source.ONLINE
    return ListedPupil.Source.PAPER


def import_class_lists(school, school_year, data):
    """Replace, for every class the spreadsheet names, the class's listed pupils with the
    file's. Only name, class, status, date (and the kind of form) are read; every other
    column (birth dates, parents, phones) is ignored and the file is not kept. All or
    nothing: any bad line stores nothing. Returns an ImportResult; raises SpreadsheetError
    with a Vietnamese message."""
    parse_school_year(school_year)
    if len(data) > MAX_IMPORT_BYTES:
        raise SpreadsheetError(
            _("Tệp quá lớn (tối đa %(max)s MB): danh sách lớp chỉ cần vài trăm KB.")
            % {"max": MAX_IMPORT_BYTES // (1024 * 1024)}
        )
    if data[:2] == b"PK" and zip_problem(io.BytesIO(data)):
        raise SpreadsheetError(_("Tệp Excel có cấu trúc bất thường (có thể là tệp độc hại)."))
    _header_line, columns, rows = read_table(
        data,
        IMPORT_HEADERS,
        required=("name", "class"),
        max_rows=MAX_IMPORT_ROWS,
        max_columns=MAX_IMPORT_COLUMNS,
        empty_message=_("Tệp trống, không có học sinh nào."),
        header_message=_(
            "Không tìm thấy dòng tiêu đề: cần có cột “Họ và tên” và “Lớp” (thêm “Trạng thái” "
            "đồng ý và “Ngày” nếu có)."
        ),
    )

    def cell(cells, field):
        index = columns.get(field)
        return cells[index] if index is not None and index < len(cells) else ""

    result = ImportResult()
    by_class = {}
    errors = []
    for line, cells in rows:
        if not any(cells):
            continue
        name = normalise_space(cell(cells, "name"))[:100]
        class_name = normalise_space(cell(cells, "class")).upper()
        if not name or not class_name:
            errors.append(
                _("Dòng %(line)s: thiếu họ tên hoặc lớp.") % {"line": line},
            )
            continue
        if not CLASS_NAME_RE.match(class_name):
            errors.append(
                _("Dòng %(line)s: tên lớp “%(value)s” không hợp lệ.")
                % {"line": line, "value": class_name[:20]}
            )
            continue
        rows_of_class = by_class.setdefault(class_name, [])
        status = _status(cell(cells, "status"))
        if status is None:
            result.consented += 1
            continue
        try:
            recorded_on = _parse_date(cell(cells, "date"), line)
        except SpreadsheetError as error:
            errors.append(str(error))
            continue
        rows_of_class.append((name, status, recorded_on, _source(cell(cells, "source"))))
    if errors:
        raise SpreadsheetError(" ".join(str(e) for e in errors[:10]))
    if not by_class:
        raise SpreadsheetError(_("Tệp không có học sinh nào."))
    with transaction.atomic():
        for class_name, listed in by_class.items():
            school_class, _created = SchoolClass.objects.get_or_create(
                school=school, school_year=school_year, name=class_name
            )
            result.classes[class_name] = school_class
            school_class.listed_pupils.all().delete()
            ListedPupil.objects.bulk_create(
                ListedPupil(
                    school=school,
                    school_class=school_class,
                    name=name,
                    status=status,
                    recorded_on=recorded_on,
                    source=source,
                )
                for name, status, recorded_on, source in listed
            )
            result.listed += len(listed)
            result.withdrawn += sum(1 for row in listed if row[1] == ListedPupil.Status.WITHDRAWN)
    return result


# --- Retention -------------------------------------------------------------------------


def school_year_end(school_year):
    _start, end = parse_school_year(school_year)
    return datetime.date(end, SCHOOL_YEAR_START_MONTH, 1) - datetime.timedelta(days=1)


def erase_expired(today=None):
    """Erase pupils who left more than CONSENT_REGISTER_RETENTION_DAYS ago and whole
    school years that ended that long ago. Returns the number of pupils erased."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=settings.CONSENT_REGISTER_RETENTION_DAYS)
    erased, _by_model = ListedPupil.objects.filter(left_on__lt=cutoff).delete()
    years = SchoolClass.objects.values_list("school_year", flat=True).distinct()
    old_years = [year for year in years if _ended_before(year, cutoff)]
    if old_years:
        erased += ListedPupil.objects.filter(school_class__school_year__in=old_years).delete()[0]
        SchoolClass.objects.filter(school_year__in=old_years).delete()
    return erased


def _ended_before(school_year, cutoff):
    try:
        return school_year_end(school_year) < cutoff
    except ValueError:
        return False
