from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cms.schools.provisioning import ProvisioningError, add_school_user
from sites.invitations import local_time
from sites.models import School
from sites.roles import SchoolRole


class Command(BaseCommand):
    help = "Thêm một người dùng vào một vai trò của một trường."

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="Mã trường, ví dụ thcs-kim-dong")
        parser.add_argument(
            "--role", required=True, help="editor | teacher | group_head | principal"
        )
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", required=True)
        parser.add_argument(
            "--password",
            default=None,
            help="Bỏ trống (nên dùng): tài khoản mới nhận thư mời tự đặt mật khẩu",
        )

    def handle(self, *args, **options):
        school = School.objects.filter(slug=options["school"]).first()
        if school is None:
            raise CommandError(_("Không có trường mã “%(slug)s”.") % {"slug": options["school"]})
        if options["role"] not in SchoolRole.values:
            raise CommandError(
                _("Vai trò “%(role)s” không hợp lệ (dùng một trong: %(choices)s).")
                % {"role": options["role"], "choices": ", ".join(SchoolRole.values)}
            )
        try:
            user = add_school_user(
                school,
                options["role"],
                username=options["username"],
                email=options["email"],
                password=options["password"],
            )
        except ProvisioningError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("Đã thêm %(user)s làm %(role)s của %(school)s.")
                % {
                    "user": user.username,
                    "role": SchoolRole(options["role"]).label,
                    "school": school.name,
                }
            )
        )
        if user.invited_until:
            self.stdout.write(
                _("Đã gửi thư mời đặt mật khẩu tới %(email)s (hết hạn %(time)s).")
                % {"email": user.email, "time": local_time(user.invited_until)}
            )
