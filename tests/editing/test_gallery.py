"""Many photos into a news gallery in one action; the public page shows the grid."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.models import PageViewRestriction

import pytest

from home.models import NewsPage

from .helpers import draft_news
from .test_uploads import phone_photo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def photos(count, size=(800, 600)):
    data = phone_photo(*size)
    return [SimpleUploadedFile(f"IMG_{n:04}.jpg", data, "image/jpeg") for n in range(count)]


def test_twenty_photos_in_one_post_become_a_draft_gallery(client, school, editor):
    from wagtail.images import get_image_model

    page = draft_news(school, editor, title="Hội khỏe Phù Đổng")
    client.force_login(editor)
    url = reverse("editing_gallery_add", args=(page.pk,))
    response = client.post(url, {"photos": photos(20)})
    assert response.status_code == 302
    draft = NewsPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    gallery = list(draft.gallery_photos.all())
    assert len(gallery) == 20
    assert [p.sort_order for p in gallery] == list(range(20))
    images = get_image_model().objects.all()
    assert images.count() == 20
    assert set(images.values_list("collection_id", flat=True)) == {school.collection_id}
    assert gallery[0].image.title == "Hội khỏe Phù Đổng – 1"
    # Appending again keeps the first twenty.
    client.post(url, {"photos": photos(2)})
    draft = NewsPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert len(draft.gallery_photos.all()) == 22


def test_a_bad_file_stores_nothing_and_says_which(client, school, editor):
    from wagtail.images import get_image_model

    page = draft_news(school, editor, title="Hội khỏe Phù Đổng")
    client.force_login(editor)
    bad = SimpleUploadedFile("ghi-chu.jpg", b"not a photo", "image/jpeg")
    response = client.post(
        reverse("editing_gallery_add", args=(page.pk,)), {"photos": [*photos(3), bad]}
    )
    assert response.status_code == 400
    assert "ghi-chu.jpg" in response.content.decode()
    assert get_image_model().objects.count() == 0


def test_other_schools_editor_cannot_add(client, school, editor, other_editor):
    page = draft_news(school, editor, title="Hội khỏe Phù Đổng")
    client.force_login(other_editor)
    response = client.post(reverse("editing_gallery_add", args=(page.pk,)), {"photos": photos(1)})
    assert response.status_code in (302, 403, 404)  # the admin guard answers 404
    assert not NewsPage.objects.get(pk=page.pk).get_latest_revision_as_object().gallery_photos.all()


def test_public_gallery_grid_is_lazy_with_srcset_and_links_without_js(client, school, editor):
    page = draft_news(school, editor, title="Hội khỏe Phù Đổng")
    client.force_login(editor)
    client.post(reverse("editing_gallery_add", args=(page.pk,)), {"photos": photos(3)})
    client.logout()
    NewsPage.objects.get(pk=page.pk).get_latest_revision().publish()
    page.refresh_from_db()
    response = client.get(page.get_url_parts()[2], HTTP_HOST=school.site.hostname)
    html = response.content.decode()
    assert html.count('loading="lazy"') >= 3
    assert "srcset=" in html
    assert html.count("data-full=") == 3
    assert "js/gallery" in html


def test_school_home_shows_a_photo_row_from_the_latest_gallery(client, school, editor):
    page = draft_news(school, editor, title="Hội khỏe Phù Đổng")
    client.force_login(editor)
    client.post(reverse("editing_gallery_add", args=(page.pk,)), {"photos": photos(8)})
    client.logout()
    NewsPage.objects.get(pk=page.pk).get_latest_revision().publish()
    html = client.get("/", HTTP_HOST=school.site.hostname).content.decode()
    row = html[
        html.index('class="photo-row"') : html.index("</ul>", html.index('class="photo-row"'))
    ]
    assert row.count("<picture>") == 6
    assert 'loading="lazy"' in row and "srcset=" in row
    assert "Xem bộ ảnh “Hội khỏe Phù Đổng”" in html


def test_school_home_leaves_out_the_gallery_of_a_restricted_news_item(client, school, editor):
    page = draft_news(school, editor, title="Hội khỏe Phù Đổng")
    client.force_login(editor)
    client.post(reverse("editing_gallery_add", args=(page.pk,)), {"photos": photos(2)})
    client.logout()
    NewsPage.objects.get(pk=page.pk).get_latest_revision().publish()
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="mat-khau-1"
    )
    html = client.get("/", HTTP_HOST=school.site.hostname).content.decode()
    assert 'class="photo-row"' not in html
    assert "Hội khỏe Phù Đổng" not in html
