from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cms.schools.provisioning import ProvisioningError, add_office_user, office_by_domain
from sites.invitations import local_time
from sites.roles import OfficeRole

ROLES = {"administrator": OfficeRole.ADMINISTRATOR, "inspector": OfficeRole.INSPECTOR}


class Command(BaseCommand):
    help = "Thêm cán bộ (quản trị viên hoặc chuyên viên kiểm tra) cho một đơn vị."

    def add_arguments(self, parser):
        parser.add_argument("--office", required=True, help="Tên miền cổng của đơn vị")
        parser.add_argument("--role", required=True, help="administrator | inspector")
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", required=True)
        parser.add_argument(
            "--password",
            default=None,
            help="Bỏ trống (nên dùng): tài khoản mới nhận thư mời tự đặt mật khẩu",
        )

    def handle(self, *args, **options):
        role = ROLES.get(options["role"])
        if role is None:
            raise CommandError(
                _("Vai trò “%(role)s” không hợp lệ (dùng administrator hoặc inspector).")
                % {"role": options["role"]}
            )
        try:
            office = office_by_domain(options["office"])
            user = add_office_user(
                office,
                role,
                username=options["username"],
                email=options["email"],
                password=options["password"],
            )
        except ProvisioningError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("Đã thêm %(user)s làm %(role)s của %(office)s.")
                % {"user": user.username, "role": role.label, "office": office.name}
            )
        )
        if user.invited_until:
            self.stdout.write(
                _("Đã gửi thư mời đặt mật khẩu tới %(email)s (hết hạn %(time)s).")
                % {"email": user.email, "time": local_time(user.invited_until)}
            )
