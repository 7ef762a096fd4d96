from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sites.domains import (
    DomainError,
    instructions,
    request_school_hostnames,
    verify_school_hostnames,
)
from sites.models import HostnameProof, School, SchoolHostname


def _hostnames(school):
    aliases = school.hostnames.filter(reason=SchoolHostname.Reason.ALIAS)
    return school.site.hostname, set(aliases.values_list("hostname", flat=True))


class Command(BaseCommand):
    help = (
        "Đặt tên miền chính và các tên miền phụ (chuyển hướng 301) của một trường. Tên miền "
        "ngoài tên miền của đơn vị cần xác minh (DNS TXT hoặc tệp) trước; --kiem-tra chạy "
        "việc xác minh rồi áp dụng. Các --alias thay cho danh sách tên miền phụ hiện có."
    )

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="Mã trường")
        parser.add_argument("--main", required=True, help="Tên miền chính")
        parser.add_argument(
            "--alias", action="append", default=[], help="Tên miền phụ (lặp lại được)"
        )
        parser.add_argument(
            "--kiem-tra",
            dest="check",
            choices=HostnameProof.Method.values,
            default=None,
            help="Xác minh bằng bản ghi DNS TXT (dns) hoặc tệp (file) rồi áp dụng",
        )

    def handle(self, *args, **options):
        school = (
            School.objects.select_related("site", "office").filter(slug=options["school"]).first()
        )
        if school is None:
            raise CommandError(_("Không có trường mã “%(slug)s”.") % {"slug": options["school"]})
        before = _hostnames(school)
        main, aliases = options["main"], options["alias"]
        try:
            if options["check"]:
                verify_school_hostnames(school, main, aliases, options["check"])
            else:
                proofs = request_school_hostnames(school, main, aliases)
                if proofs:
                    steps = "\n".join(f"- {p.hostname}: {instructions(p)}" for p in proofs)
                    raise CommandError(
                        _(
                            "Chưa thay đổi gì: cần xác minh quyền quản lý tên miền.\n%(steps)s\n"
                            "Sau đó chạy lại lệnh với --kiem-tra dns (hoặc --kiem-tra file)."
                        )
                        % {"steps": steps}
                    )
        except DomainError as error:
            raise CommandError("\n".join(error.messages)) from None
        school.refresh_from_db()
        school.site.refresh_from_db()
        after = _hostnames(school)
        if after == before:
            self.stdout.write(
                _("Tên miền của %(school)s đã như vậy; không có gì thay đổi.")
                % {"school": school.name}
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                _("Đã đặt tên miền của %(school)s: %(main)s; tên miền phụ: %(aliases)s.")
                % {
                    "school": school.name,
                    "main": after[0],
                    "aliases": ", ".join(sorted(after[1])) or _("không có"),
                }
            )
        )
