"""What `add_office_user` and `add_school_user` share: one person into one role of an
office or a school, through cms.schools.provisioning, its refusals as command errors."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cms.schools.provisioning import ProvisioningError
from sites.invitations import local_time


class AddPersonCommand(BaseCommand):
    place_option = ""  # "--office" or "--school"
    place_help = ""
    role_help = ""

    def add_arguments(self, parser):
        parser.add_argument(self.place_option, required=True, help=self.place_help)
        parser.add_argument("--role", required=True, help=self.role_help)
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", required=True)
        parser.add_argument(
            "--password",
            default=None,
            help="Bỏ trống (nên dùng): tài khoản mới nhận thư mời tự đặt mật khẩu",
        )

    def place(self, value):
        """The office or school named on the command line (or CommandError)."""
        raise NotImplementedError

    def role(self, value):
        """The role named on the command line (or CommandError)."""
        raise NotImplementedError

    def add(self, place, role, **person):
        raise NotImplementedError

    def handle(self, *args, **options):
        try:
            place = self.place(options[self.place_option.lstrip("-")])
            role = self.role(options["role"])
            user = self.add(
                place,
                role,
                username=options["username"],
                email=options["email"],
                password=options["password"],
            )
        except ProvisioningError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("Đã thêm %(user)s làm %(role)s của %(place)s.")
                % {"user": user.username, "role": role.label, "place": place.name}
            )
        )
        if user.invited_until:
            self.stdout.write(
                _("Đã gửi thư mời đặt mật khẩu tới %(email)s (hết hạn %(time)s).")
                % {"email": user.email, "time": local_time(user.invited_until)}
            )
