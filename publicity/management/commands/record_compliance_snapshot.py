"""Store today's Công khai figures of every office (for the progress chart). Run daily;
running it twice the same day overwrites the same rows."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from publicity.summaries import record_snapshots


class Command(BaseCommand):
    help = "Ghi số liệu công khai trong ngày của mỗi đơn vị (biểu đồ tiến độ)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Ngày YYYY-MM-DD (mặc định: hôm nay).")
        parser.add_argument("--period", help="Năm học (mặc định: năm học của ngày đó).")

    def handle(self, *args, date=None, period=None, **options):
        try:
            day = datetime.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError(f"Ngày không hợp lệ: {date} (ví dụ đúng: 2026-01-15).") from None
        snapshots = record_snapshots(day, period)
        for s in snapshots:
            self.stdout.write(
                f"{s.day:%d/%m/%Y} đơn vị {s.office_id}: {s.schools} trường. {s.figures.text()}"
            )
