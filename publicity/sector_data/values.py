"""What the cells of an export mean: the grade of a class name, sex, status, yes/no,
qualification, standard rating. Each returns a key (never the cell's text) or raises
ValueError with a Vietnamese message naming the value."""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sites.levels import Stage

from .columns import header_key

# Grade keys, in the order tables list them, with the labels people read.
PRESCHOOL_GRADES = {
    "nha_tre": gettext_lazy("Nhà trẻ"),
    "mg_3_4": gettext_lazy("Mẫu giáo 3–4 tuổi (Mầm)"),
    "mg_4_5": gettext_lazy("Mẫu giáo 4–5 tuổi (Chồi)"),
    "mg_5_6": gettext_lazy("Mẫu giáo 5–6 tuổi (Lá)"),
}
GRADE_RANGE = {
    Stage.PRIMARY: range(1, 6),
    Stage.LOWER_SECONDARY: range(6, 10),
    Stage.UPPER_SECONDARY: range(10, 13),
    Stage.CONTINUING: range(6, 13),
}


def grade_label(key):
    if key in PRESCHOOL_GRADES:
        return str(PRESCHOOL_GRADES[key])
    return _("Khối %(n)s") % {"n": key.removeprefix("khoi_")}


def grade_order(key):
    if key in PRESCHOOL_GRADES:
        return list(PRESCHOOL_GRADES).index(key)
    return int(key.removeprefix("khoi_"))


# Preschool groups by name: "Lá 2", "Chồi A", "Mầm 1", "Nhà trẻ 24-36 tháng", "MG 5 tuổi",
# and the older "mẫu giáo bé / nhỡ / lớn" (3–4, 4–5, 5–6).
_PRESCHOOL_WORDS = (
    (re.compile(r"\b(nha tre|nt)\b|\b(12|13|18|24|25) (\d+ )?thang\b"), "nha_tre"),
    (re.compile(r"\bla\b|\blon\b|\b5 (6 )?tuoi\b"), "mg_5_6"),
    (re.compile(r"\bchoi\b|\bnho\b|\b4 (5 )?tuoi\b"), "mg_4_5"),
    (re.compile(r"\bmam\b|\bbe\b|\b3 (4 )?tuoi\b"), "mg_3_4"),
)
_LEADING_NUMBER = re.compile(r"^\s*(?:lop|khoi)?\s*(\d{1,2})(?!\d)")


def grade_of(class_name, grade_cell, stages):
    """The grade key of a pupil from the grade column when there is one, else from the
    class name: "6A1" → khoi_6, "Lá 2" → mg_5_6, "Chồi" → mg_4_5, "Mầm" → mg_3_4."""
    preschool = Stage.PRESCHOOL in stages
    for text in (grade_cell, class_name):
        key = header_key(text)
        if not key:
            continue
        if preschool:
            for pattern, grade in _PRESCHOOL_WORDS:
                if pattern.search(key):
                    return grade
            continue
        match = _LEADING_NUMBER.match(key)
        if match:
            number = int(match.group(1))
            if any(number in GRADE_RANGE.get(stage, ()) for stage in stages):
                return f"khoi_{number}"
            raise ValueError(
                _("khối %(n)d không thuộc cấp học của trường (lớp “%(c)s”)")
                % {"n": number, "c": class_name}
            )
    raise ValueError(_("không nhận ra khối từ lớp “%(c)s”") % {"c": class_name or ""})


def sex_of(sex_cell, female_cell=None, has_sex_column=True):
    """ "m" or "f"."""
    if not has_sex_column:
        return "f" if is_yes(female_cell) else "m"
    key = header_key(sex_cell)
    if key in ("nam", "male", "m", "trai"):
        return "m"
    if key in ("nu", "female", "f", "gai"):
        return "f"
    raise ValueError(_("giới tính “%(v)s” không rõ") % {"v": sex_cell or ""})


def is_yes(cell):
    key = header_key(cell)
    if not key:
        return False
    return not (key.startswith(("khong", "chua")) or key in ("0", "no", "false"))


def is_current_pupil(status_cell):
    """Pupils counted in the figures: "Đang học" (or no status column/value)."""
    key = header_key(status_cell)
    return not key or key.startswith("dang hoc")


def is_current_staff(status_cell):
    key = header_key(status_cell)
    return not key or key.startswith(("dang lam viec", "dang cong tac", "dang hoat dong"))


def status_label(cell):
    """The status as a short label to count by; at most 40 characters, no digits (a
    stray date or code in the column is not kept)."""
    text = re.sub(r"[\d/]+", "", str(cell or "")).strip()[:40]
    return text or _("Đang học")


def is_minority(ethnicity_cell):
    key = header_key(ethnicity_cell)
    return bool(key) and key != "kinh"


def has_disability(cell):
    key = header_key(cell)
    return bool(key) and not key.startswith(("khong", "binh thuong")) and key != "0"


# Staff ---------------------------------------------------------------------------------

STAFF_GROUPS = {
    "quan_ly": gettext_lazy("Cán bộ quản lý"),
    "giao_vien": gettext_lazy("Giáo viên"),
    "nhan_vien": gettext_lazy("Nhân viên"),
}
QUALIFICATIONS = {
    "tien_si": gettext_lazy("Tiến sĩ"),
    "thac_si": gettext_lazy("Thạc sĩ"),
    "dai_hoc": gettext_lazy("Đại học"),
    "cao_dang": gettext_lazy("Cao đẳng"),
    "trung_cap": gettext_lazy("Trung cấp"),
    "khac": gettext_lazy("Khác"),
}
STANDARD_RATINGS = {
    "tot": gettext_lazy("Tốt"),
    "kha": gettext_lazy("Khá"),
    "dat": gettext_lazy("Đạt"),
    "chua_dat": gettext_lazy("Chưa đạt"),
    "chua_danh_gia": gettext_lazy("Chưa đánh giá"),
}
_LEADERS = ("hieu truong", "pho hieu truong", "giam doc", "pho giam doc", "can bo quan ly")


def staff_group_of(position_cell, group_cell):
    group, position = header_key(group_cell), header_key(position_cell)
    if any(group.startswith(word) for word in _LEADERS) or any(
        position.startswith(word) for word in _LEADERS
    ):
        return "quan_ly"
    if "giao vien" in position or "giao vien" in group:
        return "giao_vien"
    if position or group:
        return "nhan_vien"
    raise ValueError(_("thiếu vị trí việc làm"))


def qualification_of(cell):
    key = header_key(cell)
    for keys, value in (
        (("tien si", "ts"), "tien_si"),
        (("thac si", "ths", "cao hoc"), "thac_si"),
        (("dai hoc", "dh", "cu nhan", "ky su"), "dai_hoc"),
        (("cao dang", "cd"), "cao_dang"),
        (("trung cap", "tc"), "trung_cap"),
    ):
        if key in keys or any(key.startswith(word + " ") for word in keys):
            return value
    return "khac"


def standard_of(cell):
    key = header_key(cell)
    if not key:
        return "chua_danh_gia"
    if key.startswith(("chua dat", "khong dat")):
        return "chua_dat"
    if key.startswith(("tot", "xuat sac")):
        return "tot"
    if key.startswith("kha"):
        return "kha"
    if key.startswith("dat"):
        return "dat"
    return "chua_danh_gia"
