"""The school's menus come from the sections table: the four fixed sections in the header,
the other five in the footer, so parents find Tuyển sinh, Lịch công tác, Hỏi đáp, Lấy ý
kiến and Sự kiện from any page."""

import re

import pytest

from home.sections import SCHOOL_SECTIONS

pytestmark = pytest.mark.django_db


def test_every_section_is_linked_from_a_school_page(client, school):
    html = client.get("/", HTTP_HOST=school.site.hostname).content.decode()
    header = html.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]
    footer = html.split('class="site-footer"', 1)[1]
    for section in SCHOOL_SECTIONS:
        place = header if section.core else footer
        assert re.search(rf'href="/{section.slug}/"[^>]*>{section.title}<', place), section.slug
        assert client.get(f"/{section.slug}/", HTTP_HOST=school.site.hostname).status_code == 200


def test_the_portal_has_no_school_section_links(client, office):
    html = client.get("/", HTTP_HOST=office.domain).content.decode()
    # Its own Tuyển sinh (every school's timeline) is linked; no school section is.
    assert 'href="/cong-khai/"' not in html and 'href="/hoi-dap/"' not in html
    assert "Tuyển sinh các trường" in html
