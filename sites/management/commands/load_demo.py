from django.core.management.base import BaseCommand

from sites.demo import ADMIN_USERNAME, DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu mẫu: Sở GDĐT Đà Nẵng, hai phường giữ 34 trường của Hội An, một trường "
        "THPT trực thuộc Sở, tin bài có ảnh và tài khoản."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--domain", default="localhost")

    def handle(self, *args, port, domain, **options):
        so, schools, logins = load_demo(port=port, domain=domain, stdout=self.stdout)
        out = self.stdout.write
        out(self.style.SUCCESS("\nDữ liệu mẫu đã sẵn sàng.\n"))
        out(f"Trang quản trị:       http://{domain}:{port}/quan-tri/")
        out(f"  quản trị hệ thống:  {ADMIN_USERNAME} / {DEMO_PASSWORD}")
        current = None
        for office, role, username in logins:
            if office != current:
                current = office
                out(f"{office.name}: {office.portal_url}/")
            out(f"  {role.label}: {username} / {DEMO_PASSWORD}")
        out(f"Biên tập viên mỗi trường: tên đăng nhập = mã trường, mật khẩu {DEMO_PASSWORD}")
        out("Các trường:")
        for school in schools:
            out(
                f"  {school.base_url}/   ({school.name}; {school.office.name}; "
                f"biên tập viên: {school.slug})"
            )
