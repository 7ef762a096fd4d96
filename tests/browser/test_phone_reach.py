"""On a phone (390 px Chromium): the sections outside the main menu are two taps from
the school home ("Mục khác", then the section); after sending a question the parent
sees the confirmation, not an empty form; the form's inputs are at least 44 px tall."""

import re

import pytest

from .conftest import phone_browser, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTH = 390


def assert_fits(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH + 1, f"scrolls sideways on a phone ({width} px)"


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Tuyển sinh", "tuyen-sinh"),
        ("Lịch công tác tuần", "lich-cong-tac"),
        ("Hỏi đáp – liên hệ", "hoi-dap"),
        ("Sự kiện", "su-kien"),
    ],
)
def test_a_section_outside_the_main_menu_is_two_taps_from_the_school_home(demo, name, slug):
    from playwright.sync_api import expect

    with phone_browser(width=WIDTH) as page:
        page.goto(demo["school_url"] + "/")
        nav = page.get_by_role("navigation", name="Điều hướng chính")
        link = nav.get_by_role("link", name=name, exact=True)
        expect(link).to_be_hidden()  # folded away until the group is opened
        nav.get_by_text("Mục khác").click()  # tap 1
        expect(link).to_be_in_viewport()
        assert_fits(page)
        screenshot(page, f"muc-khac-{slug}-390")
        link.click()  # tap 2
        page.wait_for_url(re.compile(rf"/{slug}/$"))
        assert page.get_by_role("heading", level=1).is_visible()


def test_after_sending_a_question_the_parent_sees_the_confirmation(demo):
    from playwright.sync_api import expect

    with phone_browser(width=WIDTH) as page:
        page.goto(demo["school_url"] + "/hoi-dap/")
        form = page.locator("form.visitor-form")
        for control in ("Họ và tên", "Điện thoại hoặc thư điện tử", "Nội dung"):
            box = form.get_by_label(control).bounding_box()
            assert box["height"] >= 44, f"{control}: {box['height']} px"
        box = form.get_by_role("button", name="Gửi").bounding_box()
        assert box["height"] >= 44
        box = form.locator("label.consent-label").bounding_box()
        assert box["height"] >= 44
        form.get_by_label("Họ và tên").fill("Trần Thị Hoa")
        form.get_by_label("Điện thoại hoặc thư điện tử").fill("0905 111 222")
        form.get_by_label("Nội dung").fill("Trường có xe đưa đón học sinh không ạ?")
        form.get_by_label("Tôi đồng ý", exact=False).check()
        page.wait_for_timeout(3500)  # the signed timestamp refuses instant posts
        form.get_by_role("button", name="Gửi").click()
        page.wait_for_url(re.compile(r"da-gui=1#da-gui$"))
        status = page.get_by_role("status")
        expect(status).to_contain_text("Câu hỏi đã được gửi")
        expect(status).to_be_in_viewport()  # on the screen, not above it
        assert page.locator("form.visitor-form").count() == 0  # no empty form to send again
        assert_fits(page)
        screenshot(page, "hoi-dap-xac-nhan-390")
        status.get_by_role("link", name="Gửi câu hỏi khác").click()
        expect(page.locator("form.visitor-form")).to_be_visible()


def test_documents_register_rows_fit_a_phone(demo):
    with phone_browser(width=WIDTH) as page:
        page.goto(demo["portal"] + "/van-ban/")
        rows = page.locator("table.register tbody tr")
        assert rows.count() >= 2
        for n in range(rows.count()):
            row = rows.nth(n)
            for part in ("register-number", "register-date", "register-title", "register-file"):
                assert row.locator(f".{part}").is_visible(), part
        assert_fits(page)
        screenshot(page, "van-ban-390")
