"""The four sections and the school home stay where they are: only a superuser may
delete, move, unpublish, copy or re-slug them; each accepts only its own child types."""

from django.urls import reverse

from wagtail.models import Page

import pytest

from home.models import (
    IntroductionPage,
    NewsIndexPage,
    NewsPage,
    OfficialDocumentIndexPage,
    ProfessionalDocumentPage,
    ProfessionalIndexPage,
    SchoolHomePage,
)
from home.section_articles import SectionArticlePage
from home.sections import SCHOOL_SECTIONS
from sites.roles import OfficeRole, SchoolRole
from tests.factories import make_office_user

pytestmark = pytest.mark.django_db

SECTIONS = ("gioi-thieu", "cong-khai", "chuyen-mon", "tin-tuc")


@pytest.fixture
def office_admin(office):
    return make_office_user(office, OfficeRole.ADMINISTRATOR, "quantri-phong")


@pytest.fixture(params=["principal", "editor", "office_admin"])
def staff(request, school, school_user, office_admin):
    if request.param == "office_admin":
        return office_admin
    return school_user(SchoolRole(request.param))


def section(school, slug):
    return school.home_page.get_children().get(slug=slug)


def snapshot(school):
    return list(
        school.home_page.get_descendants(inclusive=True).values_list(
            "pk", "slug", "path", "live", "title"
        )
    )


@pytest.mark.parametrize("slug", (None, *SECTIONS))
@pytest.mark.parametrize(
    "view",
    [
        "wagtailadmin_pages:delete",
        "wagtailadmin_pages:move",
        "wagtailadmin_pages:unpublish",
        "wagtailadmin_pages:copy",
    ],
)
def test_staff_cannot_remove_or_copy_fixed_pages(client, school, staff, slug, view):
    page = school.home_page if slug is None else section(school, slug)
    client.force_login(staff)
    before = snapshot(school)
    pages_before = Page.objects.count()

    response = client.get(reverse(view, args=[page.pk]))
    assert response.status_code in (302, 403), (view, slug, response.status_code)
    response = client.post(
        reverse(view, args=[page.pk]),
        {"new_title": "Bản sao", "new_slug": "ban-sao", "new_parent_page": school.home_page.pk},
    )
    assert response.status_code in (302, 403)

    assert snapshot(school) == before
    assert Page.objects.count() == pages_before


def test_fixed_page_actions_are_not_offered(school, staff):
    for page in (school.home_page, *(section(school, s) for s in SECTIONS)):
        perms = page.specific.permissions_for_user(staff)
        assert not perms.can_delete()
        assert not perms.can_move()
        assert not perms.can_unpublish()
        assert not perms.can_copy()


def test_superuser_may_still_manage_fixed_pages(client, school, superuser):
    client.force_login(superuser)
    news = section(school, "tin-tuc")
    for view in (
        "wagtailadmin_pages:delete",
        "wagtailadmin_pages:move",
        "wagtailadmin_pages:unpublish",
    ):
        assert client.get(reverse(view, args=[news.pk])).status_code == 200, view
    response = client.post(reverse("wagtailadmin_pages:unpublish", args=[news.pk]))
    assert response.status_code == 302
    news.refresh_from_db()
    assert not news.live


EMPTY_RICH_TEXT = '{"blocks": [], "entityMap": {}}'


def _section_post(page, **changes):
    data = {
        "title": page.title,
        "slug": page.slug,
        "seo_title": "",
        "search_description": "",
        "comment_notifications": "",
        "welcome": EMPTY_RICH_TEXT,
        "functions_and_tasks": EMPTY_RICH_TEXT,
        "history": EMPTY_RICH_TEXT,
        "map_url": "",
        "units-count": "0",
        "leaders-count": "0",
        "organisations-count": "0",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("slug", SECTIONS)
def test_slug_change_in_edit_form_is_refused(client, school, school_user, slug):
    client.force_login(school_user(SchoolRole.PRINCIPAL))
    page = section(school, slug)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.post(url, _section_post(page, slug="doi-ten"))
    assert response.status_code == 200
    assert "Không được đổi" in response.content.decode()
    page.refresh_from_db()
    assert page.slug == slug
    assert not page.revisions.filter(content__slug="doi-ten").exists()


def test_home_slug_change_is_refused_but_superuser_may(client, school, school_user, superuser):
    home = school.home_page
    url = reverse("wagtailadmin_pages:edit", args=[home.pk])
    client.force_login(school_user(SchoolRole.PRINCIPAL))
    response = client.post(url, _section_post(home, slug="ten-khac"))
    assert response.status_code == 200
    home.refresh_from_db()
    assert home.slug == school.slug

    # A title-only edit of a section is also refused (fixed titles), a superuser may.
    news = section(school, "tin-tuc")
    client.force_login(superuser)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[news.pk]), _section_post(news, title="Tin tức")
    )
    assert response.status_code == 302
    assert news.revisions.order_by("-pk").first().content["title"] == "Tin tức"


def test_school_home_accepts_only_the_school_sections():
    assert set(SchoolHomePage.allowed_subpage_models()) == {
        section.model for section in SCHOOL_SECTIONS
    }
    assert NewsIndexPage.allowed_subpage_models() == [NewsPage, OfficialDocumentIndexPage]
    # Pages of text (a subject group's article, an old site's "Lịch sử nhà trường") sit
    # under Giới thiệu and Thông tin chuyên môn; nothing else does.
    assert set(ProfessionalIndexPage.allowed_subpage_models()) == {
        ProfessionalDocumentPage,
        SectionArticlePage,
    }
    assert IntroductionPage.allowed_subpage_models() == [SectionArticlePage]


def test_second_news_section_under_a_home_is_refused(client, school, school_user):
    client.force_login(school_user(SchoolRole.PRINCIPAL))
    home = school.home_page
    assert not NewsIndexPage.can_create_at(home)
    url = reverse("wagtailadmin_pages:add", args=["home", "newsindexpage", home.pk])
    before = Page.objects.count()
    assert client.get(url).status_code in (302, 403)
    response = client.post(url, {"title": "Tin tức 2", "slug": "tin-tuc-2"})
    assert response.status_code in (302, 403)
    assert Page.objects.count() == before
    assert home.get_children().filter(slug__startswith="tin-tuc").count() == 1


def test_section_accepts_only_its_own_child_type(client, school, school_user):
    client.force_login(school_user(SchoolRole.PRINCIPAL))
    news = section(school, "tin-tuc")
    wrong = reverse("wagtailadmin_pages:add", args=["home", "professionaldocumentpage", news.pk])
    assert client.get(wrong).status_code in (302, 403)
    right = reverse("wagtailadmin_pages:add", args=["home", "newspage", news.pk])
    assert client.get(right).status_code == 200


def test_bulk_delete_of_a_fixed_section_is_refused(client, school, school_user):
    client.force_login(school_user(SchoolRole.PRINCIPAL))
    news = section(school, "tin-tuc")
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
    response = client.post(f"{url}?id={news.pk}")
    assert response.status_code in (200, 302, 403)
    assert Page.objects.filter(pk=news.pk).exists()
