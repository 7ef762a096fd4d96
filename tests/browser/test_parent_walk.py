"""A parent on a phone: portal → school → news → attachment, search without accents,
keyboard only; and zero axe-core WCAG 2.2 AA violations on the main public pages."""

import re

import pytest

from .conftest import axe_violations, phone_browser, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_parent_walks_portal_to_school_news_and_attachment(demo):
    portal, school_url = demo["portal"], demo["school_url"]
    with phone_browser() as page:
        page.goto(portal + "/")
        viewport = page.locator('meta[name="viewport"]').get_attribute("content")
        assert viewport == "width=device-width, initial-scale=1"
        screenshot(page, "01-cong-phong")

        # The directory finds the school typed without accents.
        page.get_by_label("Tìm trường (gõ có dấu hoặc không dấu)").fill("kim dong")
        page.get_by_role("button", name="Tìm trường").click()
        page.wait_for_url(re.compile(r"/truong-hoc/\?q=kim\+dong"))
        screenshot(page, "02-danh-ba-truong")
        page.get_by_role("link", name="THCS Kim Đồng").click()
        page.wait_for_url(school_url + "/")
        assert page.locator(".brand-name").inner_text() == "THCS Kim Đồng"
        # The school's page says which office it belongs to and links back to the portal.
        assert page.locator(".office-link a").get_attribute("href") == portal
        screenshot(page, "03-trang-chu-truong")

        page.get_by_role("link", name="Hội thi giáo viên dạy giỏi cấp trường lần 1").click()
        page.wait_for_url(re.compile(r"/tin-tuc/.+/$"))
        assert page.get_by_role("heading", level=1).inner_text().startswith("Hội thi giáo viên")
        screenshot(page, "04-tin-bai")

        attachment = page.locator(".attachments a").first
        assert "PDF" in page.locator(".attachments li").first.inner_text()
        with page.expect_download() as download_info:
            attachment.click()
        download = download_info.value
        assert download.suggested_filename.endswith(".pdf")
        assert download.failure() is None


def test_search_without_accents_from_the_header(demo):
    with phone_browser() as page:
        page.goto(demo["school_url"] + "/")
        page.get_by_label("Tìm kiếm trên trang").fill("thong bao tuyen sinh")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/tim-kiem/\?q="))
        results = page.locator(".search-results")
        assert "Thông báo tuyển sinh lớp 6" in results.inner_text()
        screenshot(page, "05-tim-kiem")


def test_keyboard_only_visitor(demo):
    with phone_browser() as page:
        page.goto(demo["school_url"] + "/")
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent.trim()")
        assert focused == "Bỏ qua, đến nội dung chính"
        # The focused skip link is on screen and has a visible focus ring.
        box = page.locator(".skip-link").bounding_box()
        assert box["y"] >= 0
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "noi-dung"

        # From the top, Tab reaches the Công khai section and Enter opens it.
        page.goto(demo["school_url"] + "/")
        for _ in range(15):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.getAttribute('href')") == "/cong-khai/":
                break
        else:
            pytest.fail("Tab never reached the Công khai link")
        page.keyboard.press("Enter")
        page.wait_for_url(demo["school_url"] + "/cong-khai/")


PAGES = [
    ("cong-phong", "portal", "/"),
    ("trang-chu-truong", "school_url", "/"),
    ("tin-tuc", "school_url", "/tin-tuc/"),
    ("tin-bai", "school_url", None),
    ("gioi-thieu", "school_url", "/gioi-thieu/"),
    ("cong-khai", "school_url", "/cong-khai/"),
    ("truong-khong-co", "unknown_school", "/"),
    ("tim-kiem", "school_url", "/tim-kiem/?q=thong+bao"),
]


def test_no_axe_violations_on_public_pages(demo):
    from home.models import NewsPage

    news = NewsPage.objects.live().filter(title__contains="lần 1").first()
    news_path = "/tin-tuc/" + news.slug + "/"
    found = {}
    with phone_browser() as page:
        for name, base, path in PAGES:
            response = page.goto(demo[base] + (path or news_path))
            assert response.status == (404 if base == "unknown_school" else 200), name
            violations = axe_violations(page)
            if violations:
                found[name] = violations
            screenshot(page, f"axe-{name}")
    assert found == {}


def test_axe_is_not_blind(demo):
    """The checker itself finds a known fault, so "no violations" above means something."""
    with phone_browser() as page:
        page.goto(demo["school_url"] + "/gioi-thieu/")
        page.evaluate("document.querySelector('h1').style.color = '#f5f5f5'")
        ids = {violation["id"] for violation in axe_violations(page)}
        assert "color-contrast" in ids
