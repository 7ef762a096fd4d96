"""The preview Wagtail draws right after choosing a phone photo is the right way up
(a portrait photo stored landscape with EXIF orientation 6 previews as portrait)."""

import pytest

from tests.browser.conftest import admin_log_in, phone_browser

from .test_uploads import phone_photo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_preview_after_upload_is_upright(live_server, settings, tmp_path):
    from sites.roles import SchoolRole
    from tests.factories import enrol_second_factor, make_office, make_school, make_school_user

    settings.MEDIA_ROOT = tmp_path / "media"
    school = make_school("THCS Kim Đồng", level="THCS", office=make_office())
    editor = make_school_user(school, SchoolRole.EDITOR, username="bientap")
    key = enrol_second_factor(editor)[0].key  # staff log in with a second factor
    photo = tmp_path / "IMG_0001.jpg"
    photo.write_bytes(phone_photo(1200, 900, orientation=6))  # portrait when shown
    admin = live_server.url + "/quan-tri/"
    with phone_browser(width=390) as page:
        admin_log_in(page, admin, "bientap", "matkhau-thu-123", key)
        page.goto(admin + "images/multiple/add/")
        page.set_input_files('input[type="file"]', str(photo))
        preview = page.locator(
            "#upload-list .preview .thumb canvas, #upload-list .preview .thumb img"
        )
        preview.first.wait_for(timeout=30_000)
        size = preview.first.evaluate(
            "e => [e.naturalWidth || e.width, e.naturalHeight || e.height]"
        )
        assert size[1] > size[0], f"preview {size} is lying on its side"
