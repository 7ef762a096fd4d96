import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form

import pytest

from home.photos.models import ListedPupil, SchoolClass
from home.photos.register import current_year
from sites.roles import SchoolRole
from tests.factories import make_school_user

from .pictures import face_photo, jpeg

PUPIL = "Trần Thị Bimật"  # a name that appears nowhere else, to look for leaks


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def principal(school):
    return make_school_user(school, SchoolRole.PRINCIPAL)


@pytest.fixture
def register(school):
    """6A1 with one listed pupil, 6A2 all consented (current school year)."""
    year = current_year()
    listed = SchoolClass.objects.create(school=school, school_year=year, name="6A1")
    clear = SchoolClass.objects.create(school=school, school_year=year, name="6A2")
    ListedPupil.objects.create(
        school=school,
        school_class=listed,
        name=PUPIL,
        status=ListedPupil.Status.WITHDRAWN,
        recorded_on=datetime.date.today(),
    )
    return listed, clear


def face_upload(name="IMG_0001.jpg"):
    return SimpleUploadedFile(name, jpeg(face_photo()), "image/jpeg")


def upload_image(user, school, upload, title="Ảnh lớp 6A1", scan=True):
    """Through the project's image form, as every upload view does; with `scan`, the face
    scan queued at commit runs too (the worker's part), else it is left pending."""
    form = get_image_form(get_image_model())(
        {"title": title, "collection": school.collection.pk}, {"file": upload}, user=user
    )
    assert form.is_valid(), form.errors
    with TestCase.captureOnCommitCallbacks(execute=scan):
        image = form.save(commit=False)
        image.uploaded_by_user = user
        image.save()
    return image
