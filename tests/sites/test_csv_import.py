"""Importing an office's school list: whole-file validation, idempotence, the CLI."""

from io import StringIO
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from wagtail.models import Page, Site

import pytest

from cms.schools.csv_import import SchoolCsvError, check_school_csv, import_school_csv
from sites.models import Office, School
from sites.roles import SchoolRole

# The five protected sections of issue 14, after the four fixed ones.
NEW_SECTION_SLUGS = ["tuyen-sinh", "lich-cong-tac", "hoi-dap", "lay-y-kien", "su-kien"]

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "hoi-an-schools.csv"


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out, skip_checks=True)
    return out.getvalue()


def test_fixture_lists_34_schools_with_valid_rows(office):
    rows = check_school_csv(office, FIXTURE.read_bytes())
    assert len(rows) == 34
    assert rows[0][0] == 2  # line numbers count the header as line 1
    names = {spec.name for _line, spec in rows}
    assert {"THCS Kim Đồng", "TH-THCS Lý Thường Kiệt", "MG Cẩm Hà"} <= names


def test_import_twice_leaves_34_schools_each_with_four_sections(office):
    first = import_school_csv(office, FIXTURE.read_bytes())
    counts = (Page.objects.count(), Site.objects.count())
    second = import_school_csv(office, FIXTURE.read_bytes())

    assert (first.created, first.existing) == (34, 0)
    assert (second.created, second.existing) == (0, 34)
    assert School.objects.count() == 34
    assert (Page.objects.count(), Site.objects.count()) == counts
    for school in School.objects.select_related("home_page"):
        assert [p.slug for p in school.home_page.get_children()] == [
            "gioi-thieu",
            "cong-khai",
            "chuyen-mon",
            "tin-tuc",
            *NEW_SECTION_SLUGS,
        ]
    kim_dong = School.objects.get(slug="thcs-kim-dong")
    assert kim_dong.legacy_url == "http://thcskimdong.quangnam.vnptweb.vn/"
    assert School.objects.get(slug="th-thcs-ly-thuong-kiet").level == "TH-THCS"


def test_bom_semicolons_and_vietnamese_headers_are_read(office):
    data = (
        "\ufeffTên trường;Cấp học;Địa chỉ;Email\n"
        "THCS Lê Lợi;thcs;12 Lê Lợi, Hội An;lele@example.test\n"
        "MN Hoa Sen;Mầm non;;\n"
    ).encode()
    result = import_school_csv(office, data)
    assert result.created == 2
    le_loi = School.objects.get(slug="thcs-le-loi")
    assert (le_loi.address, le_loi.email, le_loi.level) == (
        "12 Lê Lợi, Hội An",
        "lele@example.test",
        "THCS",
    )
    assert School.objects.get(slug="mn-hoa-sen").level == "MN"


def test_one_bad_row_imports_nothing_and_every_bad_row_is_named(office):
    data = (
        "name,level,email\n"
        "THCS Tốt,THCS,\n"  # line 2: fine
        ",THCS,\n"  # line 3: no name
        "THCS Lạ,Đại học,\n"  # line 4: bad level
        "THCS Tốt,THCS,\n"  # line 5: repeats line 2 (same school): fine
        "THCS Tot,THCS,\n"  # line 6: same slug as line 2, other name
        "THCS Thư,THCS,khong-phai-email\n"
    ).encode()  # line 7: bad email
    with pytest.raises(SchoolCsvError) as caught:
        import_school_csv(office, data)
    lines = [line for line, _reason in caught.value.rows]
    assert lines == [7]  # unreadable rows are reported first, before provisioning checks

    data = data.replace(b"khong-phai-email", b"thu@example.test")
    with pytest.raises(SchoolCsvError) as caught:
        import_school_csv(office, data)
    reasons = dict(caught.value.rows)
    assert sorted(reasons) == [3, 4, 6]
    assert "thiếu tên trường" in reasons[3]
    assert "cấp học" in reasons[4]
    assert "dòng 2" in reasons[6]
    assert "Dòng 3: thiếu tên trường" in str(caught.value)
    assert not School.objects.exists()


def test_a_nul_byte_in_a_school_name_is_refused_with_its_row(office):
    data = "name,level\nTHCS Tốt,THCS\nTHCS Kim\x00 Đồng,THCS\n".encode()
    with pytest.raises(SchoolCsvError) as caught:
        import_school_csv(office, data)
    assert caught.value.rows == [
        (3, "cột tên trường có ký tự điều khiển (mã U+0000) không được phép")
    ]
    assert "Dòng 3" in str(caught.value)
    assert not School.objects.exists()


def test_clash_with_an_existing_school_is_named(office, school):
    data = b"name,level\nTHCS Kim Dong,THCS\n"
    with pytest.raises(SchoolCsvError) as caught:
        import_school_csv(office, data)
    assert caught.value.rows[0][0] == 2
    assert "thcs-kim-dong" in caught.value.rows[0][1]
    assert School.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Tệp trống"),
        (b"ten,dia chi\nA,B\n", "thiếu cột level"),
        (b"name,level\nTHCS Kim \xd0ong,THCS\n", "UTF-8"),  # a Windows-1258 export
        (b"name,level\n", "không có dòng"),
    ],
)
def test_unreadable_files_get_a_clear_message(office, data, message):
    with pytest.raises(SchoolCsvError, match=message):
        import_school_csv(office, data)


# --- Commands ---------------------------------------------------------------------


def test_create_office_then_import_schools_command(db, tmp_path):
    out = run(
        "create_office",
        "--name",
        "Phòng GDĐT Hội An",
        "--domain",
        "pgddthoian.test",
        "--port",
        "8000",
        "--phone",
        "0235 3861 234",
    )
    assert "Phòng GDĐT Hội An" in out
    office = Office.objects.get()
    assert office.site.port == 8000 and office.phone == "0235 3861 234"

    out = run("import_schools", str(FIXTURE), "--port", "8000")
    assert "Đã tạo 34 trường mới; 0 trường" in out
    assert School.objects.get(slug="thcs-kim-dong").base_url == (
        "http://thcs-kim-dong.pgddthoian.test:8000"
    )
    out = run("import_schools", str(FIXTURE))
    assert "Đã tạo 0 trường mới; 34 trường đã có" in out
    assert School.objects.count() == 34


def test_import_schools_command_fails_with_the_row_list(office, tmp_path):
    bad = tmp_path / "truong.csv"
    bad.write_text("name,level\nTHCS A,THCS\nTHCS B,ĐH\n,TH\n", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        run("import_schools", str(bad))
    message = str(caught.value)
    assert "2 dòng lỗi" in message
    assert "Dòng 3:" in message and "Dòng 4:" in message
    assert not School.objects.exists()


def test_import_schools_command_needs_an_office_and_a_file(db, tmp_path):
    with pytest.raises(CommandError, match="create_office"):
        run("import_schools", str(FIXTURE))


def test_import_schools_command_missing_file(office, tmp_path):
    with pytest.raises(CommandError, match="Không mở được"):
        run("import_schools", str(tmp_path / "khong-co.csv"))


def test_add_school_user_command(school, other_school):
    out = run(
        "add_school_user",
        "--school",
        school.slug,
        "--role",
        "principal",
        "--username",
        "hieutruong",
        "--email",
        "ht@example.test",
        "--password",
        "bimat-123",
    )
    assert "Hiệu trưởng" in out
    user = get_user_model().objects.get(username="hieutruong")
    assert user.check_password("bimat-123")
    assert user.groups.filter(pk=school.group_for(SchoolRole.PRINCIPAL).pk).exists()

    with pytest.raises(CommandError, match="mỗi tài khoản chỉ thuộc một trường"):
        run(
            "add_school_user",
            "--school",
            other_school.slug,
            "--role",
            "editor",
            "--username",
            "hieutruong",
            "--email",
            "ht@example.test",
        )
    with pytest.raises(CommandError, match="Không có trường"):
        run(
            "add_school_user",
            "--school",
            "khong-co",
            "--role",
            "editor",
            "--username",
            "x",
            "--email",
            "x@example.test",
        )
    with pytest.raises(CommandError, match="Vai trò"):
        run(
            "add_school_user",
            "--school",
            school.slug,
            "--role",
            "boss",
            "--username",
            "x",
            "--email",
            "x@example.test",
        )
    assert not get_user_model().objects.filter(username="x").exists()


def test_bulk_provisioning_indexes_every_page_with_title_norms_refreshed(office):
    from wagtail.models import Page as WagtailPage
    from wagtail.search.models import IndexEntry

    from cms.schools.provisioning import SchoolSpec, provision_schools

    made, _existing = provision_schools(
        office,
        [
            SchoolSpec(name="Trường Tiểu học Cẩm Châu", level="TH"),
            SchoolSpec(name="Trường THCS Lý Tự Trọng", level="THCS"),
        ],
        port=80,
    )
    assert made == 2
    schools = School.objects.filter(
        name__in=["Trường Tiểu học Cẩm Châu", "Trường THCS Lý Tự Trọng"]
    )
    page_ids = set()
    for school in schools:
        page_ids |= set(
            WagtailPage.objects.descendant_of(school.home_page, inclusive=True).values_list(
                "pk", flat=True
            )
        )
    entries = IndexEntry.objects.filter(object_id__in=[str(pk) for pk in page_ids])
    assert entries.count() == len(page_ids)  # every page of every type
    # The deferred refresh ran once at the end: no entry keeps the placeholder norm.
    assert not entries.filter(title_norm=1.0).exclude(title="").exists()
