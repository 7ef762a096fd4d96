from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cms.schools.csv_import import SchoolCsvError, import_school_csv
from cms.schools.provisioning import ProvisioningError, resolve_office


class Command(BaseCommand):
    help = (
        "Nhập danh sách trường từ tệp CSV hoặc Excel (.xlsx) của đơn vị "
        "(cột Tên trường, Cấp học; tuỳ chọn mã trường, địa chỉ, điện thoại, email...)."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv_path", help="Đường dẫn tệp CSV (UTF-8) hoặc .xlsx")
        parser.add_argument(
            "--office",
            default=None,
            help="Tên miền cổng của đơn vị quản lý (bỏ trống khi bản cài chỉ có một đơn vị)",
        )
        parser.add_argument("--port", type=int, default=None, help="Cổng (chạy thử trên máy)")

    def handle(self, *args, **options):
        try:
            office = resolve_office(options["office"])
        except ProvisioningError as error:
            raise CommandError(str(error)) from None
        path = Path(options["csv_path"])
        try:
            data = path.read_bytes()
        except OSError:
            raise CommandError(_("Không mở được tệp %(path)s.") % {"path": path}) from None
        try:
            result = import_school_csv(office, data, port=options["port"])
        except SchoolCsvError as error:
            raise CommandError(
                _("Tệp có %(n)d dòng lỗi, chưa nhập trường nào:\n%(rows)s")
                % {"n": len(error.rows), "rows": str(error)}
            ) from None
        except ProvisioningError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("Đã tạo %(created)d trường mới; %(existing)d trường đã có từ trước.")
                % {"created": result.created, "existing": result.existing}
            )
        )
