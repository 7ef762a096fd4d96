"""Believable content for the demo's disclosures: a plan with its headings, a fee table,
a staff table, a menu, results by grade. Plain data (HTML for the rich text, rows for
the tables) built from the school, the item and the period; numbers vary by school so
two schools never read the same. `load_demo` hands `content_for` to
publicity.demo.seed_disclosures."""

import random

from publicity.periods import period_label


def _rng(school, code, period):
    return random.Random(f"{school.pk}:{code}:{period}")  # noqa: S311 (demo figures)


def table(rows, caption="", header=True):
    """A TableBlock value (wagtail.contrib.table_block)."""
    return {
        "type": "table",
        "value": {
            "data": [[str(cell) for cell in row] for row in rows],
            "first_row_is_table_header": header,
            "first_col_is_header": False,
            "table_header_choice": "row" if header else "neither",
            "table_caption": caption,
        },
    }


def _p(*lines):
    return "".join(f"<p>{line}</p>" for line in lines)


def _ul(items):
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def _year(period):
    return period_label(period)


def _is_preschool(school):
    return school.level in ("MN", "MG", "NT")


def _grades(school):
    if _is_preschool(school):
        return [
            "Nhà trẻ 24–36 tháng",
            "Mẫu giáo 3–4 tuổi",
            "Mẫu giáo 4–5 tuổi",
            "Mẫu giáo 5–6 tuổi",
        ]
    if school.level == "TH":
        return [f"Khối {n}" for n in range(1, 6)]
    if school.level in ("THPT", "GDTX"):
        return [f"Khối {n}" for n in range(10, 13)]
    return [f"Khối {n}" for n in range(6, 10)]


def plan(school, requirement, period):
    """A plan with its headings (Căn cứ, Mục tiêu, Nhiệm vụ và giải pháp, Tổ chức)."""
    learners = "trẻ" if _is_preschool(school) else "học sinh"
    return (
        "<h2>I. Căn cứ xây dựng kế hoạch</h2>"
        + _ul(
            [
                "Thông tư 09/2024/TT-BGDĐT quy định công khai trong hoạt động của các cơ sở "
                "giáo dục;",
                f"Hướng dẫn nhiệm vụ {_year(period).lower()} của Sở Giáo dục và Đào tạo;",
                f"Kết quả thực hiện nhiệm vụ năm học trước và điều kiện thực tế của {school.name}.",
            ]
        )
        + "<h2>II. Mục tiêu</h2>"
        + _p(
            f"Nâng cao chất lượng {requirement.title.lower()}; bảo đảm mọi {learners} được "
            f"học tập, vui chơi an toàn; huy động {learners} trong độ tuổi ra lớp đạt chỉ "
            "tiêu được giao."
        )
        + "<h2>III. Nhiệm vụ và giải pháp</h2>"
        + "<h3>1. Về chuyên môn</h3>"
        + _ul(
            [
                "Thực hiện đầy đủ chương trình, kế hoạch giáo dục theo từng tuần, từng tháng;",
                "Sinh hoạt tổ chuyên môn hai tuần một lần, chú trọng nghiên cứu bài học;",
                f"Theo dõi, đánh giá sự tiến bộ của từng {learners}.",
            ]
        )
        + "<h3>2. Về phối hợp với gia đình</h3>"
        + _p(
            "Tổ chức họp cha mẹ học sinh đầu năm, giữa năm và cuối năm; thông tin thường "
            "xuyên qua sổ liên lạc điện tử và trang thông tin của trường."
        )
        + "<h2>IV. Tổ chức thực hiện</h2>"
        + _p(
            "Hiệu trưởng chỉ đạo chung; Phó hiệu trưởng phụ trách chuyên môn xây dựng kế "
            "hoạch chi tiết; các tổ chuyên môn, giáo viên chủ nhiệm triển khai và báo cáo "
            "kết quả hằng tháng."
        )
    ), []


def fees(school, requirement, period):
    rng = _rng(school, requirement.code, period)
    preschool = _is_preschool(school)
    tuition = 0 if not preschool and school.level in ("TH", "THCS") else rng.choice([150, 180])
    rows = [
        ["Khoản thu", "Mức thu", "Đơn vị tính", "Căn cứ"],
        [
            "Học phí",
            "Miễn" if tuition == 0 else f"{tuition}.000 đồng",
            "học sinh/tháng",
            "Nghị quyết của HĐND tỉnh về mức học phí",
        ],
        [
            "Tiền ăn bán trú",
            f"{rng.choice([25, 28, 30])}.000 đồng",
            "học sinh/ngày",
            "Thỏa thuận với cha mẹ học sinh",
        ],
        ["Nước uống", "15.000 đồng", "học sinh/tháng", "Thỏa thuận với cha mẹ học sinh"],
        [
            "Bảo hiểm y tế",
            "1.263.600 đồng",
            "học sinh/năm",
            "Luật Bảo hiểm y tế; Nghị định 146/2018/NĐ-CP",
        ],
        [
            "Dạy kỹ năng sống (tự nguyện)" if not preschool else "Làm quen tiếng Anh (tự nguyện)",
            f"{rng.choice([60, 80, 100])}.000 đồng",
            "học sinh/tháng",
            "Đăng ký tự nguyện",
        ],
    ]
    html = _p(
        f"{school.name} công khai các khoản thu và mức thu {_year(period).lower()}, áp dụng "
        "từ đầu năm học. Các khoản tự nguyện chỉ thu khi cha mẹ học sinh đăng ký.",
        "Học sinh thuộc diện chính sách được miễn, giảm theo quy định (xem mục “Chính sách "
        "và kết quả miễn, giảm học phí”).",
    )
    return html, [table(rows, f"Các khoản thu {_year(period).lower()}")]


def staff(school, requirement, period):
    rng = _rng(school, requirement.code, period)
    teachers = rng.randint(18, 46)
    rows = [
        ["Vị trí việc làm", "Tổng số", "Thạc sĩ", "Đại học", "Cao đẳng", "Khác"],
        ["Cán bộ quản lý", 3, 1, 2, 0, 0],
    ]
    masters = rng.randint(1, 5)
    trained = rng.randint(0, 3)
    rows.append(["Giáo viên", teachers, masters, teachers - masters - trained, trained, 0])
    clerks = rng.randint(4, 9)
    university = rng.randint(1, 3)
    college = rng.randint(0, clerks - university)
    rows.append(["Nhân viên", clerks, 0, university, college, clerks - university - college])
    total = [sum(row[i] for row in rows[1:]) for i in range(1, 6)]
    rows.append(["Tổng cộng"] + total)
    html = _p(
        f"Số lượng cán bộ quản lý, giáo viên, nhân viên của {school.name} theo vị trí việc "
        f"làm và trình độ đào tạo, {_year(period).lower()} (số liệu tại thời điểm công khai)."
    )
    return html, [table(rows, "Đội ngũ theo vị trí việc làm và trình độ đào tạo")]


def by_grade(school, requirement, period):
    rng = _rng(school, requirement.code, period)
    rows = [["Khối lớp", "Số lớp", "Số học sinh", "Bình quân học sinh/lớp"]]
    for grade in _grades(school):
        classes = rng.randint(3, 8)
        pupils = classes * rng.randint(28, 40)
        rows.append([grade, classes, pupils, round(pupils / classes, 1)])
    html = _p(
        f"Số liệu {requirement.title.lower()} của {school.name}, "
        f"{_year(period).lower()} (thống kê đến ngày công khai)."
    )
    return html, [table(rows, requirement.title)]


def menu(school, requirement, period):
    rng = _rng(school, requirement.code, period)
    mains = [
        "Cơm, thịt kho trứng, canh bí đỏ",
        "Cơm, cá sốt cà chua, canh rau ngót",
        "Bún thịt bò, rau sống",
        "Cơm, gà rim gừng, canh cải",
        "Cơm, đậu hũ nhồi thịt, canh chua",
        "Phở gà",
        "Cơm, tôm rim, canh mồng tơi",
    ]
    snacks = ["Sữa chua", "Chuối", "Bánh flan", "Sữa tươi", "Cháo đậu xanh", "Thanh long"]
    rows = [["Thứ", "Bữa trưa", "Bữa phụ chiều"]]
    for day in ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu"):
        rows.append([day, rng.choice(mains), rng.choice(snacks)])
    html = _p(
        f"Thực đơn dự kiến {period_label(period)}. Thực đơn có thể thay đổi theo nguồn thực "
        "phẩm; mọi thay đổi được thông báo trên bảng tin của trường."
    )
    return html, [table(rows, "Thực đơn dự kiến")]


def leaders(school, requirement, period):
    rng = _rng(school, requirement.code, period)
    names = ["Nguyễn Thị Hồng", "Trần Văn Minh", "Lê Thị Thu Hà", "Phạm Quốc Bảo", "Võ Thị Lan"]
    rng.shuffle(names)
    rows = [["Họ và tên", "Chức vụ", "Điện thoại", "Nhiệm vụ được giao"]]
    for name, position, duty in zip(
        names,
        ("Hiệu trưởng", "Phó Hiệu trưởng", "Phó Hiệu trưởng"),
        (
            "Phụ trách chung, tài chính, công khai",
            "Phụ trách chuyên môn",
            "Phụ trách cơ sở vật chất, bán trú",
        ),
        strict=False,
    ):
        rows.append([name, position, f"0235 38{rng.randint(10000, 99999)}", duty])
    html = _p(f"Thông tin lãnh đạo {school.name}, {_year(period).lower()}.")
    return html, [table(rows, "Lãnh đạo nhà trường")]


def finance(school, requirement, period):
    rng = _rng(school, requirement.code, period)
    budget = rng.randint(4200, 9800)
    fees_in = rng.randint(300, 1200)
    rows = [
        ["Nội dung", "Số tiền (triệu đồng)"],
        ["Thu: ngân sách nhà nước cấp", budget],
        ["Thu: học phí, lệ phí và các khoản thu từ người học", fees_in],
        ["Thu: tài trợ, hợp đồng với bên ngoài", rng.randint(0, 150)],
        ["Chi: tiền lương và thu nhập", round(budget * 0.82)],
        ["Chi: cơ sở vật chất và dịch vụ", round(budget * 0.12)],
        ["Chi: hỗ trợ người học", round(fees_in * 0.3)],
        ["Chi: khác", round(budget * 0.04)],
    ]
    html = _p(
        "Tình hình thu, chi năm tài chính trước liền kề theo nguồn thu và nội dung chi. Số "
        "liệu sẽ được cập nhật khi cơ quan có thẩm quyền phê duyệt quyết toán."
    )
    return html, [table(rows, "Thu, chi năm tài chính trước")]


def text(school, requirement, period):
    """Any other item: a short account in the school's words."""
    lines = [
        f"{school.name} công khai nội dung “{requirement.title}”, {period_label(period).lower()}.",
    ]
    if requirement.description:
        lines.append(requirement.description)
    lines.append(
        "Chi tiết xin liên hệ văn phòng nhà trường trong giờ hành chính, hoặc xem văn bản "
        "đính kèm tại trường."
    )
    return _p(*lines), []


BUILDERS = {
    "fin_fees_charges": fees,
    "fin_prev_year_status": finance,
    "gen_org_leader_contacts": leaders,
    "gen_contact_person": leaders,
    "mn_menu": menu,
    "pt_menu": menu,
    "mn_res_children_classes": by_grade,
    "pt_res_students_by_grade": by_grade,
    "pt_res_avg_class_size": by_grade,
}


def content_for(school, requirement, period):
    """(rich text HTML, [table block values]) for a demo disclosure."""
    code = requirement.code
    builder = BUILDERS.get(code)
    if builder is None and code.endswith("staff_by_position_qual"):
        builder = staff
    if builder is None and ("plan" in code or code.endswith("programmes")):
        builder = plan
    return (builder or text)(school, requirement, period)
