"""A closed school's site is a read-only archive (issue 22): besides its pages, its media
(images, documents in its collection) and its site settings stay as they were for its
own staff and the office; only a superuser still changes them."""

import datetime

from django.urls import reverse

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.permissions import policy_registry

import pytest

from cms.schools.lifecycle import close_school
from sites.models import SchoolSettings
from sites.roles import OfficeRole, SchoolRole
from tests.factories import DocumentFactory, ImageFactory, make_office_user, make_school_user

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 8, 1)
SETTINGS_POST = {"primary_colour": "#ff0000", "motto": "Sửa sau khi đóng", "quick_links-count": "0"}


@pytest.fixture
def archive(province):
    """Ward B's school, closed, with an image, a document and a sub-collection; its
    editor and principal accounts re-opened (a closed school's accounts are closed, but an
    account may be re-activated for another reason: the archive must not depend on it)."""
    _so, _ward_a, ward_b, schools = province
    school = schools["b1"]
    editor = make_school_user(school, SchoolRole.EDITOR)
    principal = make_school_user(school, SchoolRole.PRINCIPAL)
    album = school.collection.add_child(name="Album lễ khai giảng")
    image = ImageFactory(title="Ảnh lưu trữ", collection=school.collection)
    album_image = ImageFactory(title="Ảnh album lưu trữ", collection=album)
    document = DocumentFactory(title="Kế hoạch lưu trữ", collection=school.collection)
    close_school(school, on=DAY)
    for user in (editor, principal):
        user.is_active = True
        user.save(update_fields=["is_active"])
    admin = make_office_user(ward_b, OfficeRole.ADMINISTRATOR)
    return school, editor, principal, admin, image, album_image, document


def _people(archive):
    _school, editor, principal, admin, *_rest = archive
    return {"editor": editor, "principal": principal, "office_admin": admin}


@pytest.mark.parametrize("who", ["editor", "principal", "office_admin"])
def test_the_policies_refuse_every_change_to_an_archives_media(archive, who):
    school, *_people_, image, album_image, document = archive
    user = _people(archive)[who]
    images = policy_registry.get_by_type(Image)
    documents = policy_registry.get_by_type(Document)
    for item, policy in ((image, images), (album_image, images), (document, documents)):
        for action in ("change", "delete"):
            assert not policy.user_has_permission_for_instance(user, action, item)
        # Still there to read and choose (the public site serves them).
        assert policy.user_has_permission_for_instance(user, "choose", item)
    editable = images.instances_user_has_any_permission_for(user, ["change", "delete"])
    assert not editable.filter(pk__in=[image.pk, album_image.pk]).exists()
    upload_to = images.collections_user_has_permission_for(user, "add")
    assert not upload_to.filter(pk__in=[school.collection_id, album_image.collection_id]).exists()


@pytest.mark.parametrize("who", ["editor", "principal", "office_admin"])
def test_an_archives_media_cannot_be_edited_deleted_or_added_to_by_url(client, archive, who):
    school, *_people_, image, _album_image, document = archive
    client.force_login(_people(archive)[who])
    assert client.get(reverse("wagtailimages:edit", args=[image.pk])).status_code in (302, 403)
    client.post(reverse("wagtailimages:delete", args=[image.pk]))
    client.post(reverse("wagtaildocs:delete", args=[document.pk]))
    client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {"title": "Bị sửa", "collection": school.collection_id},
    )
    assert Image.objects.filter(pk=image.pk).exists()
    document.refresh_from_db()
    assert document.title == "Kế hoạch lưu trữ"
    bulk = reverse("wagtail_bulk_action", args=["wagtailimages", "image", "delete"])
    client.post(f"{bulk}?id={image.pk}")
    assert Image.objects.filter(pk=image.pk).exists()


@pytest.mark.parametrize("who", ["principal", "office_admin"])
def test_an_archives_site_settings_cannot_be_changed(client, archive, who):
    school, *_rest = archive
    client.force_login(_people(archive)[who])
    url = reverse("wagtailsettings:edit", args=["sites", "schoolsettings", school.site.pk])
    for response in (client.get(url), client.post(url, SETTINGS_POST)):
        # Wagtail answers a refused admin view with a redirect to the dashboard.
        assert response.status_code in (302, 403)
        assert response.status_code == 403 or response["Location"] == reverse("wagtailadmin_home")
    assert SchoolSettings.for_site(school.site).motto == ""


def test_a_superuser_still_changes_an_archive(client, archive, superuser):
    school, *_people_, image, _album_image, _document = archive
    client.force_login(superuser)
    url = reverse("wagtailsettings:edit", args=["sites", "schoolsettings", school.site.pk])
    assert client.post(url, SETTINGS_POST).status_code == 302
    assert SchoolSettings.for_site(school.site).motto == "Sửa sau khi đóng"
    assert client.get(reverse("wagtailimages:edit", args=[image.pk])).status_code == 200


def test_an_open_schools_media_and_settings_stay_editable(client, province):
    _so, ward_a, _ward_b, schools = province
    school = schools["a1"]
    principal = make_school_user(school, SchoolRole.PRINCIPAL)
    image = ImageFactory(title="Ảnh đang dùng", collection=school.collection)
    client.force_login(principal)
    assert client.get(reverse("wagtailimages:edit", args=[image.pk])).status_code == 200
    url = reverse("wagtailsettings:edit", args=["sites", "schoolsettings", school.site.pk])
    assert client.post(url, SETTINGS_POST).status_code == 302
