"""Làm mờ khuôn mặt: the detected faces, or a rectangle drawn by hand, blurred into a new
file used everywhere the photo is; the original is no longer publicly reachable."""

import io

from django.core.files.storage import default_storage
from django.urls import reverse

from wagtail.images import get_image_model

import pytest
from PIL import Image, ImageChops, ImageStat

from home.photos.blur import blur_image
from home.photos.faces import detect_faces
from home.photos.models import (
    FaceScan,
    PhotoBlur,
    PhotoConfirmation,
    PhotoDeclaration,
    QuarantinedFile,
)
from home.photos.review import check_version

from .helpers import STEM, published_news_with_photo, quarantined

pytestmark = pytest.mark.django_db


def picture_of(image):
    with image.open_file() as handle:
        picture = Image.open(io.BytesIO(handle.read()))
        picture.load()
    return picture.convert("RGB")


def test_blurring_detected_faces_makes_a_new_file_and_hides_the_original(
    client, school, editor, register
):
    page, image = published_news_with_photo(school, editor)
    before = picture_of(image)
    old_files = [image.file.name] + [r.file.name for r in image.renditions.all()]
    faces = FaceScan.objects.get(image=image).faces
    assert len(faces) == 3
    client.force_login(editor)
    url = reverse("photos_blur", args=(image.pk,))
    form = client.get(url)
    assert form.status_code == 200 and 'name="faces"' in form.content.decode()
    response = client.post(url, {"faces": ["0", "1", "2"]})
    assert response.status_code == 302

    image = get_image_model().objects.get(pk=image.pk)
    assert image.file.name not in old_files and "lam-mo" in image.file.name
    after = picture_of(image)
    assert after.size == before.size
    # The faces changed, the rest of the photo did not.
    x, y, w, h = faces[0]
    diff = ImageChops.difference(before, after)
    assert ImageStat.Stat(diff.crop((x, y, x + w, y + h))).mean[0] > 10
    assert ImageStat.Stat(diff.crop((0, 0, 30, 30))).mean[0] < 3
    assert detect_faces(after) == [], "no face is left to find"
    assert FaceScan.objects.get(image=image).faces == []
    # The original: out of public storage, with every rendition made from it; kept private.
    assert not any(default_storage.exists(name) for name in old_files)
    kept = QuarantinedFile.objects.get(image_id=image.pk, reason="lam-mo")
    assert quarantined(kept.name)
    assert PhotoBlur.objects.get(image=image).original == kept
    # The page shows the new file at once (its cached copy is gone).
    html = client.get(page.url, HTTP_HOST=school.site.hostname).content.decode()
    assert f"{STEM}-lam-mo" in html
    assert not any(name.split("/")[-1] in html for name in old_files)


def test_a_rectangle_drawn_by_hand(client, school, editor):
    page, image = published_news_with_photo(school, editor)
    before = picture_of(image)
    client.force_login(editor)
    response = client.post(
        reverse("photos_blur", args=(image.pk,)), {"drawn": "[[600, 400, 200, 150]]"}
    )
    assert response.status_code == 302
    image = get_image_model().objects.get(pk=image.pk)
    # Re-encoding moves every pixel a little; what the blur changed moves a lot.
    diff = ImageChops.difference(before, picture_of(image)).convert("L")
    changed = diff.point(lambda value: 255 if value > 40 else 0)
    assert changed.getbbox() is not None
    left, top, right, bottom = changed.getbbox()
    assert left >= 540 and top >= 350 and right <= 860 and bottom <= 600  # padded only


def test_nothing_chosen_is_a_vietnamese_error(client, school, editor):
    _page, image = published_news_with_photo(school, editor)
    name = image.file.name
    client.force_login(editor)
    response = client.post(reverse("photos_blur", args=(image.pk,)), {"faces": []})
    assert response.status_code == 400
    assert "Hãy chọn ít nhất một khuôn mặt" in response.content.decode()
    assert get_image_model().objects.get(pk=image.pk).file.name == name


def test_a_blurred_photo_of_a_listed_class_needs_no_confirmation(school, editor, register):
    listed, _clear = register
    page, image = published_news_with_photo(school, editor)
    declaration = PhotoDeclaration.objects.create(image=image, kind="lop", declared_by=editor)
    declaration.classes.set([listed])
    assert check_version(page).blocks(PhotoConfirmation.Role.APPROVER)
    blur_image(image, FaceScan.objects.get(image=image).faces, editor)
    assert not check_version(page).blocks(PhotoConfirmation.Role.APPROVER)


def test_another_schools_editor_cannot_blur(client, school, editor, other_editor):
    _page, image = published_news_with_photo(school, editor)
    client.force_login(other_editor)
    assert client.get(reverse("photos_blur", args=(image.pk,))).status_code == 404
    assert (
        client.post(reverse("photos_blur", args=(image.pk,)), {"faces": ["0"]}).status_code == 404
    )
    assert not PhotoBlur.objects.exists()


def test_the_image_editor_offers_blurring(client, school, editor):
    _page, image = published_news_with_photo(school, editor)
    client.force_login(editor)
    html = client.get(reverse("wagtailimages:edit", args=(image.pk,))).content.decode()
    assert "Làm mờ khuôn mặt" in html and reverse("photos_blur", args=(image.pk,)) in html
