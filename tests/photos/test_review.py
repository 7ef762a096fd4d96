"""The editor says who is in a photo with faces; photos of classes with pupils whose
parents have not consented are confirmed by the editor and by the approver (or blurred);
the approval dialog shows it all; the confirmations are kept with the revision and logged."""

from django.urls import reverse

from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import inline_formset

import pytest

from home.models import NewsGalleryPhoto, NewsPage
from home.photos.models import PhotoConfirmation, PhotoDeclaration
from home.photos.review import CONFIRMED_LOG_ACTION, DECLARED_LOG_ACTION, check_version
from tests.editing.helpers import draft_news, news_form_data, workflow_action

from .conftest import PUPIL, face_upload, upload_image

pytestmark = pytest.mark.django_db


def news_with_photo(school, editor, image, title="Lớp 6A1 trồng cây"):
    page = draft_news(school, editor, title=title)
    draft = page.get_latest_revision_as_object()
    draft.gallery_photos = [NewsGalleryPhoto(image=image, caption="Trồng cây")]
    draft.save_revision(user=editor)
    return NewsPage.objects.get(pk=page.pk)


def submit(client, page, image, **extra):
    data = news_form_data(
        title=page.title,
        slug=page.slug,
        gallery_photos=inline_formset([{"image": image.pk, "caption": "Trồng cây"}]),
    )
    return client.post(
        reverse("wagtailadmin_pages:edit", args=(page.pk,)), {**data, "action-submit": "1", **extra}
    )


def declare(client, page, image, kind, classes=(), confirm=False):
    data = {f"anh-{image.pk}-kind": kind, f"anh-{image.pk}-lop": [c.pk for c in classes]}
    if confirm:
        data[f"anh-{image.pk}-xac-nhan"] = "on"
    return client.post(reverse("photos_page", args=(page.pk,)), data)


@pytest.fixture
def photo(school, editor):
    return upload_image(editor, school, face_upload())


def test_a_photo_with_faces_is_declared_before_it_reaches_the_principal(
    client, school, editor, principal, register, photo
):
    page = news_with_photo(school, editor, photo)
    client.force_login(editor)
    response = submit(client, page, photo)
    assert response.status_code == 302
    assert response.url == reverse("photos_page", args=(page.pk,))
    page.refresh_from_db()
    assert page.current_workflow_state is None, "nothing reaches the principal yet"

    html = client.get(response.url).content.decode()
    assert "Tìm thấy 3 khuôn mặt" in html
    assert "6A1" in html and "6A2" in html
    assert "tất cả đã đồng ý" in html  # 6A2 lists nobody
    assert PUPIL not in html, "names show only once a class with them is declared"

    declare(client, page, photo, PhotoDeclaration.Kind.PUBLIC_EVENT)
    assert PhotoDeclaration.objects.get(image=photo).kind == "hoat-dong-cong-cong"
    assert PageLogEntry.objects.filter(page=page, action=DECLARED_LOG_ACTION).exists()
    submit(client, page, photo)
    page.refresh_from_db()
    assert page.current_workflow_state is not None


def test_listed_pupils_are_confirmed_by_editor_and_approver(
    client, school, editor, principal, register, photo
):
    listed, _clear = register
    page = news_with_photo(school, editor, photo)
    client.force_login(editor)
    declare(client, page, photo, PhotoDeclaration.Kind.CLASSES, [listed])
    html = client.get(reverse("photos_page", args=(page.pk,))).content.decode()
    assert PUPIL in html, "the editor sees the names of the class in the photo"
    assert f'name="anh-{photo.pk}-xac-nhan"' in html

    # Not confirmed yet: held.
    submit(client, page, photo)
    page.refresh_from_db()
    assert page.current_workflow_state is None

    declare(client, page, photo, PhotoDeclaration.Kind.CLASSES, [listed], confirm=True)
    mine = PhotoConfirmation.objects.get(page=page, image=photo)
    assert mine.role == PhotoConfirmation.Role.EDITOR and mine.user == editor
    assert mine.revision_id == page.get_latest_revision().pk
    assert mine.class_names == ["6A1"] and mine.listed_count == 1
    submit(client, page, photo)
    page.refresh_from_db()
    assert page.current_workflow_state is not None

    # The principal: no one-click approval; the dialog lists the photo and the names.
    client.force_login(principal)
    task = page.current_workflow_task.specific
    actions = task.get_actions(page, principal)
    assert ("approve", "Duyệt", False) not in [(a, str(label), m) for a, label, m in actions]
    modal_url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=(page.pk, "approve", page.current_workflow_task_state.pk),
    )
    modal = client.get(modal_url).json()["html"]
    assert PUPIL in modal and "photos_confirmed" in modal and "6A1" in modal

    # Approving without the photo confirmation sends the principal to the photos.
    response = workflow_action(client, page, "approve")
    assert response.url == reverse("photos_page", args=(page.pk,))
    assert not NewsPage.objects.get(pk=page.pk).live

    workflow_action(client, page, "approve", photos_confirmed="on")
    page = NewsPage.objects.get(pk=page.pk)
    assert page.live
    theirs = PhotoConfirmation.objects.get(page=page, role=PhotoConfirmation.Role.APPROVER)
    assert theirs.user == principal and theirs.revision_id == page.live_revision_id
    entries = PageLogEntry.objects.filter(page=page, action=CONFIRMED_LOG_ACTION)
    assert entries.count() == 2
    assert {e.user for e in entries} == {editor, principal}
    for entry in entries:
        assert PUPIL not in str(entry.data), "the audit log holds classes and counts, no names"
        assert entry.data["photos"][0]["classes"] == ["6A1"]


def test_a_class_with_nobody_listed_needs_no_confirmation(
    client, school, editor, principal, register, photo
):
    _listed, clear = register
    page = news_with_photo(school, editor, photo)
    client.force_login(editor)
    declare(client, page, photo, PhotoDeclaration.Kind.CLASSES, [clear])
    submit(client, page, photo)
    page.refresh_from_db()
    assert page.current_workflow_state is not None
    client.force_login(principal)
    workflow_action(client, page, "approve")
    assert NewsPage.objects.get(pk=page.pk).live


def test_changing_the_declaration_asks_again(client, school, editor, register, photo):
    listed, clear = register
    page = news_with_photo(school, editor, photo)
    client.force_login(editor)
    declare(client, page, photo, PhotoDeclaration.Kind.CLASSES, [listed], confirm=True)
    assert not check_version(page).blocks(PhotoConfirmation.Role.EDITOR)
    declare(client, page, photo, PhotoDeclaration.Kind.CLASSES, [listed, clear])
    assert check_version(page).blocks(PhotoConfirmation.Role.EDITOR)


def test_the_principal_cannot_publish_unchecked_photos(client, school, principal, register, photo):
    page = news_with_photo(school, principal, photo)
    client.force_login(principal)
    data = news_form_data(
        title=page.title,
        slug=page.slug,
        gallery_photos=inline_formset([{"image": photo.pk, "caption": "Trồng cây"}]),
    )
    url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    response = client.post(url, {**data, "action-publish": "1"})
    assert response.url == reverse("photos_page", args=(page.pk,))
    assert not NewsPage.objects.get(pk=page.pk).live
    listed, _clear = register
    declare(client, page, photo, PhotoDeclaration.Kind.CLASSES, [listed], confirm=True)
    assert PhotoConfirmation.objects.get(page=page).role == PhotoConfirmation.Role.APPROVER
    client.post(url, {**data, "action-publish": "1"})
    assert NewsPage.objects.get(pk=page.pk).live


def test_photos_without_faces_ask_nothing(client, school, editor, register):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .pictures import jpeg, no_face_pictures

    plain = upload_image(
        editor,
        school,
        SimpleUploadedFile("san.jpg", jpeg(no_face_pictures()["poster"]), "image/jpeg"),
    )
    page = news_with_photo(school, editor, plain)
    assert check_version(page).findings == []
    client.force_login(editor)
    submit(client, page, plain)
    page.refresh_from_db()
    assert page.current_workflow_state is not None


def test_many_photos_with_faces_lead_to_the_photo_check(
    client, school, editor, django_capture_on_commit_callbacks
):
    page = draft_news(school, editor, title="Khai giảng")
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):  # the worker scans after commit
        response = client.post(
            reverse("editing_gallery_add", args=(page.pk,)),
            {"photos": [face_upload(f"IMG_{n}.jpg") for n in range(3)]},
        )
    assert response.status_code == 302
    assert response.url.startswith(reverse("photos_page", args=(page.pk,)))
    html = client.get(response.url).content.decode()
    assert html.count("Tìm thấy 3 khuôn mặt") == 3
