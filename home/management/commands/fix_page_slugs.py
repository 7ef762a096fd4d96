"""Fix page addresses saved before Vietnamese slugs: "hc-sinh-djc-sach" -> "hoc-sinh-duoc-sach"."""

from django.core.management.base import BaseCommand

from home.slugs import repair_garbled_slugs


class Command(BaseCommand):
    help = (
        "Đổi đường dẫn (slug) bị sai dấu của các trang thành dạng không dấu đúng tiếng Việt, "
        "sửa cả bản nháp đang chờ duyệt và giữ chuyển hướng từ địa chỉ cũ."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Chỉ liệt kê, không thay đổi gì."
        )

    def handle(self, *args, dry_run=False, **options):
        changes = repair_garbled_slugs(apply=not dry_run)
        for page, old, new, revisions in changes:
            self.stdout.write(
                f"{page.pk}\t{page.title}\t{old} -> {new}"
                + (f"\t({revisions} phiên bản)" if revisions else "")
            )
        verb = "Sẽ đổi" if dry_run else "Đã đổi"
        self.stdout.write(f"{verb} đường dẫn của {len(changes)} trang.")
