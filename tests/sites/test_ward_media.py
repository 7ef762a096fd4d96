"""A ward's office staff see and manage the images and documents of their own schools
(and their own office's) only: the Images and Documents screens, edit and delete by
URL, bulk actions, the admin API and the choosers; the Sở's staff see everything."""

from django.urls import reverse

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection
from wagtail.permissions import policy_registry

import pytest

from sites.permissions import media_collection_ids
from sites.roles import OfficeRole, SchoolRole
from tests.factories import (
    DocumentFactory,
    ImageFactory,
    make_office_user,
    make_school_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(province):
    so, ward_a, ward_b, schools = province
    a1, b1, direct = schools["a1"], schools["b1"], schools["so"]
    # A sub-collection of B's collection is still B's (not "office-wide").
    b_sub = b1.collection.add_child(name="Album lễ khai giảng")
    # Ward A's own office collection (its portal's media) is ward A's staff's too.
    office_wide = ward_a.collection.add_child(name="Tư liệu chung của phường")
    items = {
        "a": ImageFactory(title="Ảnh phường A", collection=a1.collection),
        "b": ImageFactory(title="Ảnh phường B", collection=b1.collection),
        "b_sub": ImageFactory(title="Ảnh album phường B", collection=b_sub),
        "so_school": ImageFactory(title="Ảnh trường của Sở", collection=direct.collection),
        "shared": ImageFactory(title="Ảnh dùng chung", collection=office_wide),
        "doc_a": DocumentFactory(title="Tài liệu phường A", collection=a1.collection),
        "doc_b": DocumentFactory(title="Tài liệu phường B", collection=b1.collection),
    }
    return so, ward_a, ward_b, a1, b1, items


def listed(response):
    return {item.title for item in response.context["object_list"]}


@pytest.mark.parametrize(
    "role", [OfficeRole.ADMINISTRATOR, OfficeRole.INSPECTOR], ids=["admin", "inspector"]
)
def test_predicate_gives_a_ward_its_schools_and_its_offices_collections(media, role):
    so, ward_a, ward_b, a1, b1, items = media
    ids = set(media_collection_ids(make_office_user(ward_a, role)))
    assert {a1.collection_id, ward_a.collection_id, items["shared"].collection_id} <= ids
    # The root and other offices' collections are not the ward's.
    assert Collection.get_first_root_node().pk not in ids
    assert so.collection_id not in ids and ward_b.collection_id not in ids
    assert b1.collection_id not in ids and items["b_sub"].collection_id not in ids
    assert items["so_school"].collection_id not in ids
    assert media_collection_ids(make_office_user(so, role)) is None  # the Sở: no filter


def test_ward_admin_image_and_document_listings_show_the_ward_only(client, media):
    _so, ward_a, _ward_b, _a1, _b1, _items = media
    client.force_login(make_office_user(ward_a, OfficeRole.ADMINISTRATOR))
    images = client.get(reverse("wagtailimages:index"))
    assert images.status_code == 200
    assert listed(images) == {"Ảnh phường A", "Ảnh dùng chung"}
    html = images.content.decode()
    assert "Ảnh phường B" not in html and "Ảnh trường của Sở" not in html
    documents = client.get(reverse("wagtaildocs:index"))
    assert documents.status_code == 200
    assert listed(documents) == {"Tài liệu phường A"}
    # Searching does not widen the listing.
    found = client.get(reverse("wagtailimages:index"), {"q": "phường"})
    assert listed(found) == {"Ảnh phường A"}


def test_so_admin_listing_shows_every_school(client, media):
    so, *_rest, items = media
    client.force_login(make_office_user(so, OfficeRole.ADMINISTRATOR))
    titles = listed(client.get(reverse("wagtailimages:index")))
    assert titles == {i.title for k, i in items.items() if not k.startswith("doc")}


def test_another_wards_image_cannot_be_edited_or_deleted_by_url(client, media):
    _so, ward_a, _ward_b, _a1, _b1, items = media
    client.force_login(make_office_user(ward_a, OfficeRole.ADMINISTRATOR))
    image_b, doc_b = items["b"], items["doc_b"]
    for name, pk in (
        ("wagtailimages:edit", image_b.pk),
        ("wagtailimages:delete", image_b.pk),
        ("wagtailimages:edit", items["b_sub"].pk),
        ("wagtaildocs:edit", doc_b.pk),
        ("wagtaildocs:delete", doc_b.pk),
    ):
        url = reverse(name, args=[pk])
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"title": "Bị đổi"}).status_code == 404, url
    bulk = (
        reverse("wagtail_bulk_action", args=["wagtailimages", "image", "delete"])
        + f"?id={image_b.pk}"
    )
    assert client.post(bulk).status_code == 404
    assert Image.objects.filter(pk=image_b.pk, title="Ảnh phường B").exists()
    assert Document.objects.filter(pk=doc_b.pk, title="Tài liệu phường B").exists()
    # Their own ward's image still opens.
    assert client.get(reverse("wagtailimages:edit", args=[items["a"].pk])).status_code == 200


def test_the_policy_itself_refuses_without_the_middleware(media):
    """Wagtail's own checks (views, bulk actions, upload form) ask the policy."""
    _so, ward_a, _ward_b, a1, b1, items = media
    admin_a = make_office_user(ward_a, OfficeRole.ADMINISTRATOR)
    policy = policy_registry.get_by_type(Image)
    assert not policy.user_has_permission_for_instance(admin_a, "change", items["b"])
    assert not policy.user_has_permission_for_instance(admin_a, "delete", items["b_sub"])
    assert policy.user_has_permission_for_instance(admin_a, "change", items["a"])
    collections = set(
        policy.collections_user_has_permission_for(admin_a, "add").values_list("pk", flat=True)
    )
    assert a1.collection_id in collections and b1.collection_id not in collections
    changeable = policy.instances_user_has_any_permission_for(admin_a, ["change"])
    assert items["b"] not in changeable and items["a"] in changeable


def test_admin_api_and_chooser_follow_the_same_predicate(client, media):
    _so, ward_a, _ward_b, _a1, _b1, _items = media
    client.force_login(make_office_user(ward_a, OfficeRole.INSPECTOR))
    api = client.get("/quan-tri/api/main/images/").json()
    assert {item["title"] for item in api["items"]} == {"Ảnh phường A", "Ảnh dùng chung"}
    client.force_login(make_office_user(ward_a, OfficeRole.ADMINISTRATOR))
    chooser = client.get(reverse("wagtailimages_chooser:choose"))
    html = chooser.json()["html"]
    assert "Ảnh phường A" in html and "Ảnh phường B" not in html


def test_school_staff_still_see_their_own_collection_only(client, media):
    _so, _ward_a, _ward_b, a1, _b1, _items = media
    client.force_login(make_school_user(a1, SchoolRole.EDITOR))
    response = client.get(reverse("wagtailimages:index"))
    assert response.status_code == 200
    assert listed(response) == {"Ảnh phường A"}
