from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wagtail.contrib.redirects.models import Redirect

from cms.old_site.models import OldAddress
from cms.old_site.network import FetchRefused
from cms.old_site.runner import Importer, Limits, prepare_run, summary
from cms.old_site.wxr import WxrError, site_url
from home.slugs import parse_date
from sites.models import School


class Command(BaseCommand):
    help = (
        "Nhập trang web cũ của một trường: bài viết (kèm ngày đăng gốc, chuyên mục), ảnh, "
        "tệp đính kèm, và chuyển hướng 301 từ mọi địa chỉ cũ. Đọc trang web công khai "
        "(sơ đồ trang, RSS, các trang chuyên mục) hoặc tệp xuất WordPress (--wxr). Chạy lại "
        "an toàn: bài đã nhập được cập nhật, không nhân đôi; lượt bị gián đoạn được tiếp tục."
    )

    def add_arguments(self, parser):
        parser.add_argument("school", help="Mã trường")
        parser.add_argument("url", nargs="?", default="", help="Địa chỉ trang web cũ")
        parser.add_argument("--wxr", default="", help="Tệp xuất WordPress (Công cụ → Xuất)")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ báo cáo, không ghi gì")
        parser.add_argument(
            "--since", default="", help="Chỉ bài từ ngày (YYYY-MM-DD hoặc DD/MM/YYYY)"
        )
        parser.add_argument("--max-pages", type=int, default=5000, help="Số trang tối đa được đọc")
        parser.add_argument(
            "--rate", type=float, default=4.0, help="Số yêu cầu mỗi giây (mặc định 4)"
        )
        parser.add_argument("--concurrency", type=int, default=2, help="Số kết nối song song")
        parser.add_argument(
            "--fresh", action="store_true", help="Bắt đầu lượt mới thay vì tiếp tục lượt dở"
        )

    def handle(self, *args, **options):
        school = (
            School.objects.select_related("site", "office", "home_page")
            .filter(slug=options["school"])
            .first()
        )
        if school is None:
            raise CommandError(_("Không có trường mã “%(slug)s”.") % {"slug": options["school"]})
        if school.is_closed:
            raise CommandError(
                _("Trường “%(name)s” đã đóng; trang web của trường chỉ còn để lưu trữ.")
                % {"name": school.name}
            )
        url, wxr = options["url"].strip(), options["wxr"].strip()
        if not url and not wxr:
            url = school.legacy_url
        if wxr:
            try:
                url = url or site_url(wxr)
            except (OSError, WxrError) as error:
                raise CommandError(str(error)) from None
        if not url.startswith(("http://", "https://")):
            raise CommandError(_("Hãy cho địa chỉ trang web cũ (http:// hoặc https://)."))
        since = None
        if options["since"]:
            since = parse_date(options["since"])
            if since is None:
                raise CommandError(_("Ngày “%(d)s” không hợp lệ.") % {"d": options["since"]})
        limits = Limits(
            max_pages=options["max_pages"], rate=options["rate"], concurrency=options["concurrency"]
        )
        run, resumed = prepare_run(
            school,
            url,
            wxr_file=wxr,
            dry_run=options["dry_run"],
            since=since,
            max_pages=limits.max_pages,
            fresh=options["fresh"],
        )
        if resumed:
            self.stdout.write(_("Tiếp tục lượt nhập #%(id)d chưa xong.") % {"id": run.pk})
        elif not run.dry_run:
            run.save()
        verbose = options["verbosity"] > 1
        importer = Importer(run, limits=limits, out=self.stdout.write if verbose else None)
        try:
            importer.start(wxr_path=wxr or None)
        except (WxrError, FetchRefused) as error:
            raise CommandError(str(error)) from None
        title = _("Chạy thử (không ghi gì)") if run.dry_run else _("Đã nhập")
        self.stdout.write(f"{title}: {school.name} ← {url}")
        for label, number in summary(run):
            self.stdout.write(f"  {label}: {number}")
        if not run.dry_run:
            self._redirects(school, verbose)

    def _redirects(self, school, verbose):
        rows = OldAddress.objects.filter(school=school, redirect__isnull=False).select_related(
            "redirect"
        )
        self.stdout.write(_("Địa chỉ cũ chuyển hướng 301: %(n)d") % {"n": rows.count()})
        if verbose:
            for address in rows.order_by("old_url").iterator():
                redirect = address.redirect
                target = Redirect.objects.get(pk=redirect.pk).link
                self.stdout.write(f"  {address.old_url} → {target}")
