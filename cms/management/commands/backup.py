from django.core.management.base import BaseCommand, CommandError

from cms.ops.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và toàn bộ tệp (ảnh, tài liệu) kèm mã kiểm tra vào một thư mục."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="Thư mục trống để ghi bản sao lưu.")

    def handle(self, *args, output, **options):
        try:
            manifest = create_backup(output)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Đã sao lưu vào {output}: cơ sở dữ liệu ({manifest['database']['vendor']}) và "
            f"{len(manifest['media'])} tệp."
        )
        if manifest["missing"]:
            self.stdout.write(f"Tệp bị xoá trong lúc sao lưu: {', '.join(manifest['missing'])}")
