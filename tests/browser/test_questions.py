"""A parent sends a question from a phone (390 px); the school's editor answers it in
the admin; the answer shows on the public Q&A list without the parent's details."""

import re

import pytest

from .conftest import CHROMIUM, CHROMIUM_ARGS, admin_log_in, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE_390 = {"width": 390, "height": 844}


def test_parent_sends_a_question_and_the_editor_answers_it(demo):
    from playwright.sync_api import expect, sync_playwright

    from home.visitors import VisitorMessage
    from sites.roles import SchoolRole
    from tests.factories import enrol_second_factor, make_school_user

    school = demo["school"]
    editor = make_school_user(school, SchoolRole.EDITOR, username="bientap-kimdong")
    key = enrol_second_factor(editor)[0].key  # staff log in with a second factor
    question = "Con tôi vào lớp 6, xin hỏi có học bán trú không? Xem https://lua-dao.example"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            parent = browser.new_context(viewport=PHONE_390, locale="vi-VN").new_page()
            parent.goto(demo["school_url"] + "/hoi-dap/")
            width = parent.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE_390["width"], f"trang rộng {width}px > 390px"
            parent.get_by_label("Họ và tên").fill("Trần Thị Hoa")
            parent.get_by_label("Điện thoại hoặc thư điện tử").fill("0905 111 222")
            parent.get_by_label("Nội dung").fill(question)
            parent.get_by_label("Tôi đồng ý", exact=False).check()
            parent.wait_for_timeout(3500)  # the signed timestamp refuses instant posts
            parent.get_by_role("button", name="Gửi").click()
            expect(parent.get_by_role("status")).to_contain_text("Câu hỏi đã được gửi")
            assert "lua-dao" not in parent.content()  # not public before the answer
            screenshot(parent, "hoi-dap-da-gui-390")

            admin = browser.new_context(viewport=PHONE_390, locale="vi-VN").new_page()
            admin_log_in(
                admin, demo["school_url"] + "/quan-tri/", editor.username, "matkhau-thu-123", key
            )
            admin.goto(demo["school_url"] + "/quan-tri/hoi-dap/")
            admin.get_by_role("link", name=re.compile("Con tôi vào lớp 6")).click()
            expect(admin.locator("body")).to_contain_text("0905 111 222")
            admin.locator("textarea[name=answer]").fill("Có, nhà trường tổ chức bán trú.")
            admin.locator("select[name=status]").select_option("cong-khai")
            admin.get_by_role("button", name=re.compile(r"^Lưu")).first.click()
            admin.wait_for_url(re.compile(r"/quan-tri/hoi-dap/$"))
            screenshot(admin, "hoi-dap-quan-tri-390")

            # A fresh visit: the browser itself may keep the page for max-age (60 s).
            parent = browser.new_context(viewport=PHONE_390, locale="vi-VN").new_page()
            parent.goto(demo["school_url"] + "/hoi-dap/")
            answered = parent.locator("article.qa")
            expect(answered).to_contain_text("Có, nhà trường tổ chức bán trú.")
            expect(answered).to_contain_text("https://lua-dao.example")
            assert answered.locator("a").count() == 0  # the visitor's link is text
            assert "0905 111 222" not in parent.content()
        finally:
            browser.close()
    assert VisitorMessage.objects.get().status == VisitorMessage.Status.PUBLISHED
