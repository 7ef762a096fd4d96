"""The inspector's views as plain rows, shared by the screens, the XLSX/CSV report and
the JSON: the ranking of schools, the per-item view, the matrix by part of the circular
and the explanations. Every figure is a publicity.figures.Figures built from per-school
summaries (stored ones, or built from a matrix the same way), so the screen, the files
and the JSON cannot disagree."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sites.levels import SchoolLevel, Stage

from . import figures as fig
from .figures import Figures
from .models import GROUP_ORDER, RequirementGroup
from .periods import period_label
from .statuses import LATE, MISSING, NOT_APPLICABLE, NOT_DUE, ON_TIME, OPTIONAL, status_labels
from .summaries import summary_from_cells


def summaries_from_matrix(matrix):
    return {
        s.pk: summary_from_cells(s, matrix.school_year, matrix.today, matrix.school_cells(s))
        for s in matrix.schools
    }


def ranking(schools, summaries, status=""):
    """Schools ranked by what is overdue, then late (Figures.sort_key), then by name."""
    rows = []
    for school in schools:
        summary = summaries.get(school.pk)
        if summary is None:
            continue
        if status and status not in summary.statuses.values():
            continue
        rows.append({"school": school, "summary": summary, "figures": summary.figures})
    rows.sort(key=lambda r: (r["figures"].sort_key, r["school"].name))
    return rows


ITEM_STATUSES = (MISSING, LATE, ON_TIME, NOT_DUE, NOT_APPLICABLE, OPTIONAL)


def by_item(requirements, schools, summaries):
    """Per requirement: how many schools are in each status (the row adds up to the
    schools it applies to), and which lack it."""
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
    for entry in rows:
        entry["schools"] = sum(entry["counts"].values())
        entry["cells"] = [entry["counts"][status] for status in ITEM_STATUSES]
    rows.sort(key=lambda e: (-e["counts"][MISSING], -e["counts"][LATE], e["requirement"].order))
    return rows


def totals(schools, summaries):
    """The figures of `schools` together."""
    return Figures.sum(summaries[s.pk] for s in schools if s.pk in summaries)


def level_label(school):
    return str(SchoolLevel(school.level).label)


def ranking_table(rows):
    header = [_("Trường"), _("Cấp học")] + fig.header()
    body = [[row["school"].name, level_label(row["school"])] + row["figures"].row() for row in rows]
    return header, body


def item_header():
    labels = status_labels()
    return (
        [_("Mục công khai"), _("Căn cứ")]
        + [
            _("Số trường: %(status)s") % {"status": labels[status].lower()}
            for status in ITEM_STATUSES
        ]
        + [_("Số trường áp dụng"), _("Trường còn thiếu")]
    )


def item_table(rows):
    body = [
        [e["requirement"].title, e["requirement"].legal_basis]
        + e["cells"]
        + [e["schools"], "; ".join(s.name for s in e["missing"])]
        for e in rows
    ]
    return item_header(), body


# The circular's parts 3 and 4 have an article per level (Điều 6–7 mầm non, 8–9 phổ
# thông, 10–11 GDTX): the report gives each its own sheet, so no sheet is wider than a
# landscape page.
FAMILIES = (
    ("mn", {Stage.PRESCHOOL}, gettext_lazy("Mầm non")),
    (
        "pt",
        {Stage.PRIMARY, Stage.LOWER_SECONDARY, Stage.UPPER_SECONDARY},
        gettext_lazy("Phổ thông"),
    ),
    ("tx", {Stage.CONTINUING}, gettext_lazy("GDTX")),
)
SHORT_GROUPS = {
    "thong_tin_chung": gettext_lazy("Thông tin chung"),
    "tai_chinh": gettext_lazy("Thu chi tài chính"),
    "dieu_kien": gettext_lazy("Điều kiện"),
    "ke_hoach": gettext_lazy("Kế hoạch"),
    "bao_cao": gettext_lazy("Báo cáo thường niên"),
}


def family_of(requirement):
    """(key, label) of the levels a requirement is for; ("", "") for every level."""
    stages = set(requirement.stages)
    for key, members, label in FAMILIES:
        if stages <= {str(m) for m in members}:
            return key, str(label)
    return "", ""


def parts_of(requirements, schools):
    """[{"sheet", "title", "requirements", "schools"}], one per part of the circular (and
    per level where the part has an article per level), in the circular's order; parts
    no school of `schools` owes are left out."""
    found = {}
    for requirement in requirements:
        key = (GROUP_ORDER[requirement.group], requirement.group, *family_of(requirement))
        found.setdefault(key, []).append(requirement)
    parts = []
    for (order, group, _family, family_label), items in sorted(found.items()):
        owed = [s for s in schools if any(r.applies_to(s.stages) for r in items)]
        if not owed:
            continue
        short = f"{order + 1}. {SHORT_GROUPS[group]}"
        title = str(RequirementGroup(group).label)
        parts.append(
            {
                "sheet": f"{short} – {family_label}" if family_label else short,
                "title": f"{title} – {family_label}" if family_label else title,
                "requirements": items,
                "schools": owed,
            }
        )
    return parts


def matrix_table(matrix, schools=None, requirements=None):
    """One row per school: its figures, then one column per requirement (by default
    every one; the report gives each part of the circular its own sheet)."""
    labels = status_labels()
    requirements = matrix.requirements if requirements is None else requirements
    positions = [matrix.requirements.index(r) for r in requirements]
    header = [_("Trường"), _("Cấp học")] + fig.header() + [r.title for r in requirements]
    body = []
    for school in schools if schools is not None else matrix.schools:
        row = matrix.row(school)
        body.append(
            [school.name, level_label(school)]
            + matrix.school_summary(school).row()
            + ["" if row[i] is None else row[i].short(labels) for i in positions]
        )
    return header, body


def group_table(matrix, requirements, schools=None):
    """One part of the circular: one row per school, one column per item (its status),
    without the figures (they are on the ranking sheet)."""
    labels = status_labels()
    positions = [matrix.requirements.index(r) for r in requirements]
    header = [_("Trường"), _("Cấp học")] + [r.title for r in requirements]
    body = []
    statuses = []
    for school in schools if schools is not None else matrix.schools:
        row = matrix.row(school)
        cells = [row[i] for i in positions]
        body.append(
            [school.name, level_label(school)]
            + ["" if c is None else c.short(labels) for c in cells]
        )
        statuses.append([None, None] + [None if c is None else c.status for c in cells])
    return header, body, statuses


def explanation_table(matrix, schools=None):
    """Every overdue or late item of every school, and every item whose disclosure was
    taken down within its 5 years, with the reason (its first such period's
    explanation, and how many periods are in that state)."""
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
            breaches = [p for p in cell.periods if p.removals]
            if cell.status not in (MISSING, LATE) and not breaches:
                continue
            worst = cell.worst() if cell.status in (MISSING, LATE) else breaches
            body.append(
                [
                    school.name,
                    cell.requirement.title,
                    labels[cell.status],
                    len(worst),
                    period_label(worst[0].period),
                    worst[0].explain(matrix.today),
                ]
            )
    return header, body
