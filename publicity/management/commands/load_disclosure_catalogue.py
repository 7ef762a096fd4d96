from django.core.management.base import BaseCommand, CommandError

from publicity.catalogue import load_catalogue, read_fixture
from publicity.models import DisclosureCatalogue, DisclosureRequirement


class Command(BaseCommand):
    help = "Nạp danh mục công khai (Thông tư 09/2024) từ fixtures/; chạy lại không tạo trùng."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="Tệp JSON danh mục (mặc định: TT09/2024).")
        parser.add_argument(
            "--update",
            action="store_true",
            help="Ghi đè các mục đã có bằng nội dung trong tệp (mất chỉnh sửa của phòng).",
        )

    def handle(self, *args, path=None, update=False, **options):
        try:
            data = read_fixture(path)
        except (OSError, ValueError) as error:
            raise CommandError(f"Không đọc được tệp danh mục: {error}") from None
        created, updated = load_catalogue(
            data, DisclosureCatalogue, DisclosureRequirement, update=update
        )
        self.stdout.write(
            f"Danh mục {data['version']}: thêm {created} mục, cập nhật {updated} mục."
        )
