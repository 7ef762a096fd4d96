"""The admin on a phone (360 px Chromium): page titles in the listing stay readable (not
one syllable per line); the footer's action menu closes when an approval dialog opens."""

import re

import pytest

from .conftest import admin_log_in, phone_browser, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LONG_TITLE = "Thông báo tổ chức hội thi giáo viên dạy giỏi cấp trường năm học 2026 – 2027"


@pytest.fixture
def awaiting(live_server):
    """A principal (with the second factor) and a news page an editor sent for approval."""
    from sites.roles import SchoolRole
    from tests.editing.helpers import draft_news, section
    from tests.factories import enrol_second_factor, make_office, make_school, make_school_user

    school = make_school("THCS Kim Đồng", level="THCS", office=make_office())
    editor = make_school_user(school, SchoolRole.EDITOR, username="bientap")
    principal = make_school_user(school, SchoolRole.PRINCIPAL, username="hieutruong")
    device, _codes = enrol_second_factor(principal)
    page = draft_news(school, editor, title=LONG_TITLE)
    page.get_workflow().start(page, editor)
    return {
        "admin": live_server.url + "/quan-tri/",
        "key": device.key,
        "page_id": page.pk,
        "index_id": section(school, "tin-tuc").pk,
    }


def test_listing_titles_stay_readable_at_360(awaiting):
    with phone_browser() as page:
        admin_log_in(page, awaiting["admin"], "hieutruong", "matkhau-thu-123", awaiting["key"])
        page.goto(awaiting["admin"] + f"pages/{awaiting['index_id']}/")
        link = page.get_by_role("link", name=re.compile("Thông báo tổ chức hội thi"))
        box = link.first.bounding_box()
        screenshot(page, "quan-tri-danh-sach-trang-360")
        assert box["width"] >= 160, f"title squeezed to {box['width']} px"


def test_footer_menu_closes_when_the_approval_dialog_opens(awaiting):
    from playwright.sync_api import expect

    with phone_browser() as page:
        admin_log_in(page, awaiting["admin"], "hieutruong", "matkhau-thu-123", awaiting["key"])
        page.goto(awaiting["admin"] + f"pages/{awaiting['page_id']}/edit/")
        footer = page.locator("footer.footer")
        footer.locator(".w-dropdown__toggle").click()
        item = footer.get_by_role("button", name=re.compile("Duyệt kèm nhận xét"))
        expect(item).to_be_visible()
        item.click()
        dialog = page.locator(".modal-dialog, [role=dialog]:visible").first
        expect(dialog).to_be_visible()
        expect(item).to_be_hidden()  # the menu closed; the dialog is not covered
        screenshot(page, "quan-tri-hop-thoai-duyet-360")
