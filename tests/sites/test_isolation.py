"""An editor of school A attacks school B through the admin: direct URLs with B's ids,
choosers with B's collection, crafted posts referencing B's media. Each attack has a
twin on A's own objects that must succeed, so the tests can fail."""

from django.urls import reverse

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page

import pytest

from home.models import NewsPage
from sites.roles import SchoolRole
from tests.factories import DocumentFactory, ImageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db

DASHBOARD = "/quan-tri/"


def denied(response):
    """Wagtail refuses with 403, 404 or a redirect to the dashboard or login."""
    if response.status_code in (403, 404):
        return True
    return response.status_code == 302 and (response.url == DASHBOARD or "/login/" in response.url)


def text(response):
    """The HTML of a page or of a chooser's JSON answer (which escapes Vietnamese)."""
    if response.get("Content-Type", "").startswith("application/json"):
        return response.json().get("html", "")
    return response.content.decode()


@pytest.fixture
def news_b(other_school):
    return NewsPageFactory.for_school(other_school, title="Tin mật của trường B")


@pytest.fixture
def news_a(school):
    return NewsPageFactory.for_school(school, title="Tin của trường A")


@pytest.fixture
def image_b(other_school):
    return ImageFactory(title="Ảnh của trường B", collection=other_school.collection)


@pytest.fixture
def image_a(school):
    return ImageFactory(title="Ảnh của trường A", collection=school.collection)


@pytest.fixture
def document_b(other_school):
    return DocumentFactory(title="Tài liệu của trường B", collection=other_school.collection)


@pytest.fixture
def document_a(school):
    return DocumentFactory(title="Tài liệu của trường A", collection=school.collection)


@pytest.fixture
def client_a(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def principal_client_a(client, school):
    from sites.roles import SchoolRole
    from tests.factories import make_school_user

    client.force_login(make_school_user(school, SchoolRole.PRINCIPAL))
    return client


PAGE_VIEWS = [
    "wagtailadmin_pages:edit",
    "wagtailadmin_pages:preview_on_edit",
    "wagtailadmin_pages:history",
    "wagtailadmin_pages:delete",
    "wagtailadmin_pages:move",
    "wagtailadmin_pages:copy",
    "wagtailadmin_pages:unpublish",
    "wagtailadmin_pages:lock",
]


@pytest.mark.parametrize("view", PAGE_VIEWS)
def test_other_schools_page_views_are_refused(client_a, news_b, view):
    method = client_a.post if view.endswith("lock") else client_a.get
    response = method(reverse(view, args=[news_b.pk]))
    assert denied(response), (view, response.status_code)
    news_b.refresh_from_db()
    assert news_b.live and news_b.title == "Tin mật của trường B"
    assert not news_b.locked


@pytest.mark.parametrize(
    "view",
    [
        "wagtailadmin_pages:edit",
        "wagtailadmin_pages:history",
        "wagtailadmin_pages:move",
        "wagtailadmin_pages:delete",
        "wagtailadmin_pages:unpublish",
        "wagtailadmin_pages:copy",
    ],
)
def test_own_schools_page_views_open_to_its_principal(client, school_user, news_a, view):
    client.force_login(school_user(SchoolRole.PRINCIPAL))
    response = client.get(reverse(view, args=[news_a.pk]))
    assert response.status_code == 200, view


def test_other_schools_revisions_are_refused(client_a, news_a, news_b):
    for page, allowed in ((news_b, False), (news_a, True)):
        revision = page.save_revision()
        for view, args in (
            ("wagtailadmin_pages:revisions_view", [page.pk, revision.pk]),
            ("wagtailadmin_pages:revisions_revert", [page.pk, revision.pk]),
        ):
            response = client_a.get(reverse(view, args=args))
            assert (response.status_code == 200) is allowed, (view, page)
            if not allowed:
                assert denied(response)


def test_editing_other_schools_page_by_post_changes_nothing(client_a, news_b):
    url = reverse("wagtailadmin_pages:edit", args=[news_b.pk])
    response = client_a.post(url, {"title": "Bị sửa", "slug": news_b.slug})
    assert denied(response)
    news_b.refresh_from_db()
    assert news_b.title == "Tin mật của trường B"
    assert not news_b.revisions.exists()


def test_deleting_other_schools_page_by_post_changes_nothing(client_a, news_b):
    response = client_a.post(reverse("wagtailadmin_pages:delete", args=[news_b.pk]))
    assert denied(response)
    assert Page.objects.filter(pk=news_b.pk).exists()


def test_explorer_of_other_school_shows_nothing(client_a, other_school, news_b):
    response = client_a.get(reverse("wagtailadmin_explore", args=[other_school.home_page.pk]))
    assert denied(response) or news_b.title not in text(response)
    response = client_a.get(reverse("wagtailadmin_explore", args=[news_b.get_parent().pk]))
    assert denied(response) or news_b.title not in text(response)


def test_explorer_of_own_school_lists_its_pages(client_a, news_a):
    response = client_a.get(reverse("wagtailadmin_explore", args=[news_a.get_parent().pk]))
    assert response.status_code == 200
    assert news_a.title in text(response)


def test_admin_search_finds_only_own_school(client_a, news_a, news_b):
    response = client_a.get(reverse("wagtailadmin_pages:search"), {"q": "Tin"})
    html = text(response)
    assert response.status_code == 200
    assert news_a.title in html
    assert news_b.title not in html


def test_page_chooser_browsing_other_school_shows_nothing(
    client_a, school, other_school, news_a, news_b
):
    index_b = news_b.get_parent()
    response = client_a.get(reverse("wagtailadmin_choose_page_child", args=[index_b.pk]))
    assert denied(response) or news_b.title not in text(response)
    response = client_a.get(
        reverse("wagtailadmin_choose_page_child", args=[news_a.get_parent().pk])
    )
    assert response.status_code == 200
    assert news_a.title in text(response)


def test_page_chooser_search_finds_only_own_school(client_a, news_a, news_b):
    response = client_a.get(reverse("wagtailadmin_choose_page_search"), {"q": "Tin"})
    html = text(response)
    assert response.status_code == 200
    assert news_a.title in html
    assert news_b.title not in html


def test_page_chooser_root_shows_only_own_school(client_a, school, other_school):
    response = client_a.get(reverse("wagtailadmin_choose_page"))
    html = text(response)
    assert response.status_code == 200
    assert other_school.name not in html


# --- Images and documents --------------------------------------------------------------


def test_other_schools_image_edit_and_delete_are_refused(client_a, image_b):
    for view in ("wagtailimages:edit", "wagtailimages:delete"):
        response = client_a.get(reverse(view, args=[image_b.pk]))
        assert denied(response), view
    response = client_a.post(reverse("wagtailimages:edit", args=[image_b.pk]), {"title": "Bị sửa"})
    assert denied(response)
    image_b.refresh_from_db()
    assert image_b.title == "Ảnh của trường B"


def test_own_image_edit_opens(client_a, image_a):
    assert client_a.get(reverse("wagtailimages:edit", args=[image_a.pk])).status_code == 200


def test_image_listing_and_chooser_with_other_collection_show_nothing(
    client_a, other_school, image_a, image_b
):
    for url in (
        reverse("wagtailimages:index"),
        reverse("wagtailimages_chooser:choose"),
        reverse("wagtailimages_chooser:choose_results"),
    ):
        response = client_a.get(url, {"collection_id": other_school.collection.pk})
        assert response.status_code in (200, 404), url
        assert image_b.title not in text(response), url
        response = client_a.get(url)
        assert image_b.title not in text(response), url
        assert image_a.title in text(response), url


def test_other_schools_document_edit_is_refused(client_a, document_b):
    for view in ("wagtaildocs:edit", "wagtaildocs:delete"):
        assert denied(client_a.get(reverse(view, args=[document_b.pk]))), view


def test_document_chooser_with_other_collection_shows_nothing(
    client_a, other_school, document_a, document_b
):
    for url in (
        reverse("wagtaildocs:index"),
        reverse("wagtaildocs_chooser:choose"),
        reverse("wagtaildocs_chooser:choose_results"),
    ):
        response = client_a.get(url, {"collection_id": other_school.collection.pk})
        assert document_b.title not in text(response), url
        response = client_a.get(url)
        assert document_b.title not in text(response), url
        assert document_a.title in text(response), url


def test_image_chooser_hook_scopes_to_own_collection(rf, editor, image_a, image_b):
    from sites.wagtail_hooks import images_of_own_school

    request = rf.get("/")
    request.user = editor
    assert list(images_of_own_school(Image.objects.all(), request)) == [image_a]


def test_document_chooser_hook_scopes_to_own_collection(rf, editor, document_a, document_b):
    from sites.wagtail_hooks import documents_of_own_school

    request = rf.get("/")
    request.user = editor
    assert list(documents_of_own_school(Document.objects.all(), request)) == [document_a]


# --- Crafted posts that reference B's media ---------------------------------------------


def _news_post(title, **extra):
    data = {
        "title": title,
        "slug": "",
        "date": "2025-09-05",
        "category": "hoat-dong-nha-truong",
        "summary": "Tóm tắt",
        "body-count": "0",
        "attachments-count": "0",
        "gallery_photos-TOTAL_FORMS": "0",
        "gallery_photos-INITIAL_FORMS": "0",
        "action-publish": "",
        "comment_notifications": "",
    }
    data.update(extra)
    return data


def _news_index(school):
    return school.home_page.get_children().get(slug="tin-tuc")


def test_creating_news_with_other_schools_lead_image_is_refused(client_a, school, image_b):
    index = _news_index(school)
    url = reverse("wagtailadmin_pages:add", args=["home", "newspage", index.pk])
    response = client_a.post(
        url, _news_post("Tin có ảnh lạ", slug="tin-co-anh-la", lead_image=image_b.pk)
    )
    assert response.status_code == 200
    assert "không thuộc thư mục của trường" in text(response)
    # The refusal does not tell the sender what the other school's image is called.
    assert image_b.title not in text(response)
    assert not NewsPage.objects.filter(slug="tin-co-anh-la").exists()


def test_creating_news_with_own_lead_image_works(client_a, school, image_a):
    index = _news_index(school)
    url = reverse("wagtailadmin_pages:add", args=["home", "newspage", index.pk])
    response = client_a.post(
        url, _news_post("Tin có ảnh nhà", slug="tin-co-anh-nha", lead_image=image_a.pk)
    )
    assert response.status_code == 302, text(response)[:3000]
    page = NewsPage.objects.get(slug="tin-co-anh-nha")
    assert page.lead_image == image_a


def test_editing_news_to_reference_other_schools_document_block_is_refused(
    client_a, news_a, document_b
):
    url = reverse("wagtailadmin_pages:edit", args=[news_a.pk])
    data = _news_post(news_a.title, slug=news_a.slug)
    data.update(
        {
            "attachments-count": "1",
            "attachments-0-type": "document",
            "attachments-0-deleted": "",
            "attachments-0-order": "0",
            "attachments-0-id": "",
            "attachments-0-value-document": str(document_b.pk),
            "attachments-0-value-title": "Đính kèm",
        }
    )
    response = client_a.post(url, data)
    assert response.status_code == 200
    assert "không thuộc thư mục của trường" in text(response)
    news_a.refresh_from_db()
    assert len(news_a.attachments) == 0
    assert not news_a.revisions.exists()


def test_school_settings_with_other_schools_logo_is_refused(
    principal_client_a, school, image_b, image_a
):
    from sites.models import SchoolSettings

    client_a = principal_client_a  # only the principal edits site settings
    url = reverse("wagtailsettings:edit", args=["sites", "schoolsettings", school.site.pk])
    data = {
        "primary_colour": "#0b5394",
        "motto": "Học tốt",
        "quick_links-count": "0",
        "logo": image_b.pk,
    }
    response = client_a.post(url, data)
    assert response.status_code == 200
    assert "không thuộc thư mục của trường" in text(response)
    assert SchoolSettings.for_site(school.site).logo_id is None

    response = client_a.post(url, {**data, "logo": image_a.pk})
    assert response.status_code == 302
    assert SchoolSettings.for_site(school.site).logo_id == image_a.pk


# --- Settings, users, reports, redirects, workflows -----------------------------------


def test_other_schools_settings_are_refused(principal_client_a, school, other_school):
    from sites.models import SchoolSettings

    client_a = principal_client_a
    url_b = reverse("wagtailsettings:edit", args=["sites", "schoolsettings", other_school.site.pk])
    assert denied(client_a.get(url_b))
    response = client_a.post(
        url_b, {"primary_colour": "#ff0000", "motto": "Bị sửa", "quick_links-count": "0"}
    )
    assert denied(response)
    assert SchoolSettings.for_site(other_school.site).motto == ""
    url_a = reverse("wagtailsettings:edit", args=["sites", "schoolsettings", school.site.pk])
    assert client_a.get(url_a).status_code == 200


@pytest.mark.parametrize(
    "url_name",
    [
        "wagtailusers_users:index",
        "wagtailusers_users:add",
        "wagtailusers_groups:index",
        "wagtailusers_groups:add",
        "wagtailredirects:index",
        "wagtailadmin_workflows:index",
        "wagtailadmin_workflows:task_index",
        "wagtailsites:index",
        "wagtailadmin_collections:index",
        "truong_hoc:index",
        "truong_hoc:add",
        "truong_hoc:import",
    ],
)
def test_global_screens_are_refused_to_school_staff(client_a, url_name):
    assert denied(client_a.get(reverse(url_name))), url_name


def test_editing_other_schools_user_is_refused(client_a, other_editor):
    url = reverse("wagtailusers_users:edit", args=[other_editor.pk])
    assert denied(client_a.get(url))


def test_site_history_does_not_show_other_schools_objects(
    client_a, editor, other_editor, news_b, image_b, document_b
):
    from wagtail.log_actions import log

    log(instance=image_b, action="wagtail.edit", user=other_editor)
    log(instance=document_b, action="wagtail.edit", user=other_editor)
    log(instance=news_b, action="wagtail.edit", user=other_editor)
    for name in ("wagtailadmin_reports:site_history", "wagtailadmin_reports:site_history_results"):
        response = client_a.get(reverse(name))
        html = text(response) if response.status_code == 200 else ""
        for title in (image_b.title, document_b.title, news_b.title):
            assert title not in html, (name, title)


def test_menus_hide_global_screens_from_school_staff(client_a):
    html = client_a.get(DASHBOARD).content.decode()
    for url_name in (
        "wagtailusers_users:index",
        "wagtailusers_groups:index",
        "wagtailredirects:index",
        "wagtailadmin_workflows:index",
        "wagtailadmin_reports:site_history",
        "truong_hoc:index",
    ):
        assert f'"{reverse(url_name)}"' not in html, url_name


def test_superuser_sees_global_screens(client, superuser):
    client.force_login(superuser)
    for url_name in (
        "wagtailusers_users:index",
        "wagtailredirects:index",
        "wagtailadmin_workflows:index",
        "truong_hoc:index",
    ):
        assert client.get(reverse(url_name)).status_code == 200, url_name


def test_every_page_type_checks_media_ownership():
    from wagtail.models import get_page_models

    from home.forms import SchoolMediaCheckMixin

    for model in get_page_models():
        if model is Page:
            continue
        form_class = model.get_edit_handler().get_form_class()
        assert issubclass(form_class, SchoolMediaCheckMixin), model


def test_chosen_endpoints_refuse_other_schools_media(
    client_a, image_a, image_b, document_a, document_b
):
    for view, theirs, ours in (
        ("wagtailimages_chooser:chosen", image_b, image_a),
        ("wagtaildocs_chooser:chosen", document_b, document_a),
    ):
        response = client_a.get(reverse(view, args=[theirs.pk]))
        assert denied(response) or theirs.title not in text(response), view
        assert client_a.get(reverse(view, args=[ours.pk])).status_code == 200, view


def test_office_admin_cannot_reach_users_and_groups(client, office):
    from sites.roles import OfficeRole
    from tests.factories import make_office_user

    user = make_office_user(office, OfficeRole.ADMINISTRATOR, "quantri-phong")
    client.force_login(user)
    for url_name in ("wagtailusers_users:index", "wagtailusers_groups:index"):
        assert denied(client.get(reverse(url_name))), url_name
    html = client.get(DASHBOARD).content.decode()
    assert f'"{reverse("wagtailusers_users:index")}"' not in html
    assert f'"{reverse("truong_hoc:index")}"' in html
