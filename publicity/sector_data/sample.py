"""A generated export in the sector database's layout, for the demo (the principal
downloads one from the screen), the benchmark and the tests: a title block above the
header, merged cells, a lookup sheet, and every personal column a real export has,
filled with invented people. Written with openpyxl's write-only mode, so 3,000 pupils
take little memory."""

import datetime
import io
import random

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet.cell_range import CellRange

from sites.levels import Stage

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ")
MIDDLE = ("Văn", "Thị", "Minh", "Ngọc", "Thanh", "Gia", "Bảo", "Hữu")
GIVEN = ("An", "Bình", "Chi", "Dũng", "Hà", "Khánh", "Linh", "Nam", "Phúc", "Quân", "Trang")
ETHNIC = ("Kinh",) * 9 + ("Cơ Tu",)
PRESCHOOL_GROUPS = (("Nhà trẻ", 2), ("Mầm", 3), ("Chồi", 4), ("Lá", 5))

PUPIL_HEADERS = (
    "STT",
    "Mã học sinh",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Lớp",
    "Trạng thái",
    "Dân tộc",
    "Khuyết tật",
    "Học 2 buổi/ngày",
    "Bán trú",
    "Số định danh cá nhân",
    "Họ tên cha",
    "Nghề nghiệp cha",
    "Họ tên mẹ",
    "Số điện thoại",
    "Địa chỉ",
)
STAFF_HEADERS = (
    "STT",
    "Mã cán bộ",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Số CCCD",
    "Email",
    "Trạng thái",
    "Vị trí việc làm",
    "Nhóm chức vụ",
    "Trình độ đào tạo",
    "Đánh giá chuẩn nghề nghiệp",
    "Bồi dưỡng thường xuyên",
    "Môn dạy",
)


def class_names(stages, classes_per_grade):
    if Stage.PRESCHOOL in stages:
        return [
            f"{word} {n}"
            for word, _age in PRESCHOOL_GROUPS
            for n in range(1, classes_per_grade + 1)
        ]
    grades = []
    for stage, numbers in (
        (Stage.PRIMARY, range(1, 6)),
        (Stage.LOWER_SECONDARY, range(6, 10)),
        (Stage.UPPER_SECONDARY, range(10, 13)),
    ):
        if stage in stages:
            grades.extend(numbers)
    return [f"{g}A{n}" for g in grades for n in range(1, classes_per_grade + 1)]


def pupils(stages, count, seed=1, year=2026):
    """Rows (dicts by PUPIL_HEADERS) of invented pupils."""
    rng = random.Random(seed)  # noqa: S311 (invented people, not secrets)
    grades = len(class_names(stages, 1))
    classes = class_names(stages, max(1, round(count / (grades * 35))))  # ~35 a class
    for number in range(1, count + 1):
        name = classes[(number - 1) % len(classes)]
        born = datetime.date(year - 6 - (number % 9), 1 + number % 12, 1 + number % 28)
        status = "Đang học" if number % 40 else "Chuyển trường"
        yield {
            "STT": number,
            "Mã học sinh": f"HS{seed:02d}{number:06d}",
            "Họ và tên": f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
            "Ngày sinh": born.strftime("%d/%m/%Y"),
            "Giới tính": "Nữ" if rng.random() < 0.49 else "Nam",
            "Lớp": name,
            "Trạng thái": status,
            "Dân tộc": rng.choice(ETHNIC),
            "Khuyết tật": "Khuyết tật vận động" if number % 97 == 0 else "",
            "Học 2 buổi/ngày": "x" if number % 5 else "",
            "Bán trú": "x" if number % 3 else "",
            "Số định danh cá nhân": f"0492{seed:02d}{number:06d}",
            "Họ tên cha": f"{rng.choice(FAMILY)} Văn {rng.choice(GIVEN)}",
            "Nghề nghiệp cha": "Nông dân",
            "Họ tên mẹ": f"{rng.choice(FAMILY)} Thị {rng.choice(GIVEN)}",
            "Số điện thoại": f"09{seed:02d}{number:06d}",
            "Địa chỉ": "Thôn 3, xã Cẩm Hà",
        }


def staff(count, seed=1):
    rng = random.Random(seed + 1000)  # noqa: S311
    for number in range(1, count + 1):
        if number <= 3:
            position, group = "Cán bộ quản lý", "Hiệu trưởng" if number == 1 else "Phó hiệu trưởng"
        elif number % 8 == 0:
            position, group = "Nhân viên kế toán", ""
        else:
            position, group = "Giáo viên", "Tổ trưởng chuyên môn" if number % 10 == 1 else ""
        yield {
            "STT": number,
            "Mã cán bộ": f"CB{seed:02d}{number:05d}",
            "Họ và tên": f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
            "Ngày sinh": f"{1 + number % 28:02d}/{1 + number % 12:02d}/{1970 + number % 25}",
            "Giới tính": "Nữ" if number % 3 else "Nam",
            "Số CCCD": f"0491{seed:02d}{number:06d}",
            "Email": f"cb{number}@truong.edu.vn",
            "Trạng thái": "Đang làm việc" if number % 50 else "Nghỉ hưu",
            "Vị trí việc làm": position,
            "Nhóm chức vụ": group,
            "Trình độ đào tạo": ("Thạc sĩ", "Đại học", "Đại học", "Cao đẳng", "Trung cấp")[
                number % 5
            ],
            "Đánh giá chuẩn nghề nghiệp": ("Tốt", "Khá", "Đạt", "Khá", "Chưa đạt")[number % 5]
            if "nhân viên" not in position.lower()
            else "",
            "Bồi dưỡng thường xuyên": "Hoàn thành" if number % 9 else "Chưa hoàn thành",
            "Môn dạy": "Toán",
        }


def write_sheet(workbook, title, headers, rows, school_name, merged=True):
    """A sheet with a title block (merged), the header and the rows, in write-only mode."""
    sheet = workbook.create_sheet(title)
    width = len(headers)
    if merged:
        # Merged title cells, as the portal's export has them (write-only mode accepts
        # merges declared before the rows).
        sheet.merged_cells.ranges.add(CellRange(min_col=1, min_row=1, max_col=width, max_row=1))
        sheet.merged_cells.ranges.add(CellRange(min_col=1, min_row=2, max_col=width, max_row=2))
    title_cell = WriteOnlyCell(sheet, value=f"DANH SÁCH {title.upper()} – {school_name}")
    sheet.append([title_cell])
    sheet.append(["Năm học 2026-2027"])
    sheet.append([])
    sheet.append(list(headers))
    for row in rows:
        sheet.append([row.get(header) for header in headers])
    return sheet


def sample_export(school_name, stages, pupil_count=400, staff_count=40, seed=1):
    """The bytes of an XLSX export with a pupils' sheet, a staff sheet and a lookup sheet."""
    workbook = Workbook(write_only=True)
    write_sheet(workbook, "Học sinh", PUPIL_HEADERS, pupils(stages, pupil_count, seed), school_name)
    write_sheet(workbook, "Cán bộ", STAFF_HEADERS, staff(staff_count, seed), school_name)
    lookup = workbook.create_sheet("Danh mục")
    lookup.append(["Dân tộc", "Trạng thái", "Giới tính"])
    for row in (
        ("Kinh", "Đang học", "Nam"),
        ("Cơ Tu", "Chuyển trường", "Nữ"),
        ("Tày", "Thôi học", ""),
    ):
        lookup.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
