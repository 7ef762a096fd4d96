"""The portal finds schools (first) and every school's news; a school's search reads the
body of pages and disclosure titles. SQLite by default, PostgreSQL with DATABASE_URL."""

import pytest

from tests.factories import NewsPageFactory, make_school

pytestmark = pytest.mark.django_db


def get(client, host, **params):
    return client.get("/tim-kiem/", params, HTTP_HOST=host).content.decode()


def test_portal_finds_the_school_first_then_school_news(client, school, other_school):
    make_school("MG Hoa Sen phân hiệu Kim Đồng Mới", level="MN", office=school.office)
    NewsPageFactory.for_school(other_school, title="Hội thi giữ gìn sách vở sạch đẹp")
    html = get(client, school.office.domain, q="kim dong")
    assert html.index("THCS Kim Đồng") < html.index("MG Hoa Sen phân hiệu Kim Đồng Mới")
    assert f'href="{school.base_url}/"' in html

    news = get(client, school.office.domain, q="giu gin sach")
    assert "Hội thi giữ gìn sách vở sạch đẹp" in news
    assert other_school.base_url + "/tin-tuc/" in news  # linked on the school's own host
    assert "TH Lê Độ" in news


def test_school_search_reads_the_body(client, school):
    NewsPageFactory.for_school(
        school,
        title="Tuần lễ vệ sinh",
        body=[("paragraph", "<p>Mỗi lớp cùng nhau giữ sân trường sạch sẽ.</p>")],
    )
    for query in ("giữ sân trường", "giu san truong"):
        assert "Tuần lễ vệ sinh" in get(client, school.site.hostname, q=query)
