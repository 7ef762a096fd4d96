"""Real-browser tests: Debian's chromium driven by Playwright against pytest-django's
live_server. Every school host (*.pgddthoian.test) resolves to 127.0.0.1 inside the
browser; sites are moved to the live server's port so links between them work."""

import contextlib
import shutil
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
AXE = Path(__file__).with_name("vendor") / "axe.min.js"
PHONE = {"width": 360, "height": 780}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP *.pgddthoian.test 127.0.0.1, MAP pgddthoian.test 127.0.0.1",
]


def pytest_collection_modifyitems(items):
    if shutil.which(CHROMIUM) is None:
        skip = pytest.mark.skip(
            reason=f"{CHROMIUM} không có: cài bằng `apt-get install -y chromium` để chạy thử trên trình duyệt"
        )
        for item in items:
            if "browser" in item.keywords:
                item.add_marker(skip)


@contextlib.contextmanager
def phone_browser(width=PHONE["width"]):
    """A Chromium page at phone width (360 px). Started inside the test, after the data
    is made: Playwright's sync API runs an event loop that Django's ORM refuses to share."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(
                viewport={**PHONE, "width": width}, locale="vi-VN", accept_downloads=True
            )
            page = context.new_page()
            page.set_default_timeout(15_000)
            yield page
        finally:
            browser.close()


def screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def axe_violations(page):
    """axe-core (vendored, pinned) with the WCAG 2.2 AA rule tags."""
    # Evaluated through DevTools, not injected as an inline <script>: the public pages'
    # Content-Security-Policy (rightly) refuses inline scripts.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate(
        """async () => {
            const result = await axe.run(document, {runOnly: {type: "tag", values:
                ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}});
            return {passes: result.passes.length,
                violations: result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(" ") + " :: " + n.failureSummary)}))};
        }"""
    )
    assert result["passes"] > 10, "axe-core did not run its rules"
    return result["violations"]


@pytest.fixture
def demo(live_server, transactional_db):
    """The office portal and a school with real content, served on the live server's port."""
    from wagtail.models import Site

    from tests.factories import NewsPageFactory, make_office, make_school
    from tests.home.conftest import fill_portal, fill_school

    office = make_office()
    school = make_school("THCS Kim Đồng", level="THCS", office=office)
    other = make_school("TH Lê Độ", level="TH", office=office)
    fill_school(school)
    fill_portal(office)
    NewsPageFactory.for_school(other, title="Ngày hội đọc sách của trường Lê Độ")
    port = int(live_server.url.rsplit(":", 1)[1])
    for site in Site.objects.all():
        site.port = port
        site.save()  # School.base_url follows (sites.signals)
    school.refresh_from_db()
    office.refresh_from_db()
    return {
        "office": office,
        "school": school,
        "port": port,
        "portal": f"http://{office.domain}:{port}",
        "school_url": school.base_url,
        "unknown_school": f"http://khong-co-truong.{office.domain}:{port}",
    }


def admin_log_in(page, admin_url, username, password, totp_key):
    """Password, then the code from the account's authenticator (tests.factories
    .enrol_second_factor gives the device; pass device.key, computed without the ORM)."""
    from tests.factories import totp_code

    page.goto(admin_url + "login/")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', password)
    page.locator('button[type="submit"]').first.click()
    page.wait_for_url(lambda url: "/xac-thuc/" in url)
    page.fill('input[name="code"]', totp_code(totp_key))
    page.locator('button[type="submit"]').first.click()
    page.wait_for_url(admin_url)
