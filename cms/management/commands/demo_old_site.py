from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cms.old_site.models import OldAddress
from cms.old_site.network import SiteFetcher
from cms.old_site.runner import Importer, Limits, prepare_run, summary
from cms.old_site.sample import SampleServer, SampleSite
from sites.models import School


class Command(BaseCommand):
    help = (
        "Demo: phục vụ một trang web cũ mẫu (kiểu WordPress) ngay trên máy này rồi nhập nó "
        "vào một trường mẫu, như văn phòng làm với trang cũ thật của trường. Chạy lại an toàn."
    )

    def add_arguments(self, parser):
        parser.add_argument("school", help="Mã trường")
        parser.add_argument("--articles", type=int, default=30)
        parser.add_argument("--images", type=int, default=45)

    def handle(self, *args, **options):
        school = (
            School.objects.select_related("site", "office").filter(slug=options["school"]).first()
        )
        if school is None:
            raise CommandError(_("Không có trường mã “%(slug)s”.") % {"slug": options["school"]})
        sample = SampleSite(articles=options["articles"], images=options["images"])
        with SampleServer(sample) as server:
            self.stdout.write(_("Trang web cũ mẫu đang chạy tại %(url)s") % {"url": server.url})
            # The sample's old address keeps its port: a second demo run is a new "site".
            run, _resumed = prepare_run(school, server.url, max_pages=500, fresh=True)
            run.save()
            fetcher = SiteFetcher(server.url, rate=0, **server.fetcher_options())
            Importer(run, fetcher=fetcher, limits=Limits(max_pages=500, rate=0)).start()
        for label, number in summary(run):
            self.stdout.write(f"  {label}: {number}")
        self.stdout.write(
            _("Xem tin đã nhập: %(url)s/tin-tuc/  ·  báo cáo: trang quản trị → Nhập trang web cũ")
            % {"url": school.base_url}
        )
        example = OldAddress.objects.filter(
            school=school, redirect__isnull=False, item__isnull=False
        ).first()
        if example is not None:
            path = example.redirect.old_path
            self.stdout.write(
                _("Địa chỉ cũ vẫn dùng được, ví dụ %(old)s%(path)s → 301 về trang mới.")
                % {"old": school.base_url, "path": path}
            )
