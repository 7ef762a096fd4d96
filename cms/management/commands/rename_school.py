from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cms.schools.lifecycle import plan_rename, rename_school
from cms.schools.provisioning import ProvisioningError

from ._school_args import parse_day, school_by_code


class Command(BaseCommand):
    help = (
        "Đổi tên và/hoặc cấp học của một trường, hoặc đổi mã trường (địa chỉ cũ chuyển "
        "hướng 301). Tên cũ vẫn tìm được; lịch sử được ghi lại."
    )

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="Mã trường hiện tại")
        parser.add_argument("--name", default=None, help="Tên mới")
        parser.add_argument("--level", default=None, help="Cấp học mới (MN, TH, THCS...)")
        parser.add_argument("--code", default=None, help="Mã trường mới (đổi cả địa chỉ)")
        parser.add_argument("--on", default=None, help="Từ ngày (YYYY-MM-DD), mặc định hôm nay")

    def handle(self, *args, **options):
        school = school_by_code(options["school"])
        on = parse_day(options["on"])
        changes = {key: options[key] for key in ("name", "level", "code")}
        try:
            lines = plan_rename(school, **changes)
            rename_school(school, on=on, **changes)
        except ProvisioningError as error:
            raise CommandError(str(error)) from None
        if not lines:
            self.stdout.write(_("%(school)s: không có gì thay đổi.") % {"school": school.name})
            return
        for what, before, after in lines:
            self.stdout.write(self.style.SUCCESS(f"{what}: {before} → {after}"))
