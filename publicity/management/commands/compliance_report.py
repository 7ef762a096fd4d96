import datetime
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from publicity.export import VIEWS, csv_bytes, xlsx_bytes
from publicity.periods import disclosure_year_of
from publicity.school_calendar import SEMESTERS
from publicity.semesters import semester_matrix
from sites.models import Office, School, schools_of_office_on
from sites.school_year import parse_school_year


def report_day(period, today):
    """The day whose office membership a report uses: --as-of, else today, but never
    after the end of the school year asked for (31/7 of its second year)."""
    day = today or datetime.date.today()
    if period:
        end = datetime.date(parse_school_year(period)[1], 7, 31)
        day = min(day, end)
    return day


class Command(BaseCommand):
    help = "Xuất bảng tình hình công khai của mọi trường (một dòng mỗi trường, một cột mỗi mục)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--period", help="Năm học, ví dụ 2025-2026 (mặc định: năm học hiện tại)."
        )
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument(
            "--as-of", dest="as_of", help="Tính đến ngày YYYY-MM-DD (mặc định: hôm nay)."
        )
        parser.add_argument("--output", help="Ghi ra tệp; bắt buộc với xlsx.")
        parser.add_argument(
            "--semester",
            choices=list(SEMESTERS),
            help="hk1, hk2 hoặc ca_nam: tính đến cuối học kỳ (hoặc --as-of nếu sớm hơn).",
        )
        parser.add_argument(
            "--office",
            help="Tên miền cổng của một đơn vị: chỉ các trường thuộc đơn vị đó (và cấp dưới) "
            "vào ngày tính (--as-of), kể cả trường đã chuyển đi sau đó.",
        )
        parser.add_argument(
            "--view", choices=VIEWS, default="ma_tran", help="Bảng xuất ra CSV (mặc định ma_tran)."
        )

    def handle(
        self,
        *args,
        period=None,
        format="csv",
        as_of=None,
        output=None,
        semester=None,
        view="ma_tran",
        office=None,
        **options,
    ):
        try:
            today = datetime.date.fromisoformat(as_of) if as_of else None
        except ValueError:
            raise CommandError(f"Ngày không hợp lệ: {as_of} (ví dụ đúng: 2026-06-30).") from None
        if period:
            try:
                parse_school_year(period)
            except ValueError as error:
                raise CommandError(str(error)) from None
        elif today:
            period = disclosure_year_of(today)
        if format == "xlsx" and not output:
            raise CommandError("Xuất xlsx cần --output <tệp>.")
        today = today or timezone.localdate()
        period = period or disclosure_year_of(today)
        if office:
            unit = Office.objects.filter(domain=office.strip().lower()).first()
            if unit is None:
                raise CommandError(f"Không có đơn vị nào có tên miền “{office}”.")
            # History stays true: the schools that belonged to the office on that day.
            schools = list(schools_of_office_on(unit, report_day(period, today)).order_by("name"))
        else:
            schools = list(School.objects.active().order_by("name"))
            unit = Office.objects.filter(parent__isnull=True).order_by("pk").first()
        matrix = semester_matrix(period, semester or "", today, schools)
        label = str(SEMESTERS[semester]) if semester else ""
        data = (
            xlsx_bytes(matrix, schools, label, unit.name if unit else "")
            if format == "xlsx"
            else csv_bytes(matrix, schools, view)
        )
        if output:
            with open(output, "wb") as handle:
                handle.write(data)
            self.stderr.write(f"Đã ghi {len(matrix.schools)} trường vào {output}.")
        else:
            sys.stdout.flush()
            self.stdout.write(data.decode("utf-8-sig"), ending="")
