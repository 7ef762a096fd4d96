"""An editor on a 390 px phone types Vietnamese titles; the slug field shows the folded
slug before saving, and a slug a sibling has is replaced by the dated one."""

import datetime

from django.urls import reverse

import pytest

from tests.browser.conftest import admin_log_in, phone_browser, screenshot

from .helpers import draft_news, section

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_vietnamese_titles_give_folded_slugs_while_typing(live_server):
    from sites.roles import SchoolRole
    from tests.factories import enrol_second_factor, make_office, make_school, make_school_user

    school = make_school("THCS Kim Đồng", level="THCS", office=make_office())
    editor = make_school_user(school, SchoolRole.EDITOR, username="bientap")
    key = enrol_second_factor(editor)[0].key  # staff log in with a second factor
    draft_news(school, editor, title="Thông báo lịch họp", slug="thong-bao-lich-hop")
    index = section(school, "tin-tuc")
    admin = live_server.url + "/quan-tri/"
    add_url = live_server.url + reverse(
        "wagtailadmin_pages:add", args=("home", "newspage", index.pk)
    )

    with phone_browser(width=390) as page:
        admin_log_in(page, admin, "bientap", "matkhau-thu-123", key)
        title = page.locator('[name="title"]')
        slug = page.locator('input[name="slug"]')
        for typed, expected in [
            ("Học sinh được sách mùa đông", "hoc-sinh-duoc-sach-mua-dong"),
            ("Đề kiểm tra giữa kì – lớp 6", "de-kiem-tra-giua-ki-lop-6"),
            ("Thông báo lịch họp", "thong-bao-lich-hop"),
        ]:
            page.goto(add_url)  # a new page each time: Wagtail stops syncing an edited slug
            title.press_sequentially(typed, delay=5)
            page.wait_for_function(
                "([e, v]) => document.querySelector(e).value === v",
                arg=['input[name="slug"]', expected],
            )
            assert slug.input_value() == expected

        title.blur()  # leaving the title asks whether a sibling has the slug
        dated = f"thong-bao-lich-hop-{datetime.date.today():%d-%m-%Y}"
        page.wait_for_function(
            "([e, v]) => document.querySelector(e).value === v",
            arg=['input[name="slug"]', dated],
        )
        hint = page.locator(".truongso-slug-hint")
        assert "đã có trong mục này" in hint.text_content()
        screenshot(page, "editing-03-duong-dan-tieng-viet")
