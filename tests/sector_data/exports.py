"""Fixture exports made in code, in the layouts the sector database's versions use: title
rows above the header, a lookup sheet, an empty sheet, shuffled columns, headers with and
without marks, merged header cells (a two-row header), a "(1) (2) (3)" row, a bad row.
Every personal column holds a value the privacy tests then look for everywhere."""

import io

from openpyxl import Workbook

# Personal values the file holds; none may be found anywhere after an import.
NAMES = ("Trần Thị Bích Ngọc", "Lê Văn Khải", "Phạm Gia Huy", "Võ Thị Mỹ Duyên")
BIRTH_DATES = ("14/03/2013", "02/11/2012", "27/07/2019", "09/09/2020")
ID_NUMBERS = ("049213004871", "049212009935", "049219001122", "049220003344")
PARENTS = ("Trần Văn Sáu", "Nguyễn Thị Lài")
PHONES = ("0905123987", "0935777111")
STAFF_NAMES = ("Hồ Thị Kim Oanh", "Đặng Quốc Bảo")
STAFF_IDS = ("049180001234", "049181005678")
PERSONAL = NAMES + BIRTH_DATES + ID_NUMBERS + PARENTS + PHONES + STAFF_NAMES + STAFF_IDS


def pupil_row(index, class_name, sex, **extra):
    row = {
        "name": NAMES[index % len(NAMES)],
        "born": BIRTH_DATES[index % len(BIRTH_DATES)],
        "id": ID_NUMBERS[index % len(ID_NUMBERS)],
        "father": PARENTS[0],
        "mother": PARENTS[1],
        "phone": PHONES[index % len(PHONES)],
        "class": class_name,
        "sex": sex,
        "status": "Đang học",
        "ethnicity": "Kinh",
        "disability": "",
        "two": "x",
    }
    row.update(extra)
    return row


# The headers one template version uses (vnEdu-like, with marks), another without marks
# and in another order (SMAS-like).
WITH_MARKS = {
    "no": "STT",
    "name": "Họ và tên",
    "born": "Ngày sinh",
    "id": "Số định danh cá nhân",
    "class": "Lớp",
    "sex": "Giới tính",
    "status": "Trạng thái",
    "ethnicity": "Dân tộc",
    "disability": "Khuyết tật",
    "two": "Học 2 buổi/ngày",
    "father": "Họ tên cha",
    "mother": "Họ tên mẹ",
    "phone": "Điện thoại",
}
WITHOUT_MARKS = {
    "phone": "SO DIEN THOAI",
    "sex": "GIOI TINH",
    "name": "HO TEN",
    "id": "MA DINH DANH",
    "disability": "loai khuyet tat",
    "class": "TEN LOP",
    "born": "NGAY SINH",
    "ethnicity": "dan toc",
    "status": "tinh trang",
    "father": "HO TEN CHA",
    "two": "hoc 2 buoi/ngay",
    "mother": "HO TEN ME",
    "no": "STT",
}


def pupils_sheet(workbook, title, headers, rows, *, two_row_header=False, number_row=False):
    sheet = workbook.create_sheet(title)
    columns = list(headers)
    width = len(columns)
    sheet.cell(1, 1, "SỞ GIÁO DỤC VÀ ĐÀO TẠO QUẢNG NAM")
    sheet.cell(2, 1, f"DANH SÁCH HỌC SINH – {title.upper()}")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    header_row = 4  # row 3 left blank
    for number, key in enumerate(columns, start=1):
        sheet.cell(header_row, number, headers[key])
    row = header_row + 1
    if two_row_header:
        # "Thông tin gia đình" spans the parents' columns with their names below; the
        # other header cells are merged down over the second row, as in the portal's
        # template.
        first = columns.index("father") + 1
        for number, key in enumerate(columns, start=1):
            if key in ("father", "mother"):
                sheet.cell(row, number, headers[key])
            else:
                sheet.merge_cells(
                    start_row=header_row, start_column=number, end_row=row, end_column=number
                )
        sheet.cell(header_row, first, "Thông tin gia đình")
        sheet.cell(header_row, first + 1, None)
        sheet.merge_cells(
            start_row=header_row, start_column=first, end_row=header_row, end_column=first + 1
        )
        row += 1
    if number_row:
        for number in range(1, width + 1):
            sheet.cell(row, number, f"({number})")
        row += 1
    for index, values in enumerate(rows, start=1):
        for number, key in enumerate(columns, start=1):
            sheet.cell(row, number, index if key == "no" else values.get(key))
        row += 1
    return sheet


def lookup_sheet(workbook):
    sheet = workbook.create_sheet("DM")
    sheet.append(["Giới tính", "Dân tộc", "Trạng thái", "Lớp"])
    sheet.append(["Nam", "Kinh", "Đang học", "(chọn lớp)"])
    sheet.append(["Nữ", "Cơ Tu", "Chuyển trường", ""])


def staff_sheet(workbook, rows):
    sheet = workbook.create_sheet("Cán bộ")
    headers = [
        "STT",
        "Họ và tên",
        "Ngày sinh",
        "Số CCCD",
        "Trình độ chuyên môn",
        "Trạng thái",
        "Nhóm chức vụ",
        "Vị trí việc làm",
        "Xếp loại chuẩn nghề nghiệp",
        "Kết quả bồi dưỡng thường xuyên",
    ]
    sheet.append(["DANH SÁCH CÁN BỘ, GIÁO VIÊN, NHÂN VIÊN"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet.append(headers)
    for number, row in enumerate(rows, start=1):
        sheet.append([number, *row])


STAFF_ROWS = [
    # name, born, id, qualification, status, group, position, standard, training
    (
        STAFF_NAMES[0],
        "01/02/1975",
        STAFF_IDS[0],
        "Thạc sĩ",
        "Đang làm việc",
        "Hiệu trưởng",
        "Cán bộ quản lý",
        "Tốt",
        "Hoàn thành",
    ),
    (
        STAFF_NAMES[1],
        "05/06/1980",
        STAFF_IDS[1],
        "Đại học",
        "Đang làm việc",
        "",
        "Giáo viên",
        "Khá",
        "Hoàn thành",
    ),
    (
        "Ngô Thị Hạnh",
        "07/08/1990",
        "049190000001",
        "Đại học",
        "Đang làm việc",
        "",
        "Giáo viên",
        "Chưa đạt",
        "Chưa hoàn thành",
    ),
    (
        "Lý Văn Tâm",
        "03/03/1985",
        "049185000002",
        "Trung cấp",
        "Đang làm việc",
        "",
        "Nhân viên văn thư",
        "",
        "Hoàn thành",
    ),
    ("Mai Văn Cũ", "03/03/1960", "049160000003", "Đại học", "Nghỉ hưu", "", "Giáo viên", "Đạt", ""),
]


def to_bytes(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _workbook():
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def lower_secondary_export(bad_row=False):
    """THCS: 6A1 (3 pupils), 6A2 (2), 7A1 (2), 9A3 (1 disabled, Cơ Tu); one moved out;
    headers with marks; a two-row merged header; an empty sheet and a lookup sheet."""
    rows = [
        pupil_row(0, "6A1", "Nữ"),
        pupil_row(1, "6A1", "Nam"),
        pupil_row(2, "6A1", "Nam", two=""),
        pupil_row(3, "6A2", "Nữ"),
        pupil_row(0, "6A2", "Nam", status="Chuyển trường"),
        pupil_row(1, "6A2", "Nữ"),
        pupil_row(2, "7A1", "Nam"),
        pupil_row(3, "7A1", "Nữ"),
        pupil_row(0, "9A3", "Nữ", ethnicity="Cơ Tu", disability="Khuyết tật nghe"),
    ]
    if bad_row:
        rows.insert(4, pupil_row(1, "Lớp chưa xếp", "Nam"))
    workbook = _workbook()
    workbook.create_sheet("Hướng dẫn")  # an empty sheet
    pupils_sheet(workbook, "Học sinh", WITH_MARKS, rows, two_row_header=True)
    lookup_sheet(workbook)
    staff_sheet(workbook, STAFF_ROWS)
    return to_bytes(workbook)


def primary_export():
    """TH: headers without marks, in another order, with a "(1) (2)…" row; grade from
    "1A", "2B", "5C"."""
    rows = [
        pupil_row(0, "1A", "nam"),
        pupil_row(1, "1A", "NỮ"),
        pupil_row(2, "2B", "Nam", ethnicity="Tày"),
        pupil_row(3, "5C", "Nữ", two=""),
        pupil_row(0, "5C", "Nữ"),
    ]
    workbook = _workbook()
    pupils_sheet(workbook, "DSHS", WITHOUT_MARKS, rows, number_row=True)
    lookup_sheet(workbook)
    return to_bytes(workbook)


def preschool_export():
    """MN: groups "Nhà trẻ 24-36 tháng", "Mầm 1", "Chồi 2", "Lá 1", "Lá 2", with a grade
    column only partly filled, "Nhóm/Lớp" as the class header and boarding."""
    headers = dict(WITH_MARKS, **{"class": "Nhóm/Lớp", "two": "Bán trú"})
    rows = [
        pupil_row(0, "Nhà trẻ 24-36 tháng", "Nữ"),
        pupil_row(1, "Mầm 1", "Nam"),
        pupil_row(2, "Chồi 2", "Nam"),
        pupil_row(3, "Lá 1", "Nữ", disability="Khuyết tật trí tuệ"),
        pupil_row(0, "Lá 2", "Nam", two=""),
        pupil_row(1, "Lá 2", "Nữ"),
    ]
    workbook = _workbook()
    pupils_sheet(workbook, "Trẻ", headers, rows)
    staff_sheet(workbook, STAFF_ROWS[:4])
    return to_bytes(workbook)
