"""The figures of Công khai, defined once. Every screen, panel, ranking, roll-up, export
(XLSX, CSV, JSON) and e-mail reads a school's or an office's numbers through `Figures`,
under the names and with the definitions below (README "Công khai: the figures").

For a school (or a set of schools), a school year and a day, every item that applies to
the school's level is counted once, under its verdict (publicity.compliance; a weekly or
monthly item under its worst period):

    on time + late + overdue + not yet due = required
    required + không áp dụng + không bắt buộc = total

* required ("mục bắt buộc"): the items the school owes, i.e. without the conditional
  items it marked "không áp dụng" (with a reason) and without the optional "(nếu có)"
  items, published or not (an optional item never counts for or against a school);
* due ("đã đến hạn") = required − not yet due = on time + late + overdue;
* "tỷ lệ đã công khai" = (on time + late) / due; "tỷ lệ đúng hạn" = on time / due.

Shares are rounded down, so 100% means every item due is there (on time, for the second
one), never 199 of 200; with nothing due they are None ("–").
"""

from collections.abc import Mapping
from dataclasses import dataclass, fields

from django.utils.translation import gettext_lazy as _

from .statuses import LATE, MISSING, NOT_APPLICABLE, NOT_DUE, ON_TIME, OPTIONAL

# The stored counters (SchoolComplianceSummary, OfficeComplianceSnapshot columns).
COUNTERS = ("on_time", "late", "overdue", "not_due", "not_applicable", "optional")

STATUS_COUNTER = {
    ON_TIME: "on_time",
    LATE: "late",
    MISSING: "overdue",
    NOT_DUE: "not_due",
    NOT_APPLICABLE: "not_applicable",
    OPTIONAL: "optional",
}


def counter_of(status, is_optional):
    """Where an item is counted: "không áp dụng" first (the school's own mark), then an
    optional item whatever its verdict, then its verdict."""
    if status == NOT_APPLICABLE:
        return "not_applicable"
    if is_optional:
        return "optional"
    return STATUS_COUNTER[status]


def share(part, whole):
    """A percentage rounded down; None when nothing is due."""
    return 100 * part // whole if whole else None


@dataclass(frozen=True, slots=True)
class Figures:
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    not_due: int = 0
    not_applicable: int = 0
    optional: int = 0

    # --- Built from -----------------------------------------------------------------

    @classmethod
    def from_statuses(cls, pairs):
        """From (verdict, is the item optional) pairs, one per item."""
        counts = dict.fromkeys(COUNTERS, 0)
        for status, is_optional in pairs:
            counts[counter_of(status, is_optional)] += 1
        return cls(**counts)

    @classmethod
    def from_cells(cls, cells):
        """From the engine's cells (publicity.compliance.Cell) of one or more schools."""
        return cls.from_statuses((cell.status, cell.requirement.is_optional) for cell in cells)

    @classmethod
    def of(cls, source):
        """From a stored row (its counter columns) or a dict of counters (SQL sums)."""
        if isinstance(source, Mapping):
            return cls(**{name: source.get(name) or 0 for name in COUNTERS})
        return cls(**{name: getattr(source, name) or 0 for name in COUNTERS})

    @classmethod
    def sum(cls, sources):
        total = cls()
        for source in sources:
            total += source if isinstance(source, Figures) else cls.of(source)
        return total

    def __add__(self, other):
        return Figures(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    # --- The figures ----------------------------------------------------------------

    @property
    def required(self):
        return self.on_time + self.late + self.overdue + self.not_due

    @property
    def total(self):
        return self.required + self.not_applicable + self.optional

    @property
    def due(self):
        return self.on_time + self.late + self.overdue

    @property
    def published(self):
        return self.on_time + self.late

    @property
    def percent_published(self):
        return share(self.published, self.due)

    @property
    def percent_on_time(self):
        return share(self.on_time, self.due)

    def value(self, name):
        return getattr(self, name)

    def as_dict(self):
        """Every counter and figure by its name (the open data, the templates)."""
        return {name: self.value(name) for name in NAMES}

    def row(self, columns=None):
        """The values of `columns` (default: COLUMNS) for a table; "" for a share of
        nothing."""
        values = [self.value(name) for name in columns or COLUMNS]
        return ["" if value is None else value for value in values]

    def cells(self, columns=None):
        """[{name, value, text}] of `columns` (default COLUMNS), for a table row."""
        return [
            {
                "name": name,
                "value": self.value(name),
                "text": percent_text(self.value(name)) if name in PERCENTS else self.value(name),
            }
            for name in columns or COLUMNS
        ]

    def text(self):
        """The figures in one sentence (e-mails, the command line)."""
        return _(
            "Mục bắt buộc: %(required)d (quá hạn %(overdue)d, trễ hạn %(late)d, đúng hạn "
            "%(on_time)d, chưa đến hạn %(not_due)d); không áp dụng: %(not_applicable)d; không "
            "bắt buộc: %(optional)d; tổng số mục: %(total)d. Tỷ lệ đã công khai: "
            "%(percent_published)s; tỷ lệ đúng hạn: %(percent_on_time)s."
        ) % {
            **self.as_dict(),
            "percent_published": percent_text(self.percent_published),
            "percent_on_time": percent_text(self.percent_on_time),
        }

    @property
    def sort_key(self):
        """Rankings and "lagging" lists: most overdue first, then most late."""
        return (-self.overdue, -self.late)


# Columns of every table that shows the figures, in this order: each count row adds up
# (the four verdicts make "bắt buộc"; with "không áp dụng" and "không bắt buộc", "tổng").
COLUMNS = (
    "overdue",
    "late",
    "on_time",
    "not_due",
    "required",
    "not_applicable",
    "optional",
    "total",
    "percent_published",
    "percent_on_time",
)
NAMES = COLUMNS + ("due", "published")
# A short list (the admin home's "schools to chase"): the ranking's keys and the shares.
COMPACT = ("overdue", "late", "percent_published", "percent_on_time")
PERCENTS = frozenset({"percent_published", "percent_on_time"})

LABELS = {
    "overdue": _("Quá hạn"),
    "late": _("Trễ hạn"),
    "on_time": _("Đúng hạn"),
    "not_due": _("Chưa đến hạn"),
    "required": _("Mục bắt buộc"),
    "not_applicable": _("Không áp dụng"),
    "optional": _("Không bắt buộc"),
    "total": _("Tổng số mục"),
    "due": _("Đã đến hạn"),
    "published": _("Đã công khai"),
    "percent_published": _("Tỷ lệ đã công khai"),
    "percent_on_time": _("Tỷ lệ đúng hạn"),
}

# One line per figure, shown under every table of figures (and on the report's cover).
GLOSSARY = (
    (
        "required",
        _(
            "Mục bắt buộc = quá hạn + trễ hạn + đúng hạn + chưa đến hạn: các mục áp dụng cho "
            "cấp học của trường, trừ mục trường đã đánh dấu không áp dụng (có lý do) và mục "
            "không bắt buộc (“nếu có”); tổng số mục = mục bắt buộc + không áp dụng + không "
            "bắt buộc."
        ),
    ),
    (
        "overdue",
        _(
            "Quá hạn: đã qua hạn mà chưa có bản nào đang hiển thị công khai. Trễ hạn: đã "
            "công khai nhưng sau hạn. Mục hằng tuần, hằng tháng tính theo kỳ kém nhất: một "
            "tuần quá hạn là cả mục quá hạn."
        ),
    ),
    (
        "percent_published",
        _(
            "Tỷ lệ đã công khai = (đúng hạn + trễ hạn) / (mục bắt buộc − chưa đến hạn), làm "
            "tròn xuống."
        ),
    ),
    (
        "percent_on_time",
        _("Tỷ lệ đúng hạn = đúng hạn / (mục bắt buộc − chưa đến hạn), làm tròn xuống."),
    ),
)


def label(name):
    return str(LABELS[name])


def columns(names=None):
    """[{name, label}] of the columns, for a table head."""
    return [
        {"name": name, "label": title}
        for name, title in zip(names or COLUMNS, header(names), strict=True)
    ]


def header(columns=None):
    """Column titles of `columns` (default COLUMNS); shares carry "(%)"."""
    return [
        f"{label(name)} (%)" if name in PERCENTS else label(name) for name in columns or COLUMNS
    ]


def glossary():
    """[(figure name, text)] translated."""
    return [(name, str(text)) for name, text in GLOSSARY]


def percent_text(value):
    return "–" if value is None else f"{value}%"
