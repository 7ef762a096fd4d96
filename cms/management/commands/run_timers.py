from django.core.management.base import BaseCommand

from cms.ops.periodic import JOBS, run_due


class Command(BaseCommand):
    help = (
        "Xếp hàng các công việc định kỳ đã đến giờ (đăng bài hẹn giờ mỗi 5 phút, thư nhắc "
        "công khai sáng thứ Hai). Chạy mỗi 5 phút trên một máy chủ."
    )

    def handle(self, *args, **options):
        enqueued = run_due()
        for name in JOBS:
            state = "đã xếp hàng" if name in enqueued else "chưa đến giờ"
            self.stdout.write(f"{name}: {state}")
