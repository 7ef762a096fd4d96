from django.core.management.base import BaseCommand, CommandError

from cms.demo.scale_data import create_scale_data


class Command(BaseCommand):
    help = "Tạo nhanh N trường giả lập với M tin bài mỗi trường (chỉ dùng để đo hiệu năng)."

    def add_arguments(self, parser):
        parser.add_argument("--schools", type=int, default=5000)
        parser.add_argument("--news", type=int, default=20)
        parser.add_argument(
            "--prefix",
            default="quy-mo",
            help="Tiền tố mã trường (mặc định quy-mo → quy-mo-1, quy-mo-2...).",
        )
        parser.add_argument("--port", type=int, default=None)

    def handle(self, *args, schools, news, prefix, port, **options):
        if schools < 0 or news < 0:
            raise CommandError("Số trường và số tin bài phải không âm.")
        create_scale_data(schools, news, prefix=prefix, port=port, stdout=self.stdout)
