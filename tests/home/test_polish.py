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

    SchoolSettings.objects.filter(site=school.site).update(logo=ImageFactory())
    response = client.get("/favicon.ico", HTTP_HOST=host_of(school.site))
    assert response.status_code == 302 and response["Location"].endswith(".png")


def test_print_stylesheet_hides_menus_and_prints_link_addresses():
    css = CSS.read_text(encoding="utf-8")
    printed = css[css.index("@media print") :]
    for hidden in (".main-nav", ".search-box", ".share", ".visitor-form"):
        assert hidden in printed.split("display: none")[0]
    assert 'content: " (" attr(href) ")"' in printed
