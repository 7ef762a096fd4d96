"""manage.py import_sector_data <school-code> <file> [--dry-run] [--nam-hoc 2026-2027]
[--chap-nhan-bo-dong]: an office that collects the schools' exports imports one. The
dry run prints the counts that would be stored and changes nothing. The file given is
the office's own copy and is left where it is; only counts reach the database."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sites.models import School
from sites.school_year import parse_school_year

from ...periods import disclosure_year_of
from ...sector_data.reading import ExportError
from ...sector_data.service import import_export


class Command(BaseCommand):
    help = "Nhập số liệu tổng hợp từ tệp xuất của CSDL ngành cho một trường."

    def add_arguments(self, parser):
        parser.add_argument("school", help="mã trường (slug)")
        parser.add_argument("file", help="tệp .xlsx")
        parser.add_argument("--dry-run", action="store_true", help="chỉ in, không lưu")
        parser.add_argument("--nam-hoc", dest="school_year", default="")
        parser.add_argument(
            "--chap-nhan-bo-dong",
            dest="accept_skipped",
            action="store_true",
            help="nhập phần còn lại khi có dòng không đọc được",
        )

    def handle(self, *args, **options):
        school = School.objects.filter(slug=options["school"]).first()
        if school is None:
            raise CommandError(f"Không có trường mã “{options['school']}”.")
        school_year = options["school_year"] or disclosure_year_of(timezone.localdate())
        try:
            parse_school_year(school_year)
            outcome = import_export(
                school,
                options["file"],
                file_name=options["file"],
                school_year=school_year,
                accept_skipped=options["accept_skipped"],
                dry_run=options["dry_run"],
            )
        except (ExportError, ValueError, FileNotFoundError) as error:
            raise CommandError(str(error)) from None
        result = outcome.result
        if outcome.is_empty:
            raise CommandError("Không tìm thấy danh sách học sinh hay cán bộ trong tệp.")
        for kind in result.kinds:
            self.stdout.write(
                f"{school.name} – {school_year} – {kind}: {result.rows_read[kind]} dòng"
            )
            for table in outcome.tables.get(kind, []):
                self.stdout.write(f"  {table.code}: {table.caption}")
                for row in table.cell_rows():
                    self.stdout.write("    " + " | ".join(row))
        for problem in result.problems:
            self.stdout.write(str(problem))
        if options["dry_run"]:
            self.stdout.write("Chạy thử: không lưu gì.")
        elif not outcome.stored:
            raise CommandError(
                f"{result.problem_count} dòng không đọc được: không lưu gì "
                "(dùng --chap-nhan-bo-dong để nhập phần còn lại)."
            )
        else:
            drafts = sum(len(record.versions) for record in outcome.stored)
            self.stdout.write(self.style.SUCCESS(f"Đã lưu; {drafts} bản nháp công khai."))
