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


QUERY_SYNTAX = ['"', '"kim', 'kim dong"', "\x00", "kim\x00dong", "a OR (b", "*", "NOT", "-kim"]


@pytest.mark.parametrize("query", QUERY_SYNTAX)
def test_query_syntax_and_nul_never_crash_a_search(client, school, query):
    """Issue 21: a stray quote or a NUL byte was a 500 on the portal (503 in production)."""
    NewsPageFactory.for_school(school, title="Kim Đồng khai giảng")
    for host in (school.office.domain, school.site.hostname):
        response = client.get("/tim-kiem/", {"q": query}, HTTP_HOST=host)
        assert response.status_code == 200, (host, query)
    directory = client.get("/truong-hoc/", {"q": query}, HTTP_HOST=school.office.domain)
    assert directory.status_code == 200, query
    html = client.get("/tim-kiem/", {"q": '"kim dong"'}, HTTP_HOST=school.office.domain)
    assert "THCS Kim Đồng" in html.content.decode()  # the words still count
