"""One install for a province: the office tree, per-office portals, office staff scoped to
their subtree, the commands, moving a school, and own domains."""

import datetime
import io
from io import StringIO

from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from wagtail.models import Page, Site

import pytest
from openpyxl import Workbook

from cms.schools.provisioning import ProvisioningError, move_school, provision_office
from home.sections import PORTAL_SECTIONS
from sites.domains import DomainError, check_proof, set_school_hostnames, start_proof
from sites.models import (
    Office,
    OfficeMembership,
    School,
    SchoolHostname,
    SchoolOfficeMembership,
    schools_of_office_on,
)
from sites.naming import short_slug
from sites.page_policy import governed_pages
from sites.permissions import (
    can_manage_school,
    can_see_school,
    schools_managed_by,
    schools_visible_to,
    users_visible_to,
)
from sites.process_memo import forget_everything
from sites.roles import OfficeRole, SchoolRole
from tests.factories import (
    NewsPageFactory,
    make_child_office,
    make_office_user,
    make_school_user,
)

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out, skip_checks=True)
    return out.getvalue()


# --- The tree and the portals -------------------------------------------------------------


def test_each_office_has_its_own_portal_and_a_second_office_leaves_the_first_alone(province):
    so, ward_a, ward_b, _schools = province
    portals = {o.domain: (o.site.hostname, o.site.root_page_id) for o in (so, ward_a, ward_b)}
    assert len({root for _host, root in portals.values()}) == 3
    assert so.site.is_default_site and not ward_a.site.is_default_site

    make_child_office(so, "UBND xã Tân Hiệp", "xa-tan-hiep.sogddanang.test")
    provision_office("Sở Giáo dục và Đào tạo Đà Nẵng", "sogddanang.test", port=80)  # again
    for office in Office.objects.filter(domain__in=portals):
        assert (office.site.hostname, office.site.root_page_id) == portals[office.domain]
    assert ward_a.parent == so and so.parent is None
    assert so.descendant_ids() == {o.pk for o in Office.objects.all()}
    assert ward_a.descendant_ids() == {ward_a.pk}


def test_every_portal_gets_its_sections_and_an_older_portal_gets_the_new_ones(client, province):
    so, ward_a, _ward_b, _schools = province
    expected = [s.slug for s in PORTAL_SECTIONS]
    for office in (so, ward_a):
        children = office.site.root_page.get_children()
        assert sorted(children.values_list("slug", flat=True)) == sorted(expected)
        assert all(children.values_list("live", flat=True))
    # A portal made before Lịch công tác and Tuyển sinh existed gets them on the next run.
    ward_a.site.root_page.get_children().filter(slug__in=["lich-cong-tac", "tuyen-sinh"]).delete()
    provision_office(ward_a.name, ward_a.domain, parent=so, port=80)
    slugs = ward_a.site.root_page.get_children().values_list("slug", flat=True)
    assert sorted(slugs) == sorted(expected)

    home = client.get("/", HTTP_HOST=ward_a.domain).content.decode()
    for section in PORTAL_SECTIONS:
        assert f'href="/{section.slug}/"' in home
        assert client.get(f"/{section.slug}/", HTTP_HOST=ward_a.domain).status_code == 200


def test_create_office_command_with_parent_is_idempotent_and_refuses_unknown_parent(province):
    so, *_ = province
    command = (
        "create_office",
        *("--name", "UBND xã Tân Hiệp", "--domain", "tanhiep.sogddanang.test"),
        *("--parent", "sogddanang.test", "--port", "80"),
    )
    out = run(*command)
    assert "Đã sẵn sàng" in out
    counts = (Office.objects.count(), Site.objects.count(), Page.objects.count())
    run(*command)  # again: nothing new
    assert (Office.objects.count(), Site.objects.count(), Page.objects.count()) == counts
    assert Office.objects.get(domain="tanhiep.sogddanang.test").parent == so
    with pytest.raises(CommandError, match="Không có đơn vị"):
        run("create_office", "--name", "X", "--domain", "x.test", "--parent", "khong-co.test")
    assert not Office.objects.filter(domain="x.test").exists()


def test_ward_portal_lists_its_schools_and_the_so_portal_its_wards(client, province):
    so, ward_a, ward_b, schools = province
    ward_dir = client.get("/truong-hoc/", HTTP_HOST=ward_a.domain)
    html = ward_dir.content.decode()
    assert "THCS Kim Đồng" in html and "TH Lê Độ" in html
    assert "THCS Nguyễn Du" not in html and "THPT Trần Quý Cáp" not in html

    # The Sở's directory lists its wards and, by default, every school below it.
    so_dir = client.get("/truong-hoc/", HTTP_HOST=so.domain).content.decode()
    assert "UBND phường Hội An Tây" in so_dir
    assert all(s.name in so_dir for s in schools.values())
    by_ward = client.get(f"/truong-hoc/?don_vi={ward_b.pk}", HTTP_HOST=so.domain)
    assert "THCS Nguyễn Du" in by_ward.content.decode()
    assert "THCS Kim Đồng" not in by_ward.content.decode()
    direct = client.get(f"/truong-hoc/?don_vi={so.pk}", HTTP_HOST=so.domain).content.decode()
    assert "THPT Trần Quý Cáp" in direct and "THCS Nguyễn Du" not in direct
    by_level = client.get("/truong-hoc/?cap=THPT", HTTP_HOST=so.domain).content.decode()
    assert "THPT Trần Quý Cáp" in by_level and "THCS Nguyễn Du" not in by_level
    # A ward's portal cannot be made to list another ward's schools.
    other = client.get(f"/truong-hoc/?don_vi={ward_b.pk}", HTTP_HOST=ward_a.domain)
    assert "THCS Nguyễn Du" not in other.content.decode()


def test_portal_home_shows_news_of_its_own_schools_only(client, province):
    so, ward_a, _ward_b, schools = province
    NewsPageFactory.for_school(schools["a1"], title="Tin phường A").save_revision().publish()
    NewsPageFactory.for_school(schools["b1"], title="Tin phường B").save_revision().publish()
    ward = client.get("/", HTTP_HOST=ward_a.domain).content.decode()
    assert "Tin phường A" in ward and "Tin phường B" not in ward
    province_home = client.get("/", HTTP_HOST=so.domain).content.decode()
    assert "Tin phường A" in province_home and "Tin phường B" in province_home


def test_open_data_per_portal(client, province):
    so, ward_a, _ward_b, schools = province
    ward = client.get("/du-lieu-mo/cong-khai.json", HTTP_HOST=ward_a.domain).json()
    assert {s["slug"] for s in ward["schools"]} == {schools["a1"].slug, schools["a2"].slug}
    whole = client.get("/du-lieu-mo/cong-khai.json", HTTP_HOST=so.domain).json()
    assert {s["slug"] for s in whole["schools"]} == {s.slug for s in schools.values()}
    school_host = client.get("/du-lieu-mo/cong-khai.json", HTTP_HOST=schools["a1"].hostname)
    assert school_host.status_code == 404


# --- Office staff see their own subtree only ----------------------------------------------


ROLES = [OfficeRole.ADMINISTRATOR, OfficeRole.INSPECTOR]


@pytest.mark.parametrize("role", ROLES)
def test_predicates_scope_ward_staff_to_their_ward_and_so_staff_to_everything(province, role):
    so, ward_a, ward_b, schools = province
    ward_user = make_office_user(ward_a, role)
    so_user = make_office_user(so, role)
    assert set(schools_visible_to(ward_user)) == {schools["a1"], schools["a2"]}
    assert set(schools_visible_to(so_user)) == set(schools.values())
    assert can_see_school(ward_user, schools["a1"])
    assert not can_see_school(ward_user, schools["b1"])
    managed = set(schools_managed_by(ward_user))
    assert managed == (
        {schools["a1"], schools["a2"]} if role == OfficeRole.ADMINISTRATOR else set()
    )
    assert not can_manage_school(ward_user, schools["b1"])


def test_users_of_another_ward_are_invisible(province):
    _so, ward_a, ward_b, schools = province
    inspector_a = make_office_user(ward_a, OfficeRole.INSPECTOR)
    editor_a = make_school_user(schools["a1"], SchoolRole.EDITOR)
    editor_b = make_school_user(schools["b1"], SchoolRole.EDITOR)
    admin_b = make_office_user(ward_b, OfficeRole.ADMINISTRATOR)
    visible = set(users_visible_to(inspector_a))
    assert editor_a in visible and inspector_a in visible
    assert editor_b not in visible and admin_b not in visible


@pytest.fixture
def ward_a_client(client, province):
    _so, ward_a, _ward_b, _schools = province
    client.force_login(make_office_user(ward_a, OfficeRole.ADMINISTRATOR, "quantri-phuong-a"))
    return client


def test_ward_admin_school_list_and_forms_stay_in_the_ward(ward_a_client, province):
    _so, _ward_a, _ward_b, schools = province
    html = ward_a_client.get(reverse("truong_hoc:index")).content.decode()
    assert "THCS Kim Đồng" in html and "THCS Nguyễn Du" not in html
    for name in ("truong_hoc:edit", "truong_hoc:add_user"):
        assert ward_a_client.get(reverse(name, args=[schools["b1"].pk])).status_code == 404
        assert ward_a_client.get(reverse(name, args=[schools["a1"].pk])).status_code == 200


def test_ward_admin_dashboard_export_and_drilldown_stay_in_the_ward(ward_a_client, province):
    _so, _ward_a, _ward_b, schools = province
    response = ward_a_client.get(reverse("publicity_dashboard"))
    assert {r["school"].pk for r in response.context["rows"]} == {
        schools["a1"].pk,
        schools["a2"].pk,
    }
    export = ward_a_client.get(reverse("publicity_dashboard") + "?format=csv").content.decode(
        "utf-8-sig"
    )
    assert "THCS Kim Đồng" in export and "THCS Nguyễn Du" not in export
    # Refused: 404 from the admin guard (another ward's school, as if it did not exist).
    refused = ward_a_client.get(reverse("publicity_school", args=[schools["b1"].pk]))
    assert refused.status_code in (403, 404)
    assert (
        ward_a_client.get(reverse("publicity_school", args=[schools["a1"].pk])).status_code == 200
    )


def test_ward_admin_page_rights_reach_the_ward_only(province):
    so, ward_a, _ward_b, schools = province
    admin_a = make_office_user(ward_a, OfficeRole.ADMINISTRATOR)
    home_a, home_b = schools["a1"].home_page, schools["b1"].home_page
    assert home_a.permissions_for_user(admin_a).can_edit()
    assert ward_a.site.root_page.permissions_for_user(admin_a).can_edit()
    assert not home_b.permissions_for_user(admin_a).can_edit()
    assert not so.site.root_page.permissions_for_user(admin_a).can_edit()
    governed = {p.pk for p in governed_pages(admin_a)}
    assert governed == {home_a.pk, schools["a2"].home_page_id, ward_a.site.root_page_id}
    so_admin = make_office_user(so, OfficeRole.ADMINISTRATOR)
    assert governed_pages(so_admin) is None  # the whole install: Wagtail's own rows apply
    assert home_b.permissions_for_user(so_admin).can_edit()


def test_ward_admin_explorer_and_page_edit(ward_a_client, province):
    _so, _ward_a, _ward_b, schools = province
    root = Page.get_first_root_node()
    response = ward_a_client.get(reverse("wagtailadmin_explore", args=[root.pk]))
    listed = {page.pk for page in response.context["pages"]}
    assert schools["a1"].home_page_id in listed and schools["a2"].home_page_id in listed
    assert schools["b1"].home_page_id not in listed
    assert schools["so"].home_page_id not in listed
    edit_b = ward_a_client.get(
        reverse("wagtailadmin_pages:edit", args=[schools["b1"].home_page_id])
    )
    assert edit_b.status_code in (302, 403)
    edit_a = ward_a_client.get(
        reverse("wagtailadmin_pages:edit", args=[schools["a1"].home_page_id])
    )
    assert edit_a.status_code == 200


def test_approval_trail_of_a_ward_shows_its_schools_only(ward_a_client, province):
    _so, _ward_a, _ward_b, schools = province
    NewsPageFactory.for_school(schools["a1"], title="Bài phường A").save_revision().publish()
    NewsPageFactory.for_school(schools["b1"], title="Bài phường B").save_revision().publish()
    html = ward_a_client.get(reverse("editing_office_trail")).content.decode()
    assert "Bài phường A" in html and "Bài phường B" not in html


def test_office_user_command_and_one_office_per_user(province):
    _so, ward_a, ward_b, schools = province
    out = run(
        "add_office_user",
        "--office",
        ward_a.domain,
        "--role",
        "inspector",
        "--username",
        "kiemtra.a",
        "--email",
        "kiemtra.a@example.test",
    )
    assert "kiemtra.a" in out
    run(  # idempotent
        "add_office_user",
        "--office",
        ward_a.domain,
        "--role",
        "inspector",
        "--username",
        "kiemtra.a",
        "--email",
        "kiemtra.a@example.test",
    )
    membership = OfficeMembership.objects.get(user__username="kiemtra.a")
    assert (membership.office, membership.role) == (ward_a, OfficeRole.INSPECTOR)
    with pytest.raises(CommandError, match="mỗi tài khoản chỉ thuộc một đơn vị"):
        run(
            "add_office_user",
            "--office",
            ward_b.domain,
            "--role",
            "inspector",
            "--username",
            "kiemtra.a",
            "--email",
            "kiemtra.a@example.test",
        )
    with pytest.raises(CommandError, match="không hợp lệ"):
        run(
            "add_office_user",
            "--office",
            ward_a.domain,
            "--role",
            "boss",
            "--username",
            "x",
            "--email",
            "x@example.test",
        )
    editor = make_school_user(schools["a1"], SchoolRole.EDITOR)
    with pytest.raises(CommandError, match="cán bộ một trường"):
        run(
            "add_office_user",
            "--office",
            ward_a.domain,
            "--role",
            "inspector",
            "--username",
            editor.username,
            "--email",
            "e@example.test",
        )


# --- Importing an office's spreadsheet ----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Trường Tiểu học và Trung học cơ sở Láng Biển", "th-thcs-lang-bien"),
        ("TRƯỜNG MẦM NON HOA SEN", "mn-hoa-sen"),
        ("Trường Mẫu giáo Cẩm Hà", "mg-cam-ha"),
        ("Trường Trung học phổ thông Trần Quý Cáp", "thpt-tran-quy-cap"),
        ("Trung tâm Giáo dục thường xuyên Hội An", "gdtx-hoi-an"),
        ("THCS Kim Đồng", "thcs-kim-dong"),
        ("TH&THCS Lý Thường Kiệt", "th-thcs-ly-thuong-kiet"),
    ],
)
def test_short_addresses_for_official_names(name, slug):
    assert short_slug(name) == slug


def test_long_names_make_codes_of_at_most_30_characters():
    slug = short_slug("Trường Tiểu học và Trung học cơ sở " + "Nguyễn Văn Trỗi Anh Hùng " * 6)
    assert slug.startswith("th-thcs-nguyen-van-troi") and len(slug) <= 30
    assert not slug.endswith("-")


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Trường Tiểu học số 1 thuộc xã Bình Minh huyện Thăng Bình tỉnh Quảng Nam", "th-so-1"),
        (
            "Trường Trung học cơ sở Nguyễn Bỉnh Khiêm xã Điện Phước, huyện Điện Bàn, "
            "tỉnh Quảng Nam",
            "thcs-nguyen-binh-khiem",
        ),
        ("Trường THCS Kim Đồng (phường Cẩm Phô)", "thcs-kim-dong"),
        ("Trường TH Lê Độ, TP. Hội An", "th-le-do"),
        ("Trường Mầm non Hoa Sen thị trấn Nam Phước", "mn-hoa-sen"),
        # The place is the school's own name when nothing of the name comes before it.
        ("Trường Mầm non Thị trấn Hà Lam", "mn-thi-tran-ha-lam"),
        ("Trường Tiểu học Phường 3", "th-phuong-3"),
    ],
)
def test_codes_drop_the_location_an_official_name_carries(name, slug):
    assert short_slug(name) == slug


def test_import_keeps_the_official_name_and_makes_a_short_address(province, tmp_path):
    _so, ward_a, _ward_b, _schools = province
    name = "Trường Tiểu học số 1 thuộc xã Bình Minh huyện Thăng Bình tỉnh Quảng Nam"
    path = tmp_path / "truong.csv"
    path.write_text(f"Tên trường;Cấp học\n{name};TH\n", encoding="utf-8")
    call_command("import_schools", str(path), "--office", ward_a.domain, stdout=io.StringIO())
    school = School.objects.get(name=name)
    assert school.slug == "th-so-1"
    assert school.site.hostname == f"th-so-1.{ward_a.domain}"
    assert school.site.site_name == name


def xlsx_with_title_rows(rows):
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "DANH SÁCH CÁC TRƯỜNG TRÊN ĐỊA BÀN PHƯỜNG HỘI AN"
    sheet.merge_cells("A1:D1")
    sheet["A2"] = "(Kèm theo Công văn số 123/UBND)"
    sheet.merge_cells("A2:D2")
    sheet.append(["STT", " Ten truong ", "CẤP HỌC", "Số điện thoại"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_import_xlsx_with_a_merged_title_row_and_unmarked_headers(province, tmp_path):
    _so, ward_a, _ward_b, _schools = province
    path = tmp_path / "truong.xlsx"
    path.write_bytes(
        xlsx_with_title_rows(
            [
                [1, "Trường Tiểu học và Trung học cơ sở Láng Biển", "TH-THCS", 2353861234],
                [2, "Trường Mầm non Hoa Sen", "", None],
            ]
        )
    )
    out = run("import_schools", str(path), "--office", ward_a.domain, "--port", "80")
    assert "Đã tạo 2 trường mới" in out
    lang_bien = School.objects.get(slug="th-thcs-lang-bien")
    assert lang_bien.office == ward_a and lang_bien.level == "TH-THCS"
    assert lang_bien.phone == "2353861234"
    assert lang_bien.hostname == "th-thcs-lang-bien.hoian.sogddanang.test"
    assert School.objects.get(slug="mn-hoa-sen").level == "MN"  # level read from the name
    assert "0 trường mới" in run("import_schools", str(path), "--office", ward_a.domain)


def test_import_csv_with_bom_and_spaces_needs_office_when_there_are_several(province, tmp_path):
    _so, ward_a, _ward_b, _schools = province
    path = tmp_path / "truong.csv"
    path.write_bytes(
        "\ufeffDanh sách trường,,\n  Tên trường ; Cấp học ;Địa chỉ\n"
        "  Trường THCS   Phan Bội Châu ; thcs ; 12 Trần Phú\n".replace(",,", ";;").encode()
    )
    with pytest.raises(CommandError, match="--office"):
        run("import_schools", str(path))
    run("import_schools", str(path), "--office", ward_a.domain)
    school = School.objects.get(slug="thcs-phan-boi-chau")
    assert (school.name, school.address) == ("Trường THCS Phan Bội Châu", "12 Trần Phú")


def test_code_clash_across_the_install_is_reported_by_line_with_a_free_code(province, tmp_path):
    _so, _ward_a, ward_b, _schools = province
    path = tmp_path / "truong.csv"
    path.write_text(
        "Tên trường,Cấp học,Mã trường\nTH Hoà Bình,TH,\nTHCS Kim Đồng B,THCS,thcs-kim-dong\n",
        encoding="utf-8",
    )
    before = School.objects.count()
    with pytest.raises(CommandError) as error:
        run("import_schools", str(path), "--office", ward_b.domain)
    message = str(error.value)
    assert "Dòng 3" in message and "thcs-kim-dong-2" in message
    assert School.objects.count() == before  # nothing half-done


# --- Moving a school; history stays true ------------------------------------------------------


@override_settings(EXTRA_ALLOWED_HOSTS=[])
def test_move_keeps_content_and_redirects_the_old_address(client, province):
    _so, ward_a, ward_b, schools = province
    school = schools["a1"]
    editor = make_school_user(school, SchoolRole.EDITOR)
    news = NewsPageFactory.for_school(school, title="Tin trước khi chuyển")
    news.save_revision().publish()
    old_host = school.hostname
    out = run(
        "move_school", "--school", school.slug, "--to-office", ward_b.domain, "--on", "2025-07-01"
    )
    assert "Đã chuyển" in out
    school.refresh_from_db()
    assert school.office == ward_b and school.site.hostname == f"{school.slug}.{ward_b.domain}"
    assert school.base_url == f"http://{school.slug}.{ward_b.domain}"
    assert editor.groups.filter(school_role__school=school).exists()
    assert Page.objects.filter(pk=news.pk, path__startswith=school.home_page.path).exists()

    response = client.get("/tin-tuc/?trang=2", HTTP_HOST=old_host)
    assert response.status_code == 301
    assert response["Location"] == f"http://{school.slug}.{ward_b.domain}/tin-tuc/?trang=2"
    assert client.get("/", HTTP_HOST=school.site.hostname).status_code == 200
    assert "đã thuộc" in run("move_school", "--school", school.slug, "--to-office", ward_b.domain)
    assert SchoolOfficeMembership.objects.filter(school=school).count() == 2


def test_past_report_lists_schools_under_the_office_of_the_time(province, tmp_path):
    _so, ward_a, ward_b, schools = province

    def report(office, as_of):
        path = tmp_path / f"{office.pk}-{as_of}.csv"
        call_command(
            "compliance_report",
            "--period",
            "2024-2025",
            "--as-of",
            as_of,
            "--office",
            office.domain,
            "--output",
            str(path),
            stderr=StringIO(),
        )
        return path.read_text(encoding="utf-8-sig")

    before = report(ward_a, "2025-05-31")
    move_school(schools["a1"], ward_b, on=datetime.date(2025, 7, 1))
    after = report(ward_a, "2025-05-31")
    assert before == after and "THCS Kim Đồng" in after
    assert "THCS Kim Đồng" not in report(ward_b, "2025-05-31")
    on_day = datetime.date(2025, 7, 1)
    assert schools["a1"] in set(schools_of_office_on(ward_b, on_day))
    assert schools["a1"] not in set(schools_of_office_on(ward_a, on_day))


def test_move_refuses_a_taken_address_and_changes_nothing(province):
    _so, ward_a, ward_b, schools = province
    Site.objects.create(
        hostname=f"{schools['a1'].slug}.{ward_b.domain}",
        port=80,
        root_page_id=ward_b.site.root_page_id,
    )
    with pytest.raises(ProvisioningError, match="đã được dùng"):
        move_school(schools["a1"], ward_b)
    schools["a1"].refresh_from_db()
    assert schools["a1"].office == ward_a
    assert SchoolOfficeMembership.objects.filter(school=schools["a1"]).count() == 1


# --- Own domains ------------------------------------------------------------------------------


@override_settings(EXTRA_ALLOWED_HOSTS=[])
def test_own_domain_needs_a_proof_and_aliases_redirect(client, province):
    _so, ward_a, _ward_b, schools = province
    school = schools["a1"]
    old_host = school.hostname
    with pytest.raises(DomainError, match="xác minh"):
        set_school_hostnames(school, "thcskimdong.edu.vn")
    assert client.get("/", HTTP_HOST="thcskimdong.edu.vn").status_code == 400

    proof = start_proof(ward_a, "thcskimdong.edu.vn")
    with pytest.raises(DomainError, match="Chưa thấy mã"):
        check_proof(proof, resolver=lambda name: ["something else"])
    seen = []
    check_proof(
        proof,
        resolver=lambda name: seen.append(name) or [f"truongso-xac-minh={proof.token}"],
    )
    proof.refresh_from_db()
    assert seen == ["_truongso-xac-minh.thcskimdong.edu.vn"]
    assert proof.verified_at is not None and proof.token in proof.evidence

    set_school_hostnames(
        school, "thcskimdong.edu.vn", ["www.thcskimdong.edu.vn", "kimdong.hoian.sogddanang.test"]
    )
    school.refresh_from_db()
    assert school.site.hostname == "thcskimdong.edu.vn"
    assert school.base_url == "http://thcskimdong.edu.vn"
    assert set(SchoolHostname.objects.filter(school=school).values_list("hostname", flat=True)) == {
        "www.thcskimdong.edu.vn",
        "kimdong.hoian.sogddanang.test",
        old_host,
    }
    assert client.get("/", HTTP_HOST="thcskimdong.edu.vn").status_code == 200
    for alias in ("www.thcskimdong.edu.vn", old_host):
        response = client.get("/gioi-thieu/", HTTP_HOST=alias)
        assert response.status_code == 301
        assert response["Location"] == "http://thcskimdong.edu.vn/gioi-thieu/"


def test_file_proof_and_hostnames_of_other_schools_are_refused(province):
    _so, ward_a, _ward_b, schools = province
    proof = start_proof(ward_a, "truongledo.example.test")
    check_proof(proof, "file", fetcher=lambda url: f"  {proof.token}\n")
    assert proof.verified_at is not None and proof.evidence.startswith("GET http://")
    with pytest.raises(DomainError, match="đang được dùng"):
        set_school_hostnames(schools["a2"], schools["b1"].hostname)
    with pytest.raises(DomainError, match="cổng"):
        set_school_hostnames(schools["a2"], ward_a.domain)


@override_settings(EXTRA_ALLOWED_HOSTS=[])
def test_unknown_hosts_are_refused_and_new_offices_accepted_without_restart(client, province):
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400
    assert client.get("/", HTTP_HOST="tanhiep.sogddanang.test").status_code in (200, 404)
    provision_office("UBND xã Điện Bàn", "dienban.test", port=80)
    assert client.get("/", HTTP_HOST="dienban.test").status_code == 200


def test_so_rollup_has_one_row_per_ward_and_drills_down(client, province):
    so, ward_a, ward_b, schools = province
    client.force_login(make_office_user(so, OfficeRole.INSPECTOR, "kiemtra-so"))
    response = client.get(reverse("publicity_rollup") + "?nam_hoc=2025-2026&ngay=2025-10-10")
    rows = {row["name"]: row["schools"] for row in response.context["rows"]}
    assert rows == {so.name: 1, ward_a.name: 2, ward_b.name: 1}
    drill = client.get(reverse("publicity_dashboard") + f"?don_vi={ward_a.pk}")
    assert {r["school"].pk for r in drill.context["rows"]} == {schools["a1"].pk, schools["a2"].pk}
    direct = client.get(reverse("publicity_dashboard") + f"?don_vi={so.pk}&truc_tiep=1")
    assert {r["school"].pk for r in direct.context["rows"]} == {schools["so"].pk}

    client.force_login(make_office_user(ward_a, OfficeRole.INSPECTOR, "kiemtra-a"))
    ward_rows = client.get(reverse("publicity_rollup")).context["rows"]
    assert [(r["name"], r["schools"]) for r in ward_rows] == [(ward_a.name, 2)]
    outside = client.get(reverse("publicity_dashboard") + f"?don_vi={ward_b.pk}")
    assert {r["school"].pk for r in outside.context["rows"]} == {
        schools["a1"].pk,
        schools["a2"].pk,
    }  # another ward's id is ignored, never widened


def test_tls_ask_endpoint_answers_for_served_hosts_only(client, province):
    _so, ward_a, _ward_b, schools = province
    url = "/.well-known/truongso-tls"
    assert client.get(url, {"domain": schools["a1"].hostname}).status_code == 200
    assert client.get(url, {"domain": ward_a.domain}).status_code == 200
    assert client.get(url, {"domain": "khong-phai-cua-ta.example"}).status_code == 404


def test_choosers_of_a_ward_admin_offer_the_ward_only(province, rf):
    from wagtail.images.models import Image

    from sites.wagtail_hooks import images_of_own_school, pages_of_own_school_in_chooser
    from tests.factories import ImageFactory

    _so, ward_a, _ward_b, schools = province
    request = rf.get("/")
    request.user = make_office_user(ward_a, OfficeRole.ADMINISTRATOR)
    pages = set(
        pages_of_own_school_in_chooser(Page.objects.all(), request).values_list("pk", flat=True)
    )
    assert {schools["a1"].home_page_id, ward_a.site.root_page_id} <= pages
    assert schools["b1"].home_page_id not in pages and schools["so"].home_page_id not in pages
    ImageFactory(title="Ảnh A", collection=schools["a1"].collection)
    ImageFactory(title="Ảnh B", collection=schools["b1"].collection)
    titles = set(images_of_own_school(Image.objects.all(), request).values_list("title", flat=True))
    assert titles == {"Ảnh A"}


def test_page_trail_of_another_ward_is_refused(client, province):
    _so, ward_a, _ward_b, schools = province
    news_b = NewsPageFactory.for_school(schools["b1"], title="Tin phường B")
    news_a = NewsPageFactory.for_school(schools["a1"], title="Tin phường A")
    client.force_login(make_office_user(ward_a, OfficeRole.INSPECTOR))
    assert client.get(reverse("editing_trail", args=(news_a.pk,))).status_code == 200
    assert client.get(reverse("editing_trail", args=(news_b.pk,))).status_code in (302, 403)


def test_so_rollup_sums_the_stored_figures_and_follows_a_publish(
    province, django_assert_max_num_queries
):
    from django.core.cache import cache

    from publicity.compliance import compute
    from publicity.demo import publish_disclosure
    from publicity.models import SchoolComplianceSummary
    from publicity.rollup import rollup

    so, ward_a, ward_b, schools = province
    inspector = make_office_user(so, OfficeRole.INSPECTOR, "kiemtra-so")
    year, day = "2025-2026", datetime.date(2025, 10, 10)
    publish_disclosure(schools["b1"], "gen_name", year, datetime.date(2025, 6, 20))

    def figures(rows):
        return {r["name"]: (r["schools"], r["figures"]) for r in rows}

    matrix = compute(year, day)
    expected = {}
    for office, members in (
        (so, [schools["so"]]),
        (ward_a, [schools["a1"], schools["a2"]]),
        (ward_b, [schools["b1"]]),
    ):
        cells = [c for s in members for c in matrix.school_cells(s)]
        expected[office.name] = (len(members), matrix.summary(cells))
    facts, rows = rollup(inspector, year, day)
    assert figures(rows) == expected and facts["total"] == 4
    assert expected[ward_b.name][1].published >= 1  # the published item counts
    assert SchoolComplianceSummary.objects.filter(as_of=day).count() == 4  # stored

    cache.clear()  # every figure stored: a fixed number of queries, whatever the schools
    forget_everything()  # and this process's copies of its entries
    with django_assert_max_num_queries(8):
        assert figures(rollup(inspector, year, day)[1]) == expected

    publish_disclosure(schools["a1"], "gen_name", year, datetime.date(2025, 6, 20))
    done_before = expected[ward_a.name][1].published
    assert figures(rollup(inspector, year, day)[1])[ward_a.name][1].published == done_before + 1


def test_explorer_site_filter_offers_the_reach_and_is_left_out_past_the_limit(
    client, province, monkeypatch
):
    from sites import admin_filters

    _so, ward_a, _ward_b, schools = province
    client.force_login(make_office_user(ward_a, OfficeRole.ADMINISTRATOR, "quantri-a"))
    root = Page.get_first_root_node()
    url = reverse("wagtailadmin_explore", args=[root.pk])
    form = client.get(url).context["filters"].form
    offered = set(form.fields["site"].queryset.values_list("pk", flat=True))
    assert offered == {ward_a.site_id, schools["a1"].site_id, schools["a2"].site_id}

    monkeypatch.setattr(admin_filters, "SITE_CHOICES_MAX", 2)
    response = client.get(url)
    assert response.status_code == 200
    assert "site" not in response.context["filters"].form.fields
