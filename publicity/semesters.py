"""Semester views of a matrix (học kỳ I, học kỳ II, cả năm), by the school-year calendar:
the screen, the XLSX/CSV report and the JSON read the same numbers from here."""

from .compliance import NOT_DUE, Cell, ComplianceMatrix, aggregate, compute
from .school_calendar import SEMESTERS, calendars_for, national_default

SEMESTER_CHOICES = [(key, label) for key, label in SEMESTERS.items()]


def semester_as_of(school_year, semester, today, office_ids=()):
    """The day a semester view is judged on: its last day, or `today` if earlier."""
    calendars = calendars_for(office_ids, school_year) if office_ids else {}
    ends = [c.semester_range(semester)[1] for c in calendars.values()]
    ends.append(national_default(school_year).semester_range(semester)[1])
    return min(today, max(ends) if calendars else ends[-1])


def restrict(matrix, semester):
    """A matrix limited to the periods of `semester` (yearly items stay in every view)."""
    if not semester or semester == "ca_nam":
        return matrix
    cells = {}
    by_school = {s.pk: s for s in matrix.schools}
    for key, cell in matrix.cells.items():
        calendar = matrix.calendar_of(by_school[key[0]])
        periods = [
            p
            for p in cell.periods
            if p.start is None
            or p.basis in ("yearly", "circular_start", "came_into_being", "deferred")
            or calendar.period_in_semester(p.start, semester)
        ]
        status = aggregate(periods) if periods else NOT_DUE
        if cell.status == "khong_ap_dung" or (not periods and cell.status == "tuy_chon"):
            status = cell.status
        cells[key] = Cell(cell.school_id, cell.requirement, status, periods)
    return ComplianceMatrix(
        matrix.school_year,
        matrix.today,
        matrix.requirements,
        matrix.schools,
        cells,
        matrix.calendars,
    )


def semester_matrix(school_year, semester, today, schools):
    """compute() as of the semester's end (or today), limited to its periods."""
    office_ids = {s.office_id for s in schools}
    as_of = semester_as_of(school_year, semester, today, office_ids) if semester else today
    return restrict(compute(school_year, as_of, schools=schools), semester)


def parse_semester(value):
    return value if value in SEMESTERS else ""
