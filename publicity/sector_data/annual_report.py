"""The annual report (báo cáo thường niên) as a draft, from the stored counts of the last
two school years with year-on-year columns. The parts the exports cannot fill (finance,
facilities, quality results) are named for the school to complete."""

from django.utils.translation import gettext as _

from sites.school_year import parse_school_year

from .columns import PUPILS, STAFF
from .drafts import applicable_requirements, save_draft
from .stored import SectorDataImport
from .tables import ItemTable, mean, share

ANNUAL_REPORT = "annual_report"


def previous_school_year(school_year):
    start, end = parse_school_year(school_year)
    return f"{start - 1}-{end - 1}"


def indicators(records, preschool):
    """{key: (label, value)} of one school year's newest imports."""
    unit = _("trẻ") if preschool else _("học sinh")
    values = {}
    pupils = records.get(PUPILS)
    if pupils is not None:
        grades = pupils.counts.get("grades", {}).values()

        def total(name):
            return sum(grade.get(name, 0) for grade in grades)

        values["classes"] = (_("Số nhóm, lớp") if preschool else _("Số lớp"), total("classes"))
        values["pupils"] = (_("Số %(u)s") % {"u": unit}, total("pupils"))
        values["average"] = (
            _("Bình quân %(u)s/lớp") % {"u": unit},
            mean(total("pupils"), total("classes")),
        )
        values["girls"] = (_("Trong đó: nữ"), total("girls"))
        present = set(pupils.counts.get("columns", ()))
        for name, label in (
            ("ethnicity", _("Dân tộc thiểu số")),
            ("disability", _("Khuyết tật")),
            ("two_sessions", _("Học 2 buổi/ngày")),
            ("boarding", _("Ăn bán trú")),
        ):
            if name in present:
                key = {"ethnicity": "ethnic_minority", "disability": "disabled"}.get(name, name)
                values[key] = (label, total(key))
    staff = records.get(STAFF)
    if staff is not None:
        qualification = staff.counts.get("qualification", {})
        for group, label in (
            ("quan_ly", _("Cán bộ quản lý")),
            ("giao_vien", _("Giáo viên")),
            ("nhan_vien", _("Nhân viên")),
        ):
            values[group] = (label, sum(qualification.get(group, {}).values()))
        standard = staff.counts.get("standard", {})
        if "standard" in staff.counts.get("columns", ()):
            rated = sum(sum(c.values()) for c in standard.values())
            meeting = sum(c.get(k, 0) for c in standard.values() for k in ("tot", "kha", "dat"))
            values["meeting_share"] = (_("Tỷ lệ đạt chuẩn nghề nghiệp (%)"), share(meeting, rated))
        training = staff.counts.get("training", {})
        if "training" in staff.counts.get("columns", ()):
            done = sum(c.get("done", 0) for c in training.values())
            whole = sum(c.get("total", 0) for c in training.values())
            values["training_share"] = (_("Tỷ lệ hoàn thành bồi dưỡng (%)"), share(done, whole))
    return values


def annual_table(school, school_year):
    """The ItemTable of the report, or None when neither year has an import."""
    this = SectorDataImport.objects.latest_per_kind(school, school_year)
    before_year = previous_school_year(school_year)
    before = SectorDataImport.objects.latest_per_kind(school, before_year)
    if not this and not before:
        return None
    preschool = any(str(stage) == "mam_non" for stage in school.stages)
    now, then = indicators(this, preschool), indicators(before, preschool)
    table = ItemTable(
        ANNUAL_REPORT,
        _("Quy mô, đội ngũ: so sánh hai năm học (từ CSDL ngành)"),
        [
            ("before", _("Năm học %(y)s") % {"y": before_year}),
            ("now", _("Năm học %(y)s") % {"y": school_year}),
            ("change", _("Tăng (+)/giảm (−)")),
        ],
        signed=("change",),
    )
    for key in list(dict.fromkeys([*now, *then])):
        label = (now.get(key) or then.get(key))[0]
        old, new = then.get(key, (None, None))[1], now.get(key, (None, None))[1]
        change = None
        if old is not None and new is not None:
            change = (
                round(new - old, 1)
                if isinstance(new, float) or isinstance(old, float)
                else new - old
            )
        table.rows.append((key, label, {"before": old, "now": new, "change": change}))
    return table


def draft_annual_report(school, school_year, user=None):
    """Make (or revise) the draft of the annual report; None when there is nothing to
    build it from or the item does not apply."""
    requirement = applicable_requirements(school, [ANNUAL_REPORT]).get(ANNUAL_REPORT)
    table = annual_table(school, school_year)
    if requirement is None or table is None:
        return None
    content = "".join(
        f"<p>{paragraph}</p>"
        for paragraph in (
            _(
                "Phần quy mô và đội ngũ dưới đây tổng hợp từ danh sách xuất từ cơ sở dữ liệu "
                "ngành của hai năm học gần nhất."
            ),
            _(
                "Nhà trường bổ sung các phần tài chính, cơ sở vật chất và kết quả chất lượng "
                "giáo dục trước khi công khai."
            ),
        )
    )
    page = save_draft(school, requirement, school_year, [table.block_value()], content, user)
    # Recorded with the year's newest import, so the next click revises this draft.
    newest = (
        SectorDataImport.objects.filter(school=school, school_year=school_year)
        .order_by("-imported_at", "-pk")
        .first()
    ) or SectorDataImport.objects.filter(school=school).order_by("-imported_at", "-pk").first()
    newest.versions = {**newest.versions, ANNUAL_REPORT: page.pk}
    newest.save(update_fields=["versions"])
    return page
