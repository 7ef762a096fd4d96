from django.core.management.base import BaseCommand

from home.link_report import crawl


class Command(BaseCommand):
    help = (
        "Tải các trang công khai đã thay đổi từ lần quét trước (và trang chủ của các trường "
        "vừa sửa cài đặt), ghi lại mọi tên miền bên ngoài mà trang hiển thị. Chạy hằng tuần; "
        "báo cáo “Tên miền liên kết mới” trong trang quản trị đọc kết quả này."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--full",
            action="store_true",
            help="Tải lại mọi trang công khai, không chỉ trang mới sửa.",
        )

    def handle(self, *args, full=False, **options):
        result = crawl(full=full)
        run = result.crawl
        self.stdout.write(
            f"Đã tải {run.pages_rendered} trang trong {result.seconds:.1f} giây "
            f"({result.pages_per_second:.1f} trang/giây, "
            f"{'toàn bộ' if run.full else 'chỉ phần thay đổi'}); "
            f"{run.new_sightings} tên miền mới trên các trang."
        )
        for row in result.new:
            school = row.school.name if row.school else "Cổng phòng giáo dục"
            hidden = f" [ẨN: {row.hidden}]" if row.hidden else ""
            self.stdout.write(f"  {row.domain}\t{school}\t{row.page.title}{hidden}")
        for error in result.errors:
            self.stderr.write(f"Lỗi: {error}")
