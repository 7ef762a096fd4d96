import datetime
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from publicity.export import VIEWS, csv_bytes, xlsx_bytes
from publicity.models import disclosure_year_of
from publicity.school_calendar import SEMESTERS
from publicity.semesters import semester_matrix
from sites.models import School
from sites.school_year import parse_school_year


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
        schools = list(School.objects.active().order_by("name"))
        matrix = semester_matrix(period, semester or "", today, schools)
        label = str(SEMESTERS[semester]) if semester else ""
        data = (
            xlsx_bytes(matrix, schools, label)
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
