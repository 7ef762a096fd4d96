from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cms.schools.provisioning import ProvisioningError, move_school, office_by_domain

from ._school_args import parse_day, school_by_code


class Command(BaseCommand):
    help = (
        "Chuyển một trường sang đơn vị khác: nội dung, người dùng, lịch sử và công khai "
        "giữ nguyên; địa chỉ cũ chuyển hướng 301 sang địa chỉ mới."
    )

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="Mã trường")
        parser.add_argument("--to-office", required=True, help="Tên miền cổng của đơn vị mới")
        parser.add_argument("--on", default=None, help="Ngày chuyển (YYYY-MM-DD), mặc định hôm nay")

    def handle(self, *args, **options):
        school = school_by_code(options["school"])
        on = parse_day(options["on"])
        try:
            office = office_by_domain(options["to_office"])
            old_url = school.base_url
            changed = move_school(school, office, on=on)
        except ProvisioningError as error:
            raise CommandError(str(error)) from None
        school.refresh_from_db()
        if not changed:
            self.stdout.write(
                _("%(school)s đã thuộc %(office)s; không có gì thay đổi.")
                % {"school": school.name, "office": office.name}
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                _("Đã chuyển %(school)s sang %(office)s: %(old)s → %(new)s (chuyển hướng 301).")
                % {
                    "school": school.name,
                    "office": office.name,
                    "old": old_url,
                    "new": school.base_url,
                }
            )
        )
