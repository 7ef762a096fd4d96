from django.core.management.base import BaseCommand, CommandError

from publicity.reminders import parse_day, send_reminders


class Command(BaseCommand):
    help = (
        "Gửi thư nhắc công khai: mỗi trường nhận danh sách mục quá hạn và sắp đến hạn; "
        "phòng giáo dục nhận bản tổng hợp."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Chỉ in ra, không gửi thư.")
        parser.add_argument("--as-of", dest="as_of", help="Tính đến ngày YYYY-MM-DD.")

    def handle(self, *args, dry_run=False, as_of=None, **options):
        try:
            today = parse_day(as_of)
        except ValueError:
            raise CommandError(f"Ngày không hợp lệ: {as_of} (ví dụ đúng: 2026-06-30).") from None
        messages = send_reminders(today, dry_run=dry_run)
        for subject, body, _sender, recipients in messages:
            if dry_run:
                self.stdout.write(f"--- {', '.join(recipients)}\n{subject}\n\n{body}\n")
        verb = "Sẽ gửi" if dry_run else "Đã gửi"
        self.stdout.write(f"{verb} {len(messages)} thư.")
