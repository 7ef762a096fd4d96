"""What people notice: a meta description on every public page, a favicon per site (the
school's logo when it has one) and a print stylesheet without menus, search or share."""

import re
from pathlib import Path

import pytest

from sites.models import SchoolSettings
from tests.factories import ImageFactory

from .conftest import fill_portal, fill_school, host_of

pytestmark = pytest.mark.django_db

CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "site.css"


def description(html):
    match = re.search(r'<meta name="description" content="([^"]*)">', html)
    return match.group(1) if match else ""


def test_every_public_page_has_a_meta_description(client, school, office):
    fill_school(school)
    fill_portal(office)
    SchoolSettings.objects.filter(site=school.site).update(motto="")
    school_host, portal_host = host_of(school.site), host_of(office.site)
    pages = [(school_host, "/")] + [
        (school_host, f"/{slug}/")
        for slug in (
            "gioi-thieu",
            "cong-khai",
            "chuyen-mon",
            "tin-tuc",
            "tuyen-sinh",
            "lich-cong-tac",
            "hoi-dap",
            "lay-y-kien",
            "su-kien",
        )
    ]
    pages += [(portal_host, path) for path in ("/", "/tin-tuc/", "/van-ban/", "/truong-hoc/")]
    for host, path in pages:
        response = client.get(path, HTTP_HOST=host)
        assert response.status_code == 200, path
        said = description(response.content.decode())
        assert len(said) > 20, f"{host}{path}: no description"


def test_favicon_is_the_school_logo_or_its_initial(client, school, other_school):
    html = client.get("/", HTTP_HOST=host_of(school.site)).content.decode()
    assert '<link rel="icon" href="/favicon.ico">' in html

    response = client.get("/favicon.ico", HTTP_HOST=host_of(other_school.site))
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert "<svg" in response.content.decode()

    settings = SchoolSettings.objects.get(site=school.site)  # saved as the admin saves it,
    settings.logo = ImageFactory()  # so the site's cached identity is cleared
    settings.save()
    response = client.get("/favicon.ico", HTTP_HOST=host_of(school.site))
    assert response.status_code == 302 and response["Location"].endswith(".png")


def test_print_stylesheet_hides_menus_and_prints_link_addresses():
    css = CSS.read_text(encoding="utf-8")
    printed = css[css.index("@media print") :]
    for hidden in (".main-nav", ".search-box", ".share", ".visitor-form"):
        assert hidden in printed.split("display: none")[0]
    assert 'content: " (" attr(href) ")"' in printed


def test_documents_register_filters_by_keyword_year_and_kind(client, office):
    import datetime

    from home.models import OfficialDocumentPage

    portal = fill_portal(office)  # two công văn of 05/09/2026
    register = portal.get_children().get(slug="van-ban")
    for number, abstract, day in (
        ("12/KH-PGDĐT", "Kế hoạch tổ chức hội khoẻ Phù Đổng", datetime.date(2025, 3, 2)),
        ("7/QĐ-SGDĐT", "Quyết định công nhận trường đạt chuẩn", datetime.date(2026, 1, 9)),
    ):
        register.add_child(
            instance=OfficialDocumentPage(
                title=number,
                number=number,
                abstract=abstract,
                issuer="Sở GDĐT Đà Nẵng",
                issued_on=day,
            )
        )
    host = host_of(office.site)

    def numbers(**params):
        html = client.get("/van-ban/", params, HTTP_HOST=host).content.decode()
        return set(re.findall(r'class="register-number"><a href="[^"]*">([^<]+)</a>', html))

    assert numbers() == {"123/PGDĐT", "45/SGDĐT", "12/KH-PGDĐT", "7/QĐ-SGDĐT"}
    assert numbers(q="hoi khoe") == {"12/KH-PGDĐT"}  # without marks
    assert numbers(q="QĐ") == {"7/QĐ-SGDĐT"}
    assert numbers(nam="2025") == {"12/KH-PGDĐT"}
    assert numbers(loai="KH") == {"12/KH-PGDĐT"}
    assert numbers(loai="CV") == {"123/PGDĐT", "45/SGDĐT"}  # no kind code: công văn
    assert numbers(loai="CV", nam="2026") == {"123/PGDĐT", "45/SGDĐT"}
    assert numbers(nam="1990") == numbers()  # a year not in the register is ignored
    html = client.get("/van-ban/", {"q": "khong co"}, HTTP_HOST=host).content.decode()
    assert "Không có văn bản nào khớp bộ lọc." in html


def test_a_school_keeps_its_own_documents_register(client, school, school_user):
    """Issue 22: schools get a documents register of their own (plans, decisions): the
    same page type, under "Thông tin, thông báo", added by the school's editor."""
    import datetime

    from django.urls import reverse

    from home.models import NewsIndexPage, OfficialDocumentIndexPage, OfficialDocumentPage
    from sites.roles import SchoolRole

    news = NewsIndexPage.objects.child_of(school.home_page).get()
    assert OfficialDocumentIndexPage.can_create_at(news)
    client.force_login(school_user(SchoolRole.EDITOR))
    add = reverse("wagtailadmin_pages:add", args=["home", "officialdocumentindexpage", news.pk])
    assert client.get(add).status_code == 200

    register = news.add_child(instance=OfficialDocumentIndexPage(title="Văn bản", slug="van-ban"))
    register.add_child(
        instance=OfficialDocumentPage(
            title="Kế hoạch năm học",
            number="15/KH-THCS",
            abstract="Kế hoạch giáo dục nhà trường năm học 2026–2027",
            issuer=school.name,
            issued_on=datetime.date(2026, 9, 5),
        )
    )
    client.logout()
    html = client.get("/" + register.url_path.split("/", 2)[2], HTTP_HOST=host_of(school.site))
    assert html.status_code == 200
    assert "15/KH-THCS" in html.content.decode() and school.name in html.content.decode()
    assert list(news.news()) == []  # the register is not a news item
