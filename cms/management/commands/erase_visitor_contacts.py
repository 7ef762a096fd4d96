"""Run daily (cron / the tasks worker): erase visitors' contact details once the
retention time after the answer has passed (VISITOR_CONTACT_RETENTION_DAYS)."""

from django.core.management.base import BaseCommand

from home.visitors import VisitorMessage


class Command(BaseCommand):
    help = "Xoá thông tin liên hệ của người gửi câu hỏi, góp ý đã quá thời hạn lưu trữ."

    def handle(self, *args, **options):
        erased = VisitorMessage.erase_expired_contacts()
        self.stdout.write(f"Đã xoá thông tin liên hệ của {erased} câu hỏi, góp ý.")
