from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cms.schools.provisioning import ProvisioningError, provision_office


class Command(BaseCommand):
    help = "Tạo (hoặc cập nhật) phòng giáo dục và cổng thông tin của phòng."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="Tên đơn vị")
        parser.add_argument(
            "--domain", required=True, help="Tên miền cổng, ví dụ pgddthoian.edu.vn"
        )
        parser.add_argument(
            "--parent",
            default=None,
            help="Tên miền cổng của đơn vị cấp trên (ví dụ sogddanang.edu.vn)",
        )
        parser.add_argument("--port", type=int, default=None, help="Cổng (chạy thử trên máy)")
        parser.add_argument("--address", default="")
        parser.add_argument("--phone", default="")
        parser.add_argument("--email", default="")

    def handle(self, *args, **options):
        try:
            office = provision_office(
                options["name"],
                options["domain"],
                parent=options["parent"] or None,
                address=options["address"],
                phone=options["phone"],
                email=options["email"],
                port=options["port"],
            )
        except ProvisioningError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("Đã sẵn sàng: %(name)s tại %(url)s")
                % {"name": office.name, "url": office.portal_url}
            )
        )
