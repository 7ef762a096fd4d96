"""From the rows of an export to counts, and nothing else: the result holds numbers keyed
by grade, sex, group and rating, the sheets' names and the row numbers it could not
read. Class names are used while counting (classes per grade) and then dropped, so no
count per class (one pupil with a given disability in 6A1) is ever kept."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .columns import PUPILS, STAFF
from .reading import iter_sheets
from .values import (
    grade_of,
    has_disability,
    is_current_pupil,
    is_current_staff,
    is_minority,
    is_yes,
    qualification_of,
    sex_of,
    staff_group_of,
    standard_of,
    status_label,
)

PUPIL_COUNTERS = (
    "pupils",
    "boys",
    "girls",
    "ethnic_minority",
    "disabled",
    "two_sessions",
    "boarding",
)
MAX_PROBLEMS_LISTED = 200
MAX_STATUS_LABELS = 20


@dataclass
class Problem:
    sheet: str
    row: int
    message: str

    def __str__(self):
        return _("Trang “%(s)s”, dòng %(r)d: %(m)s") % {
            "s": self.sheet,
            "r": self.row,
            "m": self.message,
        }


@dataclass
class ReadResult:
    counts: dict = field(default_factory=dict)  # kind → counts (JSON-ready)
    problems: list = field(default_factory=list)
    problem_count: int = 0
    rows_read: dict = field(default_factory=dict)  # kind → rows counted
    sheets: list = field(default_factory=list)  # (title, kind)

    @property
    def kinds(self):
        return sorted(self.counts)

    def note(self, sheet, row, message):
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS_LISTED:
            self.problems.append(Problem(sheet, row, str(message)))

    @property
    def skipped_rows(self):
        return [f"{problem.sheet}:{problem.row}" for problem in self.problems]


def read_export(source, stages):
    """Read a file (path or binary file object) into counts. Raises ExportError when it
    cannot be read at all; row by row problems are collected in the result."""
    result = ReadResult()
    pupils, staff = _PupilCounter(stages), _StaffCounter()
    for sheet, rows in iter_sheets(source):
        result.sheets.append((sheet.title, sheet.kind))
        counter = pupils if sheet.kind == PUPILS else staff
        for number, values in rows:
            try:
                counter.add(values, sheet.columns)
            except ValueError as error:
                result.note(sheet.title, number, error)
    for kind, counter in ((PUPILS, pupils), (STAFF, staff)):
        if counter.rows:
            result.counts[kind] = counter.counts()
            result.rows_read[kind] = counter.rows
    return result


class _PupilCounter:
    def __init__(self, stages):
        self.stages = tuple(stages)
        self.rows = 0
        self.grades = defaultdict(Counter)
        self.classes = defaultdict(set)  # grade → class names, dropped after counting
        self.statuses = Counter()
        self.columns = set()

    def add(self, values, columns):
        class_name = str(values.get("class") or "").strip()
        if not class_name:
            raise ValueError(_("thiếu tên lớp"))
        grade = grade_of(class_name, values.get("grade"), self.stages)
        sex = sex_of(values.get("sex"), values.get("female"), "sex" in columns)
        self.columns.update(columns)
        self.rows += 1
        status = values.get("status")
        if not is_current_pupil(status):
            label = status_label(status)
            if label in self.statuses or len(self.statuses) < MAX_STATUS_LABELS:
                self.statuses[label] += 1
            else:
                self.statuses[_("Khác")] += 1
            return
        self.statuses[_("Đang học")] += 1
        counts = self.grades[grade]
        self.classes[grade].add(class_name.casefold())
        counts["pupils"] += 1
        counts["boys" if sex == "m" else "girls"] += 1
        counts["ethnic_minority"] += is_minority(values.get("ethnicity"))
        counts["disabled"] += has_disability(values.get("disability"))
        counts["two_sessions"] += is_yes(values.get("two_sessions"))
        counts["boarding"] += is_yes(values.get("boarding"))

    def counts(self):
        grades = {}
        for grade, counter in self.grades.items():
            grades[grade] = {name: counter[name] for name in PUPIL_COUNTERS}
            grades[grade]["classes"] = len(self.classes[grade])
        present = {"ethnicity", "disability", "two_sessions", "boarding"} & self.columns
        return {
            "grades": grades,
            "statuses": dict(self.statuses),
            "columns": sorted(present),
        }


class _StaffCounter:
    def __init__(self):
        self.rows = 0
        self.qualification = defaultdict(Counter)
        self.standard = defaultdict(Counter)
        self.training = defaultdict(Counter)
        self.columns = set()

    def add(self, values, columns):
        group = staff_group_of(values.get("position"), values.get("group"))
        self.columns.update(columns)
        self.rows += 1
        if not is_current_staff(values.get("status")):
            return
        self.qualification[group][qualification_of(values.get("qualification"))] += 1
        if group != "nhan_vien":  # the standard and its rating are for teachers and leaders
            self.standard[group][standard_of(values.get("standard"))] += 1
        self.training[group]["total"] += 1
        self.training[group]["done"] += is_yes(values.get("training"))

    def counts(self):
        return {
            "qualification": {group: dict(c) for group, c in self.qualification.items()},
            "standard": {group: dict(c) for group, c in self.standard.items()},
            "training": {group: dict(c) for group, c in self.training.items()},
            "columns": sorted({"standard", "training"} & self.columns),
        }
