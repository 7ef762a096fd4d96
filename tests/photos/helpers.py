"""A published news item that shows one photo everywhere a photo can be: lead image, a
body image block, the gallery, and a later draft that still has it."""

import json
import time

from django.core import signing
from django.core.files.storage import default_storage, storages

from home.forms import TOKEN_SALT
from home.models import NewsGalleryPhoto, NewsPage
from tests.factories import NewsPageFactory

from .conftest import face_upload, upload_image

STEM = "IMG_GOANH"


def published_news_with_photo(school, user, title="Lễ khai giảng năm học mới"):
    image = upload_image(user, school, face_upload(f"{STEM}.jpg"), title="Khai giảng")
    body = json.dumps(
        [
            {"type": "paragraph", "value": "<p>Sáng nay trường khai giảng.</p>"},
            {
                "type": "image",
                "value": {
                    "image": {"image": image.pk, "alt_text": "", "decorative": True},
                    "caption": "Học sinh dự lễ",
                },
            },
        ]
    )
    page = NewsPageFactory.for_school(school, title=title, lead_image=image, body=body)
    page.gallery_photos = [NewsGalleryPhoto(image=image, caption="Chào cờ")]
    page.save_revision(user=user).publish()
    # A later draft (not published) that still carries the photo.
    draft = NewsPage.objects.get(pk=page.pk)
    draft.summary = "Bản nháp sửa tóm tắt."
    draft.save_revision(user=user)
    return NewsPage.objects.get(pk=page.pk), image


def stored(name, storage=None):
    return (storage or default_storage).exists(name)


def quarantined(name):
    return storages["quarantine"].exists(name)


def old_token(key, seconds=10):
    """A form token made `seconds` ago (the form refuses one younger than 3 s)."""
    return signing.dumps({"page": key, "at": time.time() - seconds}, salt=TOKEN_SALT)
