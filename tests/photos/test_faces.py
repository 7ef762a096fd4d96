"""Faces are found offline in uploaded photos, and only where there are faces."""

import pytest

from home.photos.faces import detect_faces, detector_name
from home.photos.models import FaceScan

from .conftest import face_upload, upload_image
from .pictures import ASTRONAUT_FACE, astronaut, face_photo, no_face_pictures


def overlaps(box, expected, tolerance=0.3):
    (x, y, w, h), (ex, ey, ew, eh) = box, expected
    assert h > 0
    return (
        abs(x - ex) <= ew * tolerance
        and abs(y - ey) <= eh * tolerance
        and abs(w - ew) <= ew * tolerance
    )


def test_the_packaged_portrait_has_its_face_found_where_it_is():
    faces = detect_faces(astronaut())
    assert len(faces) == 1
    assert overlaps(faces[0], ASTRONAUT_FACE), faces


def test_a_class_photo_made_here_has_three_faces():
    assert len(detect_faces(face_photo())) == 3


def test_a_big_photo_is_scanned_at_a_reduced_size_with_boxes_in_its_own_pixels():
    big = face_photo((2560, 1920))
    faces = detect_faces(big)
    assert faces and all(x + w <= 2560 and y + h <= 1920 for x, y, w, h in faces)


@pytest.mark.parametrize("name", list(no_face_pictures()))
def test_pictures_without_people_have_no_face(name):
    assert detect_faces(no_face_pictures()[name]) == []


@pytest.mark.django_db
def test_an_upload_queues_its_scan_and_the_worker_stores_the_faces(school, editor):
    image = upload_image(editor, school, face_upload(), scan=False)
    assert not FaceScan.objects.filter(image=image).exists(), "the upload does not wait"
    image = upload_image(editor, school, face_upload())
    scan = FaceScan.objects.get(image=image)
    assert scan.face_count == 3
    assert scan.file_hash == image.file_hash
    assert scan.detector == detector_name() and "haarcascade" in scan.detector


@pytest.mark.django_db
def test_an_upload_without_faces_is_marked_as_such(school, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .pictures import jpeg

    image = upload_image(
        editor,
        school,
        SimpleUploadedFile("san-truong.jpg", jpeg(no_face_pictures()["sky"]), "image/jpeg"),
    )
    assert FaceScan.objects.get(image=image).faces == []


@pytest.mark.django_db
def test_a_photo_whose_scan_has_not_run_is_scanned_by_the_check(school, editor):
    from home.models import NewsGalleryPhoto
    from home.photos.models import PhotoConfirmation
    from home.photos.review import NEEDS_DECLARATION, check_version
    from tests.editing.helpers import draft_news

    image = upload_image(editor, school, face_upload(), scan=False)
    page = draft_news(school, editor)
    draft = page.get_latest_revision_as_object()
    draft.gallery_photos = [NewsGalleryPhoto(image=image)]
    draft.save_revision(user=editor)
    page = type(page).objects.get(pk=page.pk)
    shown = check_version(page, compute_missing=False)
    assert [f.pending for f in shown.findings] == [True]
    assert not FaceScan.objects.filter(image=image).exists()
    checked = check_version(page)  # what the submit/approve/publish guards run
    assert checked.needing(NEEDS_DECLARATION, PhotoConfirmation.Role.EDITOR)
    assert FaceScan.objects.get(image=image).face_count == 3
