"""On a phone (390 px Chromium): a principal's first login enrols an authenticator,
logs out, logs in again with password + code and sees the admin. And the public school
home breaks no rule of its Content-Security-Policy."""

import re
from base64 import b32decode

import pytest

from .conftest import CHROMIUM, CHROMIUM_ARGS, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTH = 390
PASSWORD = "matkhau-thu-123"

# Records every CSP violation the page reports, before any of its own scripts run.
WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
    window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sourceFile || ""));
});
"""


def code_for(secret, step_offset=0):
    """What the authenticator app shows (pure computation: no ORM inside Playwright)."""
    from django_otp.oath import totp

    return f"{totp(b32decode(secret), drift=step_offset):06d}"


class PhonePage:
    def __init__(self):
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self.browser = self._playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        context = self.browser.new_context(
            viewport={"width": WIDTH, "height": 844}, locale="vi-VN", is_mobile=True
        )
        context.add_init_script(WATCH_CSP)
        self.page = context.new_page()
        self.page.set_default_timeout(15_000)
        self.console = []
        self.page.on(
            "console",
            lambda message: (
                self.console.append(message.text) if message.type in ("error", "warning") else None
            ),
        )

    def csp_violations(self):
        reported = self.page.evaluate("window.__csp || []")
        in_console = [text for text in self.console if "Content Security Policy" in text]
        return reported + in_console

    def close(self):
        self.browser.close()
        self._playwright.stop()


@pytest.fixture
def phone():
    phone = PhonePage()
    try:
        yield phone
    finally:
        phone.close()


@pytest.fixture
def principal_account(live_server):
    from sites.roles import SchoolRole
    from tests.factories import make_office, make_school, make_school_user

    school = make_school("THCS Kim Đồng", level="THCS", office=make_office())
    make_school_user(school, SchoolRole.PRINCIPAL, username="hieutruong", password=PASSWORD)
    return live_server.url + "/quan-tri/"


def log_in_with_password(page, admin):
    page.goto(admin + "login/")
    page.fill('input[name="username"]', "hieutruong")
    page.fill('input[name="password"]', PASSWORD)
    page.locator('button[type="submit"]').first.click()


def assert_fits(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH + 1, f"scrolls sideways on a phone ({width} px)"


def test_enrol_then_log_in_with_code_on_a_phone(principal_account, phone):
    admin, page = principal_account, phone.page

    log_in_with_password(page, admin)
    page.wait_for_url(re.compile(r"/quan-tri/xac-thuc/thiet-lap/"))
    assert page.get_by_role("heading", name="Thiết lập xác thực hai bước").is_visible()
    qr = page.locator(".two-factor-qr svg")
    assert qr.is_visible()
    box = qr.bounding_box()
    assert box["width"] <= WIDTH and box["width"] >= 150, box  # scannable, and it fits
    assert_fits(page)
    screenshot(page, "accounts-01-thiet-lap-xac-thuc")
    secret = page.locator("[data-totp-secret]").get_attribute("data-totp-secret")
    shown = page.locator("[data-totp-secret]").inner_text()
    assert shown.replace(" ", "") == secret  # grouped for typing, same key

    page.get_by_label("Mã trong ứng dụng").fill(code_for(secret))
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_selector("[data-recovery-codes]")
    codes = page.locator("[data-recovery-codes] code").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-7]{8}", code) for code in codes)
    assert_fits(page)
    screenshot(page, "accounts-02-ma-du-phong")
    page.get_by_role("link", name="Đã cất mã, tiếp tục").click()
    page.wait_for_url(admin)
    assert page.locator("#wagtail-sidebar").count() == 1  # the admin itself
    assert_fits(page)

    # Log out the way a person does: the account menu in the sidebar.
    page.get_by_role("button", name="Ẩn/hiện thanh bên").click()
    page.locator("button.sidebar-footer__account").click()
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(re.compile(r"/quan-tri/login/"))
    page.goto(admin)
    page.wait_for_url(re.compile(r"/quan-tri/login/"))

    log_in_with_password(page, admin)
    page.wait_for_url(re.compile(r"/quan-tri/xac-thuc/\?next="))
    assert page.get_by_role("heading", name="Xác thực hai bước").is_visible()
    assert_fits(page)
    screenshot(page, "accounts-03-nhap-ma")
    # The code used to enrol is spent; the app's next one is accepted (a step ahead).
    page.get_by_label("Mã xác thực").fill(code_for(secret, step_offset=1))
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(admin)
    assert page.locator("#wagtail-sidebar").count() == 1
    assert_fits(page)
    screenshot(page, "accounts-04-trang-quan-tri")
    # The admin's looser policy is still one Wagtail works under.
    assert phone.csp_violations() == []


def test_public_school_home_has_no_csp_violation(demo, phone):
    page = phone.page
    for url in (demo["school_url"] + "/", demo["school_url"] + "/tin-tuc/", demo["portal"] + "/"):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        policy = page.evaluate(
            "() => fetch(location.href).then(r => r.headers.get('content-security-policy'))"
        )
        assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy
        assert phone.csp_violations() == [], url
    # The check can fail: a script the policy forbids is reported.
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = '1'; document.body.append(s); }"
    )
    page.wait_for_timeout(200)
    assert phone.csp_violations(), "violations are not being recorded"
