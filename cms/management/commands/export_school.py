from django.core.management.base import BaseCommand, CommandError

from cms.schools.export import export_school
from sites.models import School


class Command(BaseCommand):
    help = (
        "Xuất toàn bộ dữ liệu của một trường (trang, các phiên bản, nhật ký, ảnh, tài liệu, "
        "cấu hình, người dùng không kèm mật khẩu) ra một tệp ZIP."
    )

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="Mã trường (slug).")
        parser.add_argument("--output", required=True, help="Tệp ZIP sẽ ghi.")

    def handle(self, *args, school, output, **options):
        found = School.objects.filter(slug=school).first()
        if found is None:
            raise CommandError(f"Không có trường nào có mã {school}.")
        manifest = export_school(found, output)
        counts = manifest["counts"]
        self.stdout.write(
            f"Đã xuất {found.name} vào {output}: {counts['pages']} trang, {counts['images']} ảnh, "
            f"{counts['documents']} tài liệu, {counts['users']} người dùng."
        )
