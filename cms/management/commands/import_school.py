from django.core.management.base import BaseCommand, CommandError

from cms.schools.export import SchoolExportError, import_school
from cms.schools.provisioning import ProvisioningError


class Command(BaseCommand):
    help = (
        "Nhập một trường từ tệp ZIP (manage.py export_school) vào đơn vị có tên miền đã cho; "
        "người dùng được nhập nhận thư mời đặt mật khẩu."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Tệp ZIP đã xuất.")
        parser.add_argument("--office", required=True, help="Tên miền của đơn vị nhận trường.")
        parser.add_argument(
            "--no-invitations", action="store_true", help="Không gửi thư mời đặt mật khẩu."
        )

    def handle(self, *args, archive, office, no_invitations=False, **options):
        try:
            school, users = import_school(archive, office, send_invitations=not no_invitations)
        except (SchoolExportError, ProvisioningError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Đã nhập {school.name} ({school.site.root_url}) với {len(users)} người dùng."
        )
