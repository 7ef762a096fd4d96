"""On a phone (390 px): a parent asks the school to take a photo of their child down; the
principal removes it in one click from the request; the page no longer shows it."""

import re

import pytest

from .conftest import CHROMIUM, CHROMIUM_ARGS, admin_log_in, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE_390 = {"width": 390, "height": 844}


def test_parent_files_a_takedown_and_the_principal_removes_the_photo(demo, settings, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    from home.photos.models import TakedownRequest
    from sites.roles import SchoolRole
    from tests.factories import enrol_second_factor, make_school_user
    from tests.photos.helpers import STEM, published_news_with_photo

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    school = demo["school"]
    editor = make_school_user(school, SchoolRole.EDITOR, username="bientap-kimdong")
    principal = make_school_user(school, SchoolRole.PRINCIPAL, username="hieutruong-kimdong")
    key = enrol_second_factor(principal)[0].key
    page, _image = published_news_with_photo(school, editor, title="Lễ khai giảng 2026")
    news_url = demo["school_url"] + "/" + page.url_path.split("/", 2)[2]
    photo = f'img[src*="{STEM}"], source[srcset*="{STEM}"]'
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            parent = browser.new_context(viewport=PHONE_390, locale="vi-VN").new_page()
            parent.goto(news_url)
            assert parent.locator(photo).count() > 0
            parent.get_by_role("link", name="Yêu cầu gỡ hình ảnh, thông tin của học sinh").click()
            parent.wait_for_url(re.compile(r"/yeu-cau-go-anh/$"))
            width = parent.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE_390["width"], f"trang rộng {width}px > 390px"
            parent.get_by_label("Địa chỉ trang có hình ảnh hoặc thông tin").fill(news_url)
            parent.get_by_label("Hình ảnh, thông tin nào cần gỡ").fill(
                "Ảnh khai giảng có con tôi (lớp 6A1) đứng đầu hàng."
            )
            parent.get_by_label("Họ và tên phụ huynh (hoặc học sinh)").fill("Trần Thị Hoa")
            parent.get_by_label("Điện thoại hoặc thư điện tử").fill("hoa@example.test")
            parent.get_by_label("Tôi đồng ý", exact=False).check()
            parent.wait_for_timeout(3500)  # the signed timestamp refuses instant posts
            parent.get_by_role("button", name="Gửi yêu cầu").click()
            expect(parent.get_by_role("status")).to_contain_text("đã nhận yêu cầu")
            screenshot(parent, "go-anh-da-gui-390")

            admin = browser.new_context(viewport=PHONE_390, locale="vi-VN").new_page()
            admin_log_in(
                admin,
                demo["school_url"] + "/quan-tri/",
                principal.username,
                "matkhau-thu-123",
                key,
            )
            expect(admin.locator("#yeu-cau-go-anh-panel")).to_contain_text("hạn")
            admin.goto(demo["school_url"] + "/quan-tri/anh-hoc-sinh/yeu-cau-go-anh/")
            admin.get_by_role("link", name=re.compile(r"^#\d+")).first.click()
            expect(admin.locator("#yeu-cau")).to_contain_text("đứng đầu hàng")
            screenshot(admin, "go-anh-yeu-cau-390")
            admin.get_by_role("button", name="Gỡ ảnh này").first.click()
            expect(admin.locator("body")).to_contain_text("Đã gỡ ảnh khỏi")
            screenshot(admin, "go-anh-da-go-390")

            parent = browser.new_context(viewport=PHONE_390, locale="vi-VN").new_page()
            parent.goto(news_url)
            expect(parent.locator("h1")).to_contain_text("Lễ khai giảng 2026")
            assert parent.locator(photo).count() == 0
            screenshot(parent, "go-anh-trang-da-go-390")
        finally:
            browser.close()
    case = TakedownRequest.objects.get()
    assert case.status == TakedownRequest.Status.TAKEN_DOWN and case.requester_told_at
