"""The columns of the sector database's exports that the import reads, found by header
name: every template version orders them differently and spells them with or without
marks. Only these columns are ever read; names, birth dates, ID numbers and parents'
details have no entry here, so their cells are never copied out of the sheet."""

import re

from sites.text import fold

PUPILS = "pupils"
STAFF = "staff"

_NOT_WORD = re.compile(r"[^a-z0-9]+")


def header_key(text):
    """ "Giới\\n tính (*)" → "gioi tinh": marks, case, spacing and punctuation ignored."""
    return _NOT_WORD.sub(" ", fold(str(text or ""))).strip()


def _keys(*spellings):
    return frozenset(header_key(spelling) for spelling in spellings)


# field → the headers the template versions use (vnEdu, SMAS, the portal's own export).
PUPIL_COLUMNS = {
    "class": _keys(
        "Lớp", "Tên lớp", "Lớp học", "Nhóm/Lớp", "Nhóm lớp", "Tên nhóm/lớp", "Lớp hiện tại"
    ),
    "grade": _keys("Khối", "Khối lớp", "Khối học", "Độ tuổi", "Nhóm tuổi", "Khối/Độ tuổi"),
    "sex": _keys("Giới tính", "Giới", "Nam/Nữ", "Phái"),
    "female": _keys("Nữ"),  # an "x" column in some templates instead of "Giới tính"
    "status": _keys(
        "Trạng thái", "Tình trạng", "Trạng thái học sinh", "Trạng thái học tập", "Tình trạng học"
    ),
    "ethnicity": _keys("Dân tộc"),
    "disability": _keys("Khuyết tật", "Loại khuyết tật", "Dạng khuyết tật", "Đối tượng khuyết tật"),
    "two_sessions": _keys("Học 2 buổi/ngày", "Học hai buổi/ngày", "2 buổi/ngày", "Học 2 buổi"),
    "boarding": _keys("Bán trú", "Ăn bán trú", "Học bán trú"),
}

STAFF_COLUMNS = {
    "position": _keys("Vị trí việc làm", "Vị trí", "Loại cán bộ", "Chức danh"),
    "group": _keys("Nhóm chức vụ", "Chức vụ", "Chức vụ quản lý"),
    "qualification": _keys(
        "Trình độ đào tạo",
        "Trình độ chuyên môn",
        "Trình độ chuyên môn nghiệp vụ",
        "Trình độ chuyên môn cao nhất",
        "Trình độ",
    ),
    "standard": _keys(
        "Đánh giá chuẩn nghề nghiệp",
        "Xếp loại chuẩn nghề nghiệp",
        "Chuẩn nghề nghiệp",
        "Kết quả đánh giá chuẩn nghề nghiệp",
    ),
    "training": _keys(
        "Bồi dưỡng thường xuyên",
        "Hoàn thành bồi dưỡng thường xuyên",
        "Kết quả bồi dưỡng thường xuyên",
        "Bồi dưỡng hằng năm",
    ),
    "status": _keys("Trạng thái", "Tình trạng", "Trạng thái làm việc", "Tình trạng làm việc"),
}

COLUMNS = {PUPILS: PUPIL_COLUMNS, STAFF: STAFF_COLUMNS}

# A header row of this kind names at least these (one of each tuple).
REQUIRED = {
    PUPILS: (("class",), ("sex", "female")),
    STAFF: (("position", "group"), ("qualification",)),
}


def is_name_header(key):
    """ "Họ và tên", "Họ tên học sinh", "Tên trẻ"…: every list has a column of names
    (never read); a sheet of lookup lists has none, which tells them apart."""
    words = key.split()
    return bool(words) and (
        (words[0] == "ho" and "ten" in words) or (words[0] == "ten" and len(words) <= 3)
    )


def match_header(cells, kind):
    """{field: column index} for a row of header cells, or None when the row is not
    this kind's header (it needs the kind's columns and a column of names). The first
    column wins when a header repeats."""
    found, names = {}, False
    for index, cell in enumerate(cells):
        key = header_key(cell)
        if not key:
            continue
        names = names or is_name_header(key)
        for field, spellings in COLUMNS[kind].items():
            if key in spellings and field not in found:
                found[field] = index
                break
    if not names:
        return None
    for alternatives in REQUIRED[kind]:
        if not any(field in found for field in alternatives):
            return None
    return found


def find_header(cells):
    """(kind, {field: index}) when this row is a pupils' or a staff header, else None.
    A staff list also has "Trạng thái" and sometimes "Giới tính"; it never has "Lớp"."""
    for kind in (PUPILS, STAFF):
        columns = match_header(cells, kind)
        if columns is not None:
            return kind, columns
    return None
