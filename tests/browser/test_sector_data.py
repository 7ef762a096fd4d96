"""On a phone (390 px): the principal downloads the sample export from Số liệu CSDL
ngành, uploads it, and sees the drafts it made; the screen fits the width."""

import pytest

from .conftest import CHROMIUM, CHROMIUM_ARGS, admin_log_in, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE_390 = {"width": 390, "height": 844}


def test_principal_imports_the_sample_export_on_a_phone(demo, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    from publicity.models import SectorDataImport
    from sites.roles import SchoolRole
    from tests.factories import enrol_second_factor, make_school_user

    school = demo["school"]
    principal = make_school_user(school, SchoolRole.PRINCIPAL, username="hieutruong-kimdong")
    key = enrol_second_factor(principal)[0].key
    admin_url = demo["school_url"] + "/quan-tri/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport=PHONE_390, locale="vi-VN", accept_downloads=True)
            page = context.new_page()
            page.set_default_timeout(20_000)
            admin_log_in(page, admin_url, "hieutruong-kimdong", "matkhau-thu-123", key)
            page.goto(admin_url + "cong-khai/so-lieu-nganh/")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE_390["width"], f"trang rộng {width}px > 390px"
            with page.expect_download() as download:
                page.get_by_role("link", name="Tải tệp mẫu để thử").click()
            sample = tmp_path / "mau.xlsx"
            download.value.save_as(sample)
            page.get_by_label("Tệp xuất từ cơ sở dữ liệu ngành (.xlsx)").set_input_files(
                str(sample)
            )
            page.get_by_role("button", name="Nhập số liệu").click()
            expect(page.locator("body")).to_contain_text("bản nháp công khai đang chờ")
            expect(page.locator("body")).to_contain_text("Tổng số học sinh theo từng khối lớp")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE_390["width"], f"trang rộng {width}px > 390px"
            screenshot(page, "so-lieu-nganh-390")
        finally:
            browser.close()
    assert SectorDataImport.objects.filter(school=school).count() == 2
