"""An editor on a phone (360 px Chromium) uploads a GPS-tagged photo through
Wagtail's multiple-upload page; what is stored carries no GPS. Also the help page."""

import io

import pytest

from tests.browser.conftest import phone_browser, screenshot

from .test_uploads import GPS_IFD, assert_no_metadata, phone_photo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def phone_editor(live_server, settings, tmp_path):
    from sites.roles import SchoolRole
    from tests.factories import make_office, make_school, make_school_user

    settings.MEDIA_ROOT = tmp_path / "media"
    school = make_school("THCS Kim Đồng", level="THCS", office=make_office())
    editor = make_school_user(school, SchoolRole.EDITOR, username="bientap")
    return {"school": school, "editor": editor, "admin": live_server.url + "/quan-tri/"}


def log_in(page, admin_url):
    page.goto(admin_url + "login/")
    page.fill('input[name="username"]', "bientap")
    page.fill('input[name="password"]', "matkhau-thu-123")
    page.locator('button[type="submit"]').first.click()
    page.wait_for_url(admin_url)


def test_phone_photo_upload_strips_gps(phone_editor, tmp_path):
    from wagtail.images import get_image_model

    from PIL import Image

    photo_path = tmp_path / "IMG_2041.jpg"
    photo_path.write_bytes(phone_photo())
    with Image.open(io.BytesIO(photo_path.read_bytes())) as original:
        assert original.getexif().get_ifd(GPS_IFD)

    with phone_browser() as page:
        log_in(page, phone_editor["admin"])
        page.goto(phone_editor["admin"] + "images/multiple/add/")
        page.set_input_files('input[type="file"]', str(photo_path))
        page.wait_for_selector(".upload-success, form.edit-form, [data-edit-form]",
                               timeout=30_000)
        screenshot(page, "editing-01-tai-anh-tu-dien-thoai")

    image = get_image_model().objects.get()
    assert image.collection_id == phone_editor["school"].collection_id
    assert max(image.width, image.height) == 2560
    assert_no_metadata(image.file.path)
    assert_no_metadata(image.get_rendition("width-800").file.path)


def test_help_page_on_a_phone(phone_editor):
    with phone_browser() as page:
        log_in(page, phone_editor["admin"])
        page.goto(phone_editor["admin"] + "huong-dan/")
        assert page.get_by_role("heading", name="5. Những gì không bao giờ được đăng").is_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360 + 1, "the help page must not scroll sideways on a phone"
        screenshot(page, "editing-02-huong-dan")
