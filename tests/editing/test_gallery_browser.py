"""A phone (390 px): an editor adds 20 photos to a gallery in one action; a parent opens
the gallery full screen and swipes to the next photo."""

import pytest

from tests.browser.conftest import admin_log_in, axe_violations, phone_browser, screenshot

from .helpers import draft_news
from .test_uploads import phone_photo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_twenty_photos_in_one_action_then_full_screen_with_swipe(live_server, settings, tmp_path):
    from wagtail.models import Site

    from home.models import NewsPage
    from sites.roles import SchoolRole
    from tests.factories import enrol_second_factor, make_office, make_school, make_school_user

    settings.MEDIA_ROOT = tmp_path / "media"
    school = make_school("THCS Kim Đồng", level="THCS", office=make_office())
    editor = make_school_user(school, SchoolRole.EDITOR, username="bientap")
    key = enrol_second_factor(editor)[0].key  # staff log in with a second factor
    news = draft_news(school, editor, title="Hội khỏe Phù Đổng")
    port = int(live_server.url.rsplit(":", 1)[1])
    for site in Site.objects.all():
        site.port = port
        site.save()
    school.refresh_from_db()
    files = []
    for n in range(20):
        path = tmp_path / f"IMG_{n:04}.jpg"
        path.write_bytes(phone_photo(640, 480))
        files.append(str(path))
    admin = live_server.url + "/quan-tri/"

    with phone_browser(width=390) as page:
        admin_log_in(page, admin, "bientap", "matkhau-thu-123", key)
        page.goto(admin + f"bo-suu-tap/{news.pk}/them-anh/")
        page.set_input_files("#id_photos", files)
        page.get_by_role("button", name="Tải lên và thêm vào bộ sưu tập").click()
        page.wait_for_url(f"**/pages/{news.pk}/edit/", timeout=60_000)
        assert "Đã thêm 20 ảnh" in page.content()
        screenshot(page, "editing-04-them-20-anh")

    draft = NewsPage.objects.get(pk=news.pk).get_latest_revision_as_object()
    assert len(draft.gallery_photos.all()) == 20
    NewsPage.objects.get(pk=news.pk).get_latest_revision().publish()
    news.refresh_from_db()
    url = school.base_url + news.get_url_parts()[2]

    with phone_browser(width=390) as page:
        page.goto(url)
        assert page.locator(".photo-gallery a[data-full]").count() == 20
        assert page.evaluate("document.documentElement.scrollWidth") <= 391
        page.locator(".photo-gallery a[data-full]").nth(1).click()
        dialog = page.locator("dialog.lightbox")
        assert dialog.is_visible()
        assert dialog.locator(".lightbox-caption").text_content().startswith("2/20")
        box = dialog.bounding_box()
        assert box["width"] >= 389 and box["height"] >= 700  # full screen
        # Swipe left with a finger-like pointer: the next photo.
        page.mouse.move(300, 300)
        page.mouse.down()
        page.mouse.move(100, 300, steps=5)
        page.mouse.up()
        assert dialog.locator(".lightbox-caption").text_content().startswith("3/20")
        page.keyboard.press("ArrowLeft")
        assert dialog.locator(".lightbox-caption").text_content().startswith("2/20")
        screenshot(page, "public-05-bo-suu-tap-toan-man-hinh")
        page.keyboard.press("Escape")
        assert not dialog.is_visible()
        assert axe_violations(page) == []
