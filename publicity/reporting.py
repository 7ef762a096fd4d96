"""The inspector's views as plain rows, shared by the screens, the XLSX/CSV report and
the JSON: the ranking of schools, the per-item view and the matrix. Every figure comes
from per-school summaries (stored ones, or built from a matrix the same way), so the
screen, the files and the JSON cannot disagree."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sites.levels import SchoolLevel

from .compliance import LATE, MISSING, NOT_DUE, ON_TIME, status_labels
from .summaries import aggregate, summary_from_cells


def summaries_from_matrix(matrix):
    return {
        s.pk: summary_from_cells(s, matrix.school_year, matrix.today, matrix.school_cells(s))
        for s in matrix.schools
    }


def ranking(schools, summaries, status=""):
    """Schools ranked by what is overdue, then late, then not yet due."""
    rows = []
    for school in schools:
        summary = summaries.get(school.pk)
        if summary is None:
            continue
        if status and status not in summary.statuses.values():
            continue
        rows.append({"school": school, "summary": summary})
    rows.sort(
        key=lambda r: (
            -r["summary"].overdue,
            -r["summary"].late,
            -r["summary"].not_due,
            r["school"].name,
        )
    )
    return rows


def by_item(requirements, schools, summaries):
    """Per requirement: how many schools are in each status, and which lack it."""
    index = {
        r.code: {
            "requirement": r,
            "counts": dict.fromkeys(status_labels(), 0),
            "missing": [],
            "late": [],
        }
        for r in requirements
    }
    for school in schools:
        summary = summaries.get(school.pk)
        if summary is None:
            continue
        for code, status in summary.statuses.items():
            entry = index.get(code)
            if entry is None:
                continue
            entry["counts"][status] += 1
            if status == MISSING:
                entry["missing"].append(school)
            elif status == LATE:
                entry["late"].append(school)
    rows = [e for e in index.values() if sum(e["counts"].values())]
    rows.sort(key=lambda e: (-e["counts"][MISSING], -e["counts"][LATE], e["requirement"].order))
    return rows


def totals(schools, summaries):
    return aggregate([summaries[s.pk] for s in schools if s.pk in summaries])


def level_label(school):
    return str(SchoolLevel(school.level).label)


RANKING_HEADER = (
    gettext_lazy("Trường"),
    gettext_lazy("Cấp học"),
    gettext_lazy("Quá hạn"),
    gettext_lazy("Trễ hạn"),
    gettext_lazy("Chưa đến hạn"),
    gettext_lazy("Đúng hạn"),
    gettext_lazy("Không áp dụng"),
    gettext_lazy("Tỷ lệ đúng hạn (%)"),
)


def ranking_table(rows):
    header = [str(h) for h in RANKING_HEADER]
    body = []
    for row in rows:
        s = row["summary"]
        body.append(
            [
                row["school"].name,
                level_label(row["school"]),
                s.overdue,
                s.late,
                s.not_due,
                s.on_time,
                s.not_applicable,
                "" if s.percent_on_time is None else s.percent_on_time,
            ]
        )
    return header, body


def item_table(rows):
    header = [
        _("Mục công khai"),
        _("Căn cứ"),
        _("Số trường quá hạn"),
        _("Số trường trễ hạn"),
        _("Số trường chưa đến hạn"),
        _("Số trường đúng hạn"),
        _("Trường còn thiếu"),
    ]
    body = [
        [
            e["requirement"].title,
            e["requirement"].legal_basis,
            e["counts"][MISSING],
            e["counts"][LATE],
            e["counts"][NOT_DUE],
            e["counts"][ON_TIME],
            "; ".join(s.name for s in e["missing"]),
        ]
        for e in rows
    ]
    return header, body


def matrix_table(matrix, schools=None):
    """One row per school, one column per requirement (named in Vietnamese)."""
    labels = status_labels()
    header = [
        _("Trường"),
        _("Cấp học"),
        _("Tỷ lệ hoàn thành (%)"),
        _("Đã công khai / đến hạn"),
    ] + [r.title for r in matrix.requirements]
    body = []
    for school in schools if schools is not None else matrix.schools:
        summary = matrix.school_summary(school)
        percent = summary["percent"]
        body.append(
            [
                school.name,
                level_label(school),
                "" if percent is None else percent,
                f"{summary['done']}/{summary['due']}",
            ]
            + ["" if cell is None else cell.short(labels) for cell in matrix.row(school)]
        )
    return header, body


def explanation_table(matrix, schools=None):
    """Every overdue or late item of every school with the reason (its first such
    period's explanation, and how many periods are in that state)."""
    labels = status_labels()
    header = [
        _("Trường"),
        _("Mục công khai"),
        _("Trạng thái"),
        _("Số kỳ"),
        _("Kỳ đầu tiên"),
        _("Giải thích"),
    ]
    body = []
    for school in schools if schools is not None else matrix.schools:
        for cell in matrix.school_cells(school):
            if cell.status not in (MISSING, LATE):
                continue
            worst = cell.worst()
            body.append(
                [
                    school.name,
                    cell.requirement.title,
                    labels[cell.status],
                    len(worst),
                    worst[0].period,
                    worst[0].explain(matrix.today),
                ]
            )
    return header, body
