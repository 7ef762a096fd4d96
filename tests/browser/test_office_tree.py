"""Across the office tree, on a phone (390 px Chromium): a Sở notice reaching a ward
school and opening on the Sở's portal; a parent finding a ward school from the Sở's
portal without marks; a new staff member invited, setting a password and enrolling the
second factor at the first login; two schools merged and an old address followed."""

import re
from base64 import b32decode

from django.core import mail

import pytest

from .conftest import admin_log_in, phone_browser, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTH = 390
PASSWORD = "matkhau-thu-123"
SO_DOMAIN = "sogd.pgddthoian.test"  # the browser maps *.pgddthoian.test to 127.0.0.1
WARD_DOMAIN = f"hoian.{SO_DOMAIN}"


def assert_fits(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH + 1, f"scrolls sideways on a phone ({width} px)"


@pytest.fixture
def tree(live_server, settings):
    """The Sở, a ward with two schools, a school under the Sở; every Site on the live
    server's port; hosts checked as in production (aliases answer their 301)."""
    from wagtail.models import Site

    from sites.roles import OfficeRole
    from tests.factories import (
        NewsPageFactory,
        OfficeNewsPageFactory,
        enrol_second_factor,
        make_child_office,
        make_office,
        make_office_user,
        make_school,
    )

    settings.EXTRA_ALLOWED_HOSTS = ["localhost"]  # the admin on the live server's own host
    so = make_office("Sở Giáo dục và Đào tạo Đà Nẵng", SO_DOMAIN)
    ward = make_child_office(so, "UBND phường Hội An", WARD_DOMAIN)
    kim_dong = make_school("THCS Kim Đồng", office=ward)
    le_do = make_school("TH Lê Độ", level="TH", office=ward)
    make_school("THPT Trần Quý Cáp", level="THPT", office=so)
    news_index = so.site.root_page.get_children().get(slug="tin-tuc")
    notice = OfficeNewsPageFactory(
        parent=news_index,
        title="Thông báo nghỉ Tết Dương lịch toàn thành phố",
        for_all_schools=True,
    )
    le_do_news = NewsPageFactory.for_school(le_do, title="Ngày hội đọc sách của Lê Độ")
    admin = make_office_user(ward, OfficeRole.ADMINISTRATOR, username="quantri.hoian")
    device, _codes = enrol_second_factor(admin)
    port = int(live_server.url.rsplit(":", 1)[1])
    for site in Site.objects.all():
        site.port = port
        site.save()
    kim_dong.refresh_from_db()
    le_do.refresh_from_db()
    return {
        "admin_url": live_server.url + "/quan-tri/",
        "totp_key": device.key,
        "so": f"http://{SO_DOMAIN}:{port}",
        "so_name": so.name,
        "kim_dong": kim_dong.base_url,
        "kim_dong_pk": kim_dong.pk,
        "le_do_pk": le_do.pk,
        "le_do": le_do.base_url,
        "notice_slug": notice.slug,
        "le_do_news": le_do_news.slug,
    }


def test_a_so_notice_reaches_a_ward_school_and_opens(tree):
    with phone_browser(width=WIDTH) as page:
        page.goto(tree["kim_dong"] + "/")
        notices = page.locator('section[aria-labelledby="thong-bao"]')
        item = notices.locator("li", has_text="Thông báo nghỉ Tết Dương lịch toàn thành phố")
        assert item.count() == 1  # once
        assert tree["so_name"] in item.inner_text()  # named after the Sở, not the ward
        assert_fits(page)
        screenshot(page, "office-tree-01-thong-bao-cua-so")
        item.get_by_role("link").click()
        page.wait_for_url(f"{tree['so']}/tin-tuc/{tree['notice_slug']}/")
        heading = page.get_by_role("heading", level=1).inner_text()
        assert heading == "Thông báo nghỉ Tết Dương lịch toàn thành phố"
        assert_fits(page)
        screenshot(page, "office-tree-02-thong-bao-tren-cong-so")


def test_a_parent_finds_a_ward_school_from_the_so_portal_without_marks(tree):
    with phone_browser(width=WIDTH) as page:
        page.goto(tree["so"] + "/")
        page.get_by_label("Tìm trường (gõ có dấu hoặc không dấu)").fill("kimdong")
        page.get_by_role("button", name="Tìm trường").click()
        page.wait_for_url(re.compile(r"/truong-hoc/\?q=kimdong"))
        assert page.get_by_role("status").inner_text() == "Có 1 trường."
        assert_fits(page)
        screenshot(page, "office-tree-03-tim-truong-tu-cong-so")
        page.get_by_label("Tên trường (có dấu hoặc không dấu)").fill("kim dong")
        page.get_by_role("button", name="Lọc").click()
        page.wait_for_url(re.compile(r"q=kim\+dong"))
        page.get_by_role("link", name="THCS Kim Đồng").click()
        page.wait_for_url(tree["kim_dong"] + "/")
        assert page.locator(".brand-name").inner_text() == "THCS Kim Đồng"


def code_for(secret, step_offset=0):
    from django_otp.oath import totp

    return f"{totp(b32decode(secret), drift=step_offset):06d}"


def test_inviting_a_new_staff_member_and_their_first_login(tree):
    admin_url = tree["admin_url"]
    mail.outbox.clear()
    with phone_browser(width=WIDTH) as page:
        admin_log_in(page, admin_url, "quantri.hoian", PASSWORD, tree["totp_key"])
        page.goto(f"{admin_url}truong-hoc/{tree['kim_dong_pk']}/them-nguoi-dung/")
        page.get_by_label("Vai trò").select_option("editor")
        page.get_by_label("Tên đăng nhập").fill("bientap.kimdong")
        page.get_by_label("Thư điện tử").fill("lan@kimdong.example.test")
        page.get_by_label("Tên", exact=True).fill("Lan")
        assert page.locator('input[type="password"]').count() == 0  # nobody types it for them
        assert_fits(page)
        screenshot(page, "office-tree-04-them-nguoi-dung")
        page.get_by_role("button", name="Thêm người dùng").click()
        page.wait_for_url(re.compile(r"/quan-tri/truong-hoc/$"))
        assert "Đã gửi thư mời đặt mật khẩu tới lan@kimdong.example.test" in page.content()
        page.goto(admin_url + "tai-khoan/")
        waiting = page.locator("#chua-nhan-loi-moi")
        assert "bientap.kimdong" in waiting.inner_text()

    [message] = mail.outbox
    assert "Biên tập viên – THCS Kim Đồng" in message.subject
    link = re.search(r"http://\S+/quan-tri/loi-moi/\S+/", message.body).group(0)
    assert link.startswith(f"http://{WARD_DOMAIN}:")

    with phone_browser(width=WIDTH) as page:  # the invited person, on their own phone
        page.goto(link)
        page.fill('input[name="new_password1"]', "Hoa-phuong-do-2026")
        page.fill('input[name="new_password2"]', "Hoa-phuong-do-2026")
        assert_fits(page)
        screenshot(page, "office-tree-05-dat-mat-khau")
        page.get_by_role("button", name="Đặt mật khẩu").click()
        page.wait_for_url(re.compile(r"/quan-tri/login/"))
        page.fill('input[name="username"]', "bientap.kimdong")
        page.fill('input[name="password"]', "Hoa-phuong-do-2026")
        page.locator('button[type="submit"]').first.click()
        page.wait_for_url(re.compile(r"/quan-tri/xac-thuc/thiet-lap/"))
        secret = page.locator("[data-totp-secret]").get_attribute("data-totp-secret")
        assert_fits(page)
        screenshot(page, "office-tree-06-thiet-lap-xac-thuc")
        page.get_by_label("Mã trong ứng dụng").fill(code_for(secret))
        page.get_by_role("button", name="Xác nhận").click()
        page.wait_for_selector("[data-recovery-codes]")
        page.get_by_role("link", name="Đã cất mã, tiếp tục").click()
        page.wait_for_url(re.compile(r"/quan-tri/$"))
        assert page.locator("#wagtail-sidebar").count() == 1
        # The link worked once.
        page.goto(link)
        assert "đã hết hạn hoặc đã được dùng" in page.content()


def test_merging_two_schools_and_following_an_old_url(tree):
    admin_url = tree["admin_url"]
    with phone_browser(width=WIDTH) as page:
        admin_log_in(page, admin_url, "quantri.hoian", PASSWORD, tree["totp_key"])
        page.goto(f"{admin_url}truong-hoc/{tree['kim_dong_pk']}/sap-nhap/")
        page.get_by_label("Các trường sáp nhập vào trường này").select_option(str(tree["le_do_pk"]))
        page.get_by_role("button", name="Xem trước thay đổi").click()
        page.wait_for_selector("#sap-nhap-dia-chi")
        addresses = page.locator("#sap-nhap-dia-chi").inner_text()
        assert "th-le-do." in addresses and "thcs-kim-dong." in addresses
        assert_fits(page)
        screenshot(page, "office-tree-07-xac-nhan-sap-nhap")
        page.get_by_role("button", name="Xác nhận thay đổi").click()
        page.wait_for_url(re.compile(r"/quan-tri/truong-hoc/$"))
        assert "Đã sáp nhập TH Lê Độ vào THCS Kim Đồng" in page.content()

        # A link someone kept to the merged school's news.
        old = f"{tree['le_do']}/tin-tuc/{tree['le_do_news']}/"
        response = page.goto(old)
        assert response.request.redirected_from is not None
        assert response.request.redirected_from.url == old
        redirect = response.request.redirected_from.response()
        assert redirect.status == 301
        assert page.url == f"{tree['kim_dong']}/tin-tuc/{tree['le_do_news']}/"
        assert page.get_by_role("heading", level=1).inner_text() == "Ngày hội đọc sách của Lê Độ"
        assert page.locator(".brand-name").inner_text() == "THCS Kim Đồng"
        assert_fits(page)
        screenshot(page, "office-tree-08-dia-chi-cu-sau-sap-nhap")
