import io

from django.core.management.base import BaseCommand

import qrcode

from cms.demo.content import ADMIN_USERNAME, DEMO_PASSWORD, enrol_demo_accounts, load_demo


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu mẫu: Sở GDĐT Đà Nẵng, hai phường giữ 34 trường của Hội An, một trường "
        "THPT trực thuộc Sở, tin bài có ảnh và tài khoản."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--domain", default="localhost")

    def handle(self, *args, port, domain, **options):
        so, schools, staff, logins = load_demo(port=port, domain=domain, stdout=self.stdout)
        usernames = [
            ADMIN_USERNAME,
            *(username for _office, _role, username in logins),
            *(school.slug for school in schools),
            *(username for _school, _role, username in staff),
        ]
        secret, url, codes = enrol_demo_accounts(usernames)
        out = self.stdout.write
        out(self.style.SUCCESS("\nDữ liệu mẫu đã sẵn sàng.\n"))
        out(f"Trang quản trị:       http://{domain}:{port}/quan-tri/")
        out("Xác thực hai bước: mọi tài khoản mẫu đã có sẵn ứng dụng xác thực, dùng chung khoá")
        out(f"  {secret}")
        out("  (thêm vào Google Authenticator/FreeOTP bằng khoá trên hoặc quét mã QR dưới đây;")
        out("  không có điện thoại thì dùng mã dự phòng in cạnh mỗi tài khoản, mỗi mã một lần)")
        qr = qrcode.QRCode(border=1)
        qr.add_data(url)
        picture = io.StringIO()
        qr.print_ascii(out=picture, invert=True)
        out(picture.getvalue())
        out(
            f"  quản trị hệ thống:  {ADMIN_USERNAME} / {DEMO_PASSWORD}   "
            f"mã dự phòng {codes.get(ADMIN_USERNAME, '')}"
        )
        current = None
        for office, role, username in logins:
            if office != current:
                current = office
                out(f"{office.name}: {office.portal_url}/")
            out(
                f"  {role.label}: {username} / {DEMO_PASSWORD}   mã dự phòng {codes.get(username, '')}"
            )
        out(f"Biên tập viên mỗi trường: tên đăng nhập = mã trường, mật khẩu {DEMO_PASSWORD}")
        for school, role, username in staff:
            out(
                f"  {role.label} {school.name}: {username} / {DEMO_PASSWORD}   "
                f"mã dự phòng {codes.get(username, '')}"
            )
        out("Các trường:")
        for school in schools:
            out(
                f"  {school.base_url}/   ({school.name}; {school.office.name}; "
                f"biên tập viên: {school.slug}, mã dự phòng {codes.get(school.slug, '')})"
            )
        out(
            "Trang web cũ: nhập thử một trang web cũ mẫu (phục vụ ngay trên máy này) vào "
            f"{schools[0].name}:"
        )
        out(f"  python manage.py demo_old_site {schools[0].slug}")
        out(
            "Số liệu CSDL ngành: đăng nhập hiệu trưởng (hieutruong.<mã trường>), mục “Số liệu "
            "CSDL ngành”, “Tải tệp mẫu để thử”, rồi tải tệp đó lên: các mục công khai về "
            "học sinh và đội ngũ thành bản nháp."
        )
