"""Run daily (run_timers enqueues it): erase what the photos app keeps only for a while."""

from django.core.management.base import BaseCommand

from home.photos.tasks import erase_expired


class Command(BaseCommand):
    help = (
        "Xoá dữ liệu ảnh học sinh đã quá thời hạn lưu trữ: học sinh trong sổ đồng ý đã rời "
        "trường, ảnh gốc trong kho cách ly, thông tin người gửi yêu cầu gỡ ảnh."
    )

    def handle(self, *args, **options):
        pupils, originals, contacts = erase_expired()
        self.stdout.write(
            f"Đã xoá {pupils} học sinh khỏi sổ đồng ý, {originals} ảnh gốc cách ly, "
            f"thông tin người gửi của {contacts} yêu cầu gỡ ảnh."
        )
