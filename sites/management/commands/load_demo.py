from django.core.management.base import BaseCommand

from sites.demo import ADMIN_USERNAME, DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu: Phòng GDĐT Hội An, 34 trường, tin bài có ảnh và tài khoản."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--domain", default="localhost")

    def handle(self, *args, port, domain, **options):
        office, schools, staff = load_demo(port=port, domain=domain, stdout=self.stdout)
        base = f"http://{domain}:{port}"
        out = self.stdout.write
        out(self.style.SUCCESS("\nDữ liệu mẫu đã sẵn sàng.\n"))
        out(f"Cổng phòng giáo dục:  {base}/")
        out(f"Trang quản trị:       {base}/quan-tri/")
        out(f"  quản trị hệ thống:  {ADMIN_USERNAME} / {DEMO_PASSWORD}")
        out(f"  quản trị phòng GD:  phonggd / {DEMO_PASSWORD}")
        out(f"  chuyên viên kiểm tra: kiemtra / {DEMO_PASSWORD}")
        out(f"Biên tập viên mỗi trường: tên đăng nhập = mã trường, mật khẩu {DEMO_PASSWORD}")
        for school, role, username in staff:
            out(f"  {role.label} {school.name}: {username} / {DEMO_PASSWORD}")
        out("Các trường:")
        for school in schools:
            out(f"  {school.base_url}/   ({school.name}; biên tập viên: {school.slug})")
