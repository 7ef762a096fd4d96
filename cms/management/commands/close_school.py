from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cms.schools.lifecycle import close_school
from cms.schools.provisioning import ProvisioningError

from ._school_args import parse_day, school_by_code


class Command(BaseCommand):
    help = (
        "Cho một trường ngừng hoạt động: trang web giữ lại để tra cứu (có thông báo), công "
        "khai giữ đủ 5 năm, tài khoản của trường bị khoá."
    )

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="Mã trường")
        parser.add_argument("--on", default=None, help="Từ ngày (YYYY-MM-DD), mặc định hôm nay")
        parser.add_argument("--reason", default="", help="Lý do (quyết định số...)")

    def handle(self, *args, **options):
        school = school_by_code(options["school"])
        try:
            closed = close_school(school, on=parse_day(options["on"]), reason=options["reason"])
        except ProvisioningError as error:
            raise CommandError(str(error)) from None
        school.refresh_from_db()
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(school)s ngừng hoạt động từ %(day)s; trang web %(url)s giữ để tra cứu; "
                    "%(n)d tài khoản đã khoá."
                )
                % {
                    "school": school.name,
                    "day": school.closed_on.strftime("%d/%m/%Y"),
                    "url": school.base_url,
                    "n": closed,
                }
            )
        )
