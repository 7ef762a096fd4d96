"""Reads across schools, as the issue found them: a user of school A asks the admin for
school B's images, documents, pages and people through URLs the menus never show.
Each attack has a twin on A's own objects (or as the superuser) that must succeed."""

from django.urls import reverse

from wagtail.log_actions import log

import pytest

from sites.roles import SchoolRole
from tests.factories import (
    DocumentFactory,
    ImageFactory,
    NewsPageFactory,
    join_office,
    make_school_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher_a(client, school):
    user = make_school_user(school, SchoolRole.TEACHER, username="giaovien-a")
    client.force_login(user)
    return user


@pytest.fixture
def b(other_school):
    """B's objects, every name marked "bimatb" so a leak is easy to spot."""

    class B:
        editor = make_school_user(other_school, SchoolRole.EDITOR, username="bimatb-bientap")
        image = ImageFactory(
            title="Ảnh bimatb", collection=other_school.collection, file__filename="bimatb.png"
        )
        document = DocumentFactory(
            title="Tài liệu bimatb",
            collection=other_school.collection,
            file__filename="bimatb-nhap.pdf",
        )
        index = other_school.home_page.get_children().get(slug="tin-tuc")
        draft = NewsPageFactory(
            parent=other_school.home_page.get_children().get(slug="tin-tuc"),
            title="Tin nháp bimatb",
            live=False,
        )

    return B


def shows_b(response):
    return "bimatb" in response.content.decode().lower()


def test_admin_api_lists_only_own_schools_images_and_documents(client, school, teacher_a, b):
    own_image = ImageFactory(title="Ảnh nhà A", collection=school.collection)
    own_document = DocumentFactory(title="Tài liệu nhà A", collection=school.collection)
    for endpoint, own in (("images", own_image), ("documents", own_document)):
        response = client.get(f"/quan-tri/api/main/{endpoint}/")
        assert response.status_code == 200
        assert [item["id"] for item in response.json()["items"]] == [own.pk], endpoint
        assert not shows_b(response)


def test_admin_api_detail_of_other_schools_document_is_404(client, teacher_a, b):
    for endpoint, obj in (("images", b.image), ("documents", b.document)):
        response = client.get(f"/quan-tri/api/main/{endpoint}/{obj.pk}/")
        assert response.status_code == 404, endpoint
        assert not shows_b(response)


def test_superuser_still_gets_every_document_from_the_api(client, superuser, b):
    client.force_login(superuser)
    response = client.get(f"/quan-tri/api/main/documents/{b.document.pk}/")
    assert response.status_code == 200 and shows_b(response)


@pytest.mark.parametrize(
    "url",
    [
        "/quan-tri/reports/page-types-usage/",
        "/quan-tri/reports/page-types-usage/results/",
        "/quan-tri/reports/workflow/",
        "/quan-tri/reports/workflow_tasks/",
        "/quan-tri/reports/site-history/",
        "/quan-tri/pages/usage/home/newspage/",
    ],
)
def test_global_reports_are_refused_by_url(client, teacher_a, b, url):
    response = client.get(url)
    assert response.status_code == 403, url
    assert not shows_b(response)


def test_office_inspector_keeps_the_global_reports(client, office, b):
    from sites.roles import OfficeRole
    from tests.factories import UserFactory

    inspector = UserFactory(username="kiemtra-bao-cao")
    join_office(inspector, OfficeRole.INSPECTOR)
    client.force_login(inspector)
    assert client.get("/quan-tri/reports/site-history/").status_code == 200


def test_chosen_endpoints_refuse_other_schools_objects(client, school, teacher_a, b):
    for url in (
        reverse("wagtailimages_chooser:chosen", args=[b.image.pk]),
        reverse("wagtaildocs_chooser:chosen", args=[b.document.pk]),
        reverse("wagtailimages_chooser:select_format", args=[b.image.pk]),
        reverse("wagtailadmin_choose_page_chosen_multiple") + f"?id={b.draft.pk}",
        reverse("wagtailimages_chooser:chosen_multiple") + f"?id={b.image.pk}",
        reverse("wagtaildocs_chooser:chosen_multiple") + f"?id={b.document.pk}",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert not shows_b(response), url
    own = NewsPageFactory.for_school(school, title="Tin nhà A")
    response = client.get(reverse("wagtailadmin_choose_page_chosen_multiple") + f"?id={own.pk}")
    assert response.status_code == 200
    assert [r["adminTitle"] for r in response.json()["result"]] == ["Tin nhà A"]


def test_move_confirm_across_schools_is_404_both_ways(client, school, b):
    principal = make_school_user(school, SchoolRole.PRINCIPAL, username="hieutruong-a")
    client.force_login(principal)
    own_index = school.home_page.get_children().get(slug="tin-tuc")
    own = NewsPageFactory(parent=own_index, title="Tin nhà A")
    for page, destination in ((b.draft, own_index), (own, b.index)):
        url = reverse("wagtailadmin_pages:move_confirm", args=[page.pk, destination.pk])
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url
    own.refresh_from_db()
    assert own.get_parent().pk == own_index.pk
    # Twin: moving within the school still opens.
    other_news = NewsPageFactory(parent=own_index, title="Tin khác")
    url = reverse("wagtailadmin_pages:move_confirm", args=[other_news.pk, own_index.pk])
    assert client.get(url).status_code != 404


@pytest.mark.parametrize(
    ("app", "model", "action"),
    [
        ("wagtailcore", "page", "delete"),
        ("wagtailcore", "page", "unpublish"),
        ("wagtailcore", "page", "publish"),
        ("wagtailcore", "page", "move"),
        ("wagtailimages", "image", "delete"),
        ("wagtaildocs", "document", "delete"),
        ("wagtaildocs", "document", "add_to_collection"),
    ],
)
def test_bulk_action_confirm_pages_with_other_schools_ids_are_404(
    client, school, b, app, model, action
):
    principal = make_school_user(school, SchoolRole.PRINCIPAL, username="hieutruong-a")
    client.force_login(principal)
    ids = {"page": b.draft.pk, "image": b.image.pk, "document": b.document.pk}[model]
    url = f"/quan-tri/bulk/{app}/{model}/{action}/?id={ids}"
    response = client.get(url)
    assert response.status_code == 404
    assert not shows_b(response)
    assert client.post(url).status_code == 404
    assert type(b.draft).objects.filter(pk=b.draft.pk).exists()


def test_bulk_delete_of_own_page_still_confirms(client, school):
    principal = make_school_user(school, SchoolRole.PRINCIPAL, username="hieutruong-a")
    client.force_login(principal)
    own = NewsPageFactory.for_school(school, title="Tin nhà A")
    response = client.get(f"/quan-tri/bulk/wagtailcore/page/delete/?id={own.pk}")
    assert response.status_code == 200 and "Tin nhà A" in response.content.decode()


def test_user_filters_of_reports_list_only_own_schools_people(client, school, b):
    principal = make_school_user(school, SchoolRole.PRINCIPAL, username="hieutruong-a")
    client.force_login(principal)
    b.draft.locked, b.draft.locked_by = True, b.editor
    b.draft.save(update_fields=["locked", "locked_by"])
    log(instance=b.draft, action="wagtail.edit", user=b.editor)
    own = NewsPageFactory.for_school(school, title="Tin nhà A")
    log(instance=own, action="wagtail.edit", user=principal)
    for url in (
        "/quan-tri/reports/locked/",
        "/quan-tri/reports/aging-pages/",
        "/quan-tri/forms/",
        "/quan-tri/pages/search/?q=tin",
        f"/quan-tri/pages/{own.get_parent().pk}/",
        f"/quan-tri/pages/{own.pk}/history/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode().lower()
        assert "bimatb" not in html, url
        assert other_school_name_absent(html), url


def other_school_name_absent(html):
    return "lê độ" not in html


def test_user_filter_still_offers_own_schools_people(client, school):
    client.force_login(make_school_user(school, SchoolRole.PRINCIPAL, username="hieutruong-a"))
    colleague = make_school_user(school, SchoolRole.EDITOR, username="dongnghiep-a")
    own = NewsPageFactory.for_school(school, title="Tin nhà A")
    log(instance=own, action="wagtail.edit", user=colleague)
    response = client.get(f"/quan-tri/pages/{own.pk}/history/")
    assert "dongnghiep-a" in response.content.decode()


def test_media_refusal_does_not_name_the_other_schools_file(rf, school, b):
    from sites.media import media_outside_school_message

    message = str(media_outside_school_message(b.document))
    assert "bimatb" not in message.lower()
    assert str(b.document.pk) in message and "tài liệu" in message


@pytest.mark.parametrize(
    "url",
    [
        "/quan-tri/images/chooser/results/?q=nhà",
        "/quan-tri/images/chooser/?q=nhà",
        "/quan-tri/documents/chooser/results/?q=nhà",
        "/quan-tri/documents/chooser/?q=nhà",
    ],
)
def test_school_users_chooser_search_works_and_stays_in_school(client, school, teacher_a, b, url):
    ImageFactory(title="Ảnh nhà A", collection=school.collection)
    DocumentFactory(title="Tài liệu nhà A", collection=school.collection)
    # Both schools' files match the words; only school A's may come back. (Media search on
    # PostgreSQL is not accent-blind: the query keeps the marks.)
    b.image.title, b.document.title = "Ảnh bimatb nhà B", "Tài liệu bimatb nhà B"
    b.image.save()
    b.document.save()
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    if response.get("Content-Type", "").startswith("application/json"):
        html = response.json().get("html", "")
    assert "nhà A" in html, url
    assert "bimatb" not in html.lower(), url
