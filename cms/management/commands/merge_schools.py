from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cms.schools.lifecycle import merge_schools
from cms.schools.provisioning import ProvisioningError

from ._school_args import parse_day, school_by_code


class Command(BaseCommand):
    help = (
        "Sáp nhập một hay nhiều trường vào một trường: trang, tin, công khai, tư liệu chuyển "
        "sang trường nhận; mọi địa chỉ cũ chuyển hướng 301; tài khoản chuyển sang (hoặc khoá)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--into", required=True, help="Mã trường nhận sáp nhập")
        parser.add_argument(
            "--school",
            required=True,
            action="append",
            help="Mã trường được sáp nhập (lặp lại được)",
        )
        parser.add_argument("--on", default=None, help="Từ ngày (YYYY-MM-DD), mặc định hôm nay")
        parser.add_argument(
            "--close-accounts",
            action="store_true",
            help="Khoá tài khoản của trường được sáp nhập thay vì chuyển sang trường nhận",
        )

    def handle(self, *args, **options):
        survivor = school_by_code(options["into"])
        merged = [school_by_code(code) for code in options["school"]]
        try:
            result = merge_schools(
                survivor,
                merged,
                on=parse_day(options["on"]),
                close_accounts=options["close_accounts"],
            )
        except ProvisioningError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Đã sáp nhập %(schools)s vào %(survivor)s: %(pages)d trang, %(images)d ảnh, "
                    "%(documents)d tài liệu; %(redirects)d đường dẫn đổi (chuyển hướng 301); "
                    "%(moved)d tài khoản chuyển sang, %(closed)d tài khoản khoá."
                )
                % {
                    "schools": ", ".join(s.name for s in merged),
                    "survivor": survivor.name,
                    "pages": result.pages,
                    "images": result.images,
                    "documents": result.documents,
                    "redirects": result.redirects,
                    "moved": result.accounts_moved,
                    "closed": result.accounts_closed,
                }
            )
        )
        for hostname in result.hostnames:
            self.stdout.write(
                _("%(old)s → %(new)s (301)") % {"old": hostname, "new": survivor.site.hostname}
            )
