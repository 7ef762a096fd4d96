from django.core.management.base import BaseCommand, CommandError

from cms.ops.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Khôi phục một bản sao lưu (manage.py backup) vào bản cài trống."

    def add_arguments(self, parser):
        parser.add_argument("backup_dir", help="Thư mục bản sao lưu.")
        parser.add_argument(
            "--force", action="store_true", help="Ghi đè cả khi bản cài đã có dữ liệu."
        )

    def handle(self, *args, backup_dir, force=False, **options):
        try:
            manifest = restore_backup(backup_dir, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Đã khôi phục cơ sở dữ liệu và {len(manifest['media'])} tệp.")
