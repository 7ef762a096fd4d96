"""School years run from August to the following July: "2025-2026"."""

import datetime
import re

SCHOOL_YEAR_START_MONTH = 8
_PATTERN = re.compile(r"^(\d{4})-(\d{4})$")


def school_year_of(day: datetime.date) -> str:
    start = day.year if day.month >= SCHOOL_YEAR_START_MONTH else day.year - 1
    return f"{start}-{start + 1}"


def parse_school_year(text: str) -> tuple[int, int]:
    """(2025, 2026) for "2025-2026"; ValueError for anything else."""
    match = _PATTERN.match((text or "").strip())
    if not match or int(match.group(2)) != int(match.group(1)) + 1:
        raise ValueError(f"Năm học không hợp lệ: {text!r} (ví dụ đúng: 2025-2026).")
    return int(match.group(1)), int(match.group(2))


def school_year_choices(today: datetime.date | None = None, back: int = 6, ahead: int = 1):
    today = today or datetime.date.today()
    start = int(school_year_of(today)[:4])
    years = [f"{y}-{y + 1}" for y in range(start + ahead, start - back - 1, -1)]
    return [(y, y) for y in years]
