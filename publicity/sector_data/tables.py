"""The Công khai items the exports fill, as tables in the level's layout (preschool by age
group, primary and secondary by grade). One ItemTable gives the page's table, the XLSX
sheet and the open data's figures, so the three always say the same."""

from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from sites.levels import Stage

from .columns import PUPILS, STAFF
from .values import QUALIFICATIONS, STAFF_GROUPS, grade_label, grade_order


@dataclass
class ItemTable:
    code: str  # the requirement's code
    caption: str
    columns: list  # [(key, label)]
    rows: list = field(default_factory=list)  # [(key, label, {column key: number})]
    signed: tuple = ()  # columns of differences, shown "+6" / "−2"

    def figures(self):
        """The open data's form: {row key: {column key: number}}."""
        return {key: dict(values) for key, _label, values in self.rows}

    def cell_rows(self, previous=None):
        """Rows of text for a table, header first; beside a figure that changed since
        `previous` (the same item's table from the import before): "(trước: N)"."""
        before = previous.figures() if previous is not None else {}
        head = [_("Nội dung")] + [label for _key, label in self.columns]
        body = []
        for key, label, values in self.rows:
            cells = [label]
            for column, _label in self.columns:
                text = show(values.get(column), signed=column in self.signed)
                old = before.get(key, {}).get(column) if previous is not None else None
                if previous is not None and old != values.get(column):
                    text = _("%(now)s (trước: %(old)s)") % {"now": text, "old": show(old)}
                cells.append(text)
            body.append(cells)
        return [head, *body]

    def block_value(self, previous=None):
        """The value of DisclosurePage.tables' TableBlock."""
        return {
            "data": self.cell_rows(previous),
            "first_row_is_table_header": True,
            "first_col_is_header": True,
            "table_caption": self.caption,
        }


def show(value, signed=False):
    if value is None:
        return "–"
    if isinstance(value, float):
        text = number_format(abs(value) if signed else value, decimal_pos=1, use_l10n=True)
    else:
        text = str(abs(value) if signed else value)
    if signed and value:
        return ("+" if value > 0 else "−") + text
    return text


def share(part, whole):
    return round(100 * part / whole, 1) if whole else None


def mean(total, count):
    return round(total / count, 1) if count else None


def prefixes(stages):
    """The catalogue's prefixes of a school's stages (a TH-THCS school fills pt_ once)."""
    found = []
    for stage in stages:
        prefix = {
            Stage.PRESCHOOL: "mn",
            Stage.PRIMARY: "pt",
            Stage.LOWER_SECONDARY: "pt",
            Stage.UPPER_SECONDARY: "pt",
            Stage.CONTINUING: "tx",
        }.get(stage)
        if prefix and prefix not in found:
            found.append(prefix)
    return found


def tables_for(kind, counts, stages):
    """[ItemTable] of one import's counts for a school teaching `stages`."""
    tables = []
    for prefix in prefixes(stages):
        if kind == PUPILS and prefix in ("mn", "pt"):
            tables.extend(_pupil_tables(prefix, counts))
        elif kind == STAFF:
            tables.extend(_staff_tables(prefix, counts))
    return tables


# Pupils -------------------------------------------------------------------------------


def _grade_rows(counts, prefix, make):
    """One row per grade of this layout, then the whole school."""
    grades = counts.get("grades", {})
    preschool = prefix == "mn"
    keys = sorted((key for key in grades if key.startswith("khoi_") != preschool), key=grade_order)
    rows = [(key, grade_label(key), make(grades[key])) for key in keys]
    total = {}
    for key in keys:
        for name, value in grades[key].items():
            total[name] = total.get(name, 0) + value
    rows.append(("tong", _("Toàn trường"), make(total)))
    return rows


def _pupil_tables(prefix, counts):
    present = set(counts.get("columns", ()))
    if prefix == "mn":
        unit, group = _("trẻ"), _("Số nhóm, lớp")
    else:
        unit, group = _("học sinh"), _("Số lớp")
    pupils = _("Số %(u)s") % {"u": unit}
    tables = []
    sizes = ItemTable(
        f"{prefix}_res_children_classes" if prefix == "mn" else f"{prefix}_res_students_by_grade",
        _("Số %(u)s, số lớp theo khối (từ CSDL ngành)") % {"u": unit},
        [("classes", group), ("pupils", pupils), ("average", _("Bình quân/lớp"))],
    )
    sizes.rows = _grade_rows(
        counts,
        prefix,
        lambda c: {
            "classes": c.get("classes", 0),
            "pupils": c.get("pupils", 0),
            "average": mean(c.get("pupils", 0), c.get("classes", 0)),
        },
    )
    if prefix == "pt":
        # Two items: pupils by grade, and the average class size by grade.
        by_grade = ItemTable(sizes.code, sizes.caption, sizes.columns[:2])
        by_grade.rows = [
            (k, label, {c: v[c] for c in ("classes", "pupils")}) for k, label, v in sizes.rows
        ]
        tables.append(by_grade)
        average = ItemTable(
            f"{prefix}_res_avg_class_size",
            _("Số học sinh bình quân trên lớp theo khối (từ CSDL ngành)"),
            sizes.columns,
            sizes.rows,
        )
        tables.append(average)
    else:
        tables.append(sizes)

    def part(name, code, caption, label):
        if name not in present:
            return  # the export had no such column: the school fills the item itself
        table = ItemTable(code, caption, [("pupils", pupils), (name, label), ("share", "%")])
        table.rows = _grade_rows(
            counts,
            prefix,
            lambda c: {
                "pupils": c.get("pupils", 0),
                name: c.get(name, 0),
                "share": share(c.get(name, 0), c.get("pupils", 0)),
            },
        )
        tables.append(table)

    part(
        "two_sessions",
        f"{prefix}_res_two_sessions",
        _("Số %(u)s học 2 buổi/ngày (từ CSDL ngành)") % {"u": unit},
        _("Học 2 buổi/ngày"),
    )
    if prefix == "mn":
        part(
            "boarding",
            "mn_res_boarding_meals",
            _("Số trẻ ăn bán trú (từ CSDL ngành)"),
            _("Ăn bán trú"),
        )
        part(
            "disability", "mn_res_disabled", _("Số trẻ khuyết tật (từ CSDL ngành)"), _("Khuyết tật")
        )
        return tables
    columns = [("pupils", pupils), ("boys", _("Nam")), ("girls", _("Nữ"))]
    if "ethnicity" in present:
        columns.append(("ethnic_minority", _("Dân tộc thiểu số")))
    if "disability" in present:
        columns.append(("disabled", _("Khuyết tật")))
    demographics = ItemTable(
        f"{prefix}_res_demographics",
        _("Số học sinh nam, nữ, dân tộc thiểu số, khuyết tật (từ CSDL ngành)"),
        columns,
    )
    demographics.rows = _grade_rows(
        counts, prefix, lambda c: {key: c.get(key, 0) for key, _label in columns}
    )
    tables.append(demographics)
    return tables


# Staff --------------------------------------------------------------------------------


def _staff_rows(section, groups, make):
    rows, total = [], {}
    for group in groups:
        values = section.get(group, {})
        for name, value in values.items():
            total[name] = total.get(name, 0) + value
        rows.append((group, str(STAFF_GROUPS[group]), make(values)))
    rows.append(("tong", _("Tổng số"), make(total)))
    return rows


def _staff_tables(prefix, counts):
    present = set(counts.get("columns", ()))
    tables = []
    by_qualification = ItemTable(
        f"{prefix}_staff_by_position_qual",
        _(
            "Cán bộ quản lý, giáo viên, nhân viên theo vị trí việc làm và trình độ đào tạo "
            "(từ CSDL ngành)"
        ),
        [("total", _("Tổng số"))] + [(key, str(label)) for key, label in QUALIFICATIONS.items()],
    )
    by_qualification.rows = _staff_rows(
        counts.get("qualification", {}),
        list(STAFF_GROUPS),
        lambda c: {"total": sum(c.values()), **{key: c.get(key, 0) for key in QUALIFICATIONS}},
    )
    tables.append(by_qualification)
    rated = ("quan_ly", "giao_vien")
    if "standard" in present and prefix != "tx":
        standard = ItemTable(
            f"{prefix}_staff_professional_std",
            _("Giáo viên, cán bộ quản lý đạt chuẩn nghề nghiệp (từ CSDL ngành)"),
            [
                ("total", _("Tổng số")),
                ("meeting", _("Đạt chuẩn")),
                ("share", _("Tỷ lệ đạt chuẩn (%)")),
                ("tot", _("Tốt")),
                ("kha", _("Khá")),
                ("dat", _("Đạt")),
                ("chua_dat", _("Chưa đạt")),
                ("chua_danh_gia", _("Chưa đánh giá")),
            ],
        )

        def rating(c):
            total = sum(c.values())
            meeting = c.get("tot", 0) + c.get("kha", 0) + c.get("dat", 0)
            values = {"total": total, "meeting": meeting, "share": share(meeting, total)}
            values.update(
                {key: c.get(key, 0) for key in ("tot", "kha", "dat", "chua_dat", "chua_danh_gia")}
            )
            return values

        standard.rows = _staff_rows(counts.get("standard", {}), rated, rating)
        tables.append(standard)
    if "training" in present:
        training = ItemTable(
            f"{prefix}_staff_annual_training",
            _("Hoàn thành bồi dưỡng thường xuyên hằng năm (từ CSDL ngành)"),
            [("total", _("Tổng số")), ("done", _("Hoàn thành")), ("share", _("Tỷ lệ (%)"))],
        )
        training.rows = _staff_rows(
            counts.get("training", {}),
            list(STAFF_GROUPS),
            lambda c: {
                "total": c.get("total", 0),
                "done": c.get("done", 0),
                "share": share(c.get("done", 0), c.get("total", 0)),
            },
        )
        tables.append(training)
    return tables
