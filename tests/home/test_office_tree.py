"""Paths that cross the office tree (issue 22): a notice "for all schools" reaches the
schools of the office that issued it and of every office below it, named after that
office and linked on its own portal host; a school finder on any portal searches every
school below it."""

import re

import pytest

from tests.factories import OfficeNewsPageFactory

pytestmark = pytest.mark.django_db


def notices_section(client, school):
    html = client.get("/", HTTP_HOST=school.hostname).content.decode()
    match = re.search(r'<section aria-labelledby="thong-bao">(.*?)</section>', html, re.S)
    return match.group(1) if match else ""


def office_notice(office, title, for_all_schools=True):
    index = office.site.root_page.get_children().get(slug="tin-tuc")
    return OfficeNewsPageFactory(parent=index, title=title, for_all_schools=for_all_schools)


def test_a_notice_names_and_links_the_office_that_issued_it(client, province):
    so, ward_a, ward_b, schools = province
    notice = office_notice(so, "Nghỉ Tết Dương lịch toàn thành phố")
    own = office_notice(ward_a, "Họp giao ban hiệu trưởng phường Hội An")

    section = notices_section(client, schools["a1"])
    # Once each, under the issuing office's name, on the issuing office's host.
    assert section.count("Nghỉ Tết Dương lịch toàn thành phố") == 1
    assert section.count("Họp giao ban hiệu trưởng phường Hội An") == 1
    link = f"http://{so.domain}/tin-tuc/{notice.slug}/"
    assert f'<a href="{link}">Nghỉ Tết Dương lịch toàn thành phố</a>' in section
    assert f"({so.name}," in section.split(link)[1].split("</li>")[0]
    ward_link = f"http://{ward_a.domain}/tin-tuc/{own.slug}/"
    assert f"({ward_a.name}," in section.split(ward_link)[1].split("</li>")[0]

    # The link opens the notice on the Sở's portal.
    response = client.get(f"/tin-tuc/{notice.slug}/", HTTP_HOST=so.domain)
    assert response.status_code == 200
    assert "Nghỉ Tết Dương lịch toàn thành phố" in response.content.decode()
    # ...and the ward's portal has no such page (the link used to point there).
    assert client.get(f"/tin-tuc/{notice.slug}/", HTTP_HOST=ward_a.domain).status_code == 404


def test_a_notice_reaches_its_office_and_the_offices_below_only(client, province):
    so, ward_a, ward_b, schools = province
    office_notice(so, "Thông báo của Sở cho mọi trường")
    office_notice(ward_a, "Thông báo riêng phường Hội An")
    office_notice(ward_b, "Thông báo riêng phường Hội An Tây")
    office_notice(so, "Tin nội bộ của Sở", for_all_schools=False)

    seen = {key: notices_section(client, school) for key, school in schools.items()}
    for key in schools:
        assert "Thông báo của Sở cho mọi trường" in seen[key], key
        assert "Tin nội bộ của Sở" not in seen[key], key
    assert "Thông báo riêng phường Hội An<" in seen["a1"]
    assert "Thông báo riêng phường Hội An<" in seen["a2"]
    assert "Thông báo riêng phường Hội An Tây" not in seen["a1"]
    assert "Thông báo riêng phường Hội An Tây" in seen["b1"]
    assert "Thông báo riêng phường Hội An<" not in seen["b1"]
    assert "phường" not in seen["so"]  # the Sở's own school gets the Sở's notices only


def finder_names(client, host, **params):
    html = client.get("/truong-hoc/", params, HTTP_HOST=host).content.decode()
    count = re.search(r'<p role="status">Có (\d+) trường', html).group(1)
    return int(count), re.findall(r'<td><a href="[^"]+/">([^<]+)</a></td>', html)


@pytest.mark.parametrize("query", ["kim dong", "Kim Đồng", "kimdong", "KIMĐỒNG", "thcs kim"])
def test_the_so_finder_finds_a_ward_school_with_or_without_marks(client, province, query):
    so, ward_a, _ward_b, schools = province
    count, names = finder_names(client, so.domain, q=query)
    assert (count, names) == (1, ["THCS Kim Đồng"])
    # The ward's own finder too; the other ward's does not reach it.
    assert finder_names(client, ward_a.domain, q=query)[1] == ["THCS Kim Đồng"]


def test_the_office_filter_narrows_the_finder(client, province):
    so, ward_a, ward_b, schools = province
    assert finder_names(client, so.domain)[0] == 4
    assert finder_names(client, so.domain, don_vi=ward_a.pk)[1] == ["TH Lê Độ", "THCS Kim Đồng"]
    assert finder_names(client, so.domain, q="kimdong", don_vi=ward_b.pk)[0] == 0
    assert finder_names(client, so.domain, don_vi=so.pk)[1] == ["THPT Trần Quý Cáp"]
    # A ward cannot be asked for another ward's schools: the filter is ignored.
    assert finder_names(client, ward_b.domain, don_vi=ward_a.pk)[1] == ["THCS Nguyễn Du"]
    # The portal home's search box sends parents to the finder.
    home = client.get("/", HTTP_HOST=so.domain).content.decode()
    assert 'action="/truong-hoc/"' in home


def test_the_finder_searches_former_names(client, province):
    _so, ward_a, _ward_b, schools = province
    school = schools["a2"]
    school.former_names = "Trường Tiểu học Cẩm Phô"
    school.save()
    assert finder_names(client, ward_a.domain, q="cam pho")[1] == ["TH Lê Độ"]
    assert finder_names(client, ward_a.domain, q="camphô")[1] == ["TH Lê Độ"]
    assert finder_names(client, ward_a.domain, q="cam kim")[0] == 0


# --- Wording follows the office's kind ------------------------------------------------


def test_offices_are_named_by_their_kind(province):
    from sites.models import Office, OfficeKind, infer_office_kind

    so, ward_a, _ward_b, _schools = province
    assert (so.kind, so.kind_word) == (OfficeKind.SO, "Sở")
    assert (ward_a.kind, ward_a.kind_word) == (OfficeKind.PHUONG, "phường")
    assert infer_office_kind("Phòng Giáo dục và Đào tạo Hội An", so.pk) == OfficeKind.PHONG
    assert infer_office_kind("UBND xã Tam Xuân", so.pk) == OfficeKind.XA
    assert infer_office_kind("Ủy ban nhân dân đặc khu Hoàng Sa", so.pk) == OfficeKind.DAC_KHU
    assert Office.objects.get(pk=ward_a.pk).kind == OfficeKind.PHUONG  # stored


def test_pages_say_of_the_so_of_the_ward_never_of_the_phong(client, province):
    so, ward_a, _ward_b, schools = province
    so_home = client.get("/", HTTP_HOST=so.domain).content.decode()
    assert "Tin tức – Thông báo của Sở" in so_home and "của phòng" not in so_home
    ward_home = client.get("/", HTTP_HOST=ward_a.domain).content.decode()
    assert "Tin tức – Thông báo của phường" in ward_home and "của phòng" not in ward_home
    school_home = client.get("/", HTTP_HOST=schools["a1"].hostname).content.decode()
    assert "Cổng thông tin của phường" in school_home and "của phòng" not in school_home
    so_school = client.get("/", HTTP_HOST=schools["so"].hostname).content.decode()
    assert "Cổng thông tin của Sở" in so_school
    # An unknown school address answers in the layout of the portal that serves it.
    unknown = client.get("/", HTTP_HOST=f"khong-co-truong.{so.domain}").content.decode()
    assert f"không thuộc trường nào của {so.name}" in unknown
    assert "Về cổng thông tin của Sở" in unknown and "của phòng" not in unknown
