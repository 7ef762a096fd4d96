"""From counts to Công khai: draft versions per item in the level's layout, the next
import as the next version with the changes beside the previous figures, the annual
report from two school years, the XLSX download, the open data equal to the page, the
office's list of schools without an import, and the command."""

import io
import os
import re

from django.core.files.uploadedfile import TemporaryUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from openpyxl import Workbook, load_workbook

from publicity.compliance import compute
from publicity.models import (
    DisclosureIndexPage,
    DisclosurePage,
    DisclosureRequirement,
    SectorDataImport,
)
from publicity.periods import disclosure_year_of
from publicity.sector_data.annual_report import draft_annual_report
from publicity.sector_data.service import import_export
from publicity.sector_data.views import discard
from publicity.statuses import Status
from sites.roles import OfficeRole, SchoolRole
from tests.factories import make_office_user, make_school_user

from .conftest import SCHOOL_YEAR
from .exports import (
    WITH_MARKS,
    lower_secondary_export,
    preschool_export,
    primary_export,
    pupil_row,
    pupils_sheet,
    to_bytes,
)


def run(school, content, year=SCHOOL_YEAR, **kwargs):
    return import_export(
        school, io.BytesIO(content), file_name="x.xlsx", school_year=year, **kwargs
    )


def drafts(school):
    return {
        page.requirement.code: page
        for page in DisclosurePage.objects.filter(disclosing_school=school)
        .select_related("requirement")
        .order_by("pk")
    }


def table_data(page, index=0):
    return page.tables[index].value["data"]


def page_html(client, page):
    school = page.disclosing_school
    path = page.url_path.replace(school.home_page.url_path, "/")
    response = client.get(path, HTTP_HOST=school.site.hostname)
    assert response.status_code == 200
    return response.content.decode()


def test_lower_secondary_items_are_drafts_by_grade(secondary):
    run(secondary, lower_secondary_export())
    pages = drafts(secondary)
    assert set(pages) == {
        "pt_res_students_by_grade",
        "pt_res_avg_class_size",
        "pt_res_two_sessions",
        "pt_res_demographics",
        "pt_staff_by_position_qual",
        "pt_staff_professional_std",
        "pt_staff_annual_training",
    }
    assert not any(page.live for page in pages.values())  # the principal publishes
    assert all(page.period == SCHOOL_YEAR for page in pages.values())
    assert table_data(pages["pt_res_students_by_grade"]) == [
        ["Nội dung", "Số lớp", "Số học sinh"],
        ["Khối 6", "2", "5"],
        ["Khối 7", "1", "2"],
        ["Khối 9", "1", "1"],
        ["Toàn trường", "4", "8"],
    ]
    assert table_data(pages["pt_res_avg_class_size"])[1] == ["Khối 6", "2", "5", "2,5"]
    staff = table_data(pages["pt_staff_by_position_qual"])
    assert staff[0][:4] == ["Nội dung", "Tổng số", "Tiến sĩ", "Thạc sĩ"]
    assert staff[-1][:5] == ["Tổng số", "4", "0", "1", "2"]


def test_small_counts_are_per_grade_never_per_class(secondary):
    run(secondary, lower_secondary_export())
    record = SectorDataImport.objects.get(school=secondary, kind="pupils")
    text = repr(record.counts)
    assert "9A3" not in text and "6A1" not in text  # no class is stored
    rows = table_data(drafts(secondary)["pt_res_demographics"])
    assert ["Khối 9", "1", "0", "1", "1", "1"] in rows


def test_preschool_by_age_group(preschool):
    run(preschool, preschool_export())
    pages = drafts(preschool)
    assert {"mn_res_children_classes", "mn_res_boarding_meals", "mn_res_disabled"} <= set(pages)
    assert "pt_res_students_by_grade" not in pages
    rows = table_data(pages["mn_res_children_classes"])
    assert [row[0] for row in rows] == [
        "Nội dung",
        "Nhà trẻ",
        "Mẫu giáo 3–4 tuổi (Mầm)",
        "Mẫu giáo 4–5 tuổi (Chồi)",
        "Mẫu giáo 5–6 tuổi (Lá)",
        "Toàn trường",
    ]
    assert rows[4] == ["Mẫu giáo 5–6 tuổi (Lá)", "2", "3", "1,5"]
    assert "mn_staff_by_position_qual" in pages


def test_primary_school_gets_its_grades(primary):
    run(primary, primary_export())
    rows = table_data(drafts(primary)["pt_res_students_by_grade"])
    assert [row[0] for row in rows] == ["Nội dung", "Khối 1", "Khối 2", "Khối 5", "Toàn trường"]


def test_unpublished_draft_is_revised_then_a_published_one_gets_a_next_version(
    secondary, principal
):
    run(secondary, lower_secondary_export())
    first = drafts(secondary)["pt_res_students_by_grade"]
    run(secondary, primary_export_as_secondary())
    assert DisclosurePage.objects.filter(requirement=first.requirement).count() == 1
    first.refresh_from_db()
    first.get_latest_revision().publish(user=principal)
    run(secondary, lower_secondary_export())
    versions = DisclosurePage.objects.filter(requirement=first.requirement).order_by("pk")
    assert versions.count() == 2
    newest = versions.last()
    assert not newest.live
    rows = table_data(newest)
    assert rows[-1] == ["Toàn trường", "4 (trước: 1)", "8 (trước: 2)"]


def primary_export_as_secondary():
    """A small THCS list: two pupils of 6A1."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    pupils_sheet(
        workbook, "HS", WITH_MARKS, [pupil_row(0, "6A1", "Nam"), pupil_row(1, "6A1", "Nữ")]
    )
    return to_bytes(workbook)


def test_annual_report_from_two_school_years(secondary, client):
    run(secondary, primary_export_as_secondary(), year="2025-2026")
    run(secondary, lower_secondary_export())
    page = draft_annual_report(secondary, SCHOOL_YEAR)
    assert page.requirement.code == "annual_report" and not page.live
    rows = {row[0]: row[1:] for row in table_data(page)}
    assert rows["Nội dung"] == ["Năm học 2025-2026", "Năm học 2026-2027", "Tăng (+)/giảm (−)"]
    assert rows["Số học sinh"] == ["2", "8", "+6"]
    assert rows["Bình quân học sinh/lớp"] == ["2,0", "2,0", "0,0"]
    assert rows["Giáo viên"] == ["–", "2", "–"]
    page.get_latest_revision().publish()
    html = page_html(client, DisclosurePage.objects.get(pk=page.pk))
    assert "Năm học 2025-2026" in html and "tài chính, cơ sở vật chất" in html


def test_open_data_has_published_figures_only_and_equal_to_the_page(secondary, office, client):
    run(secondary, lower_secondary_export())
    pages = drafts(secondary)
    data = client.get("/du-lieu-mo/so-lieu-nganh.json", HTTP_HOST=office.domain).json()
    assert data["schema"] == "truongso.so-lieu-nganh/1"
    [school] = [s for s in data["schools"] if s["slug"] == secondary.slug]
    assert school["items"] == {}  # drafts are not published figures
    page = pages["pt_res_demographics"]
    page.get_latest_revision().publish()
    data = client.get("/du-lieu-mo/so-lieu-nganh.json", HTTP_HOST=office.domain).json()
    [school] = [s for s in data["schools"] if s["slug"] == secondary.slug]
    assert list(school["items"]) == ["pt_res_demographics"]
    item = school["items"]["pt_res_demographics"]
    html = page_html(client, DisclosurePage.objects.get(pk=page.pk))
    cells = [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", html, re.S)
    ]
    width = len(item["columns"]) + 1
    table = [cells[i : i + width] for i in range(0, len(cells), width)]
    on_page = {row[0]: row[1:] for row in table[1:]}
    for key, values in item["figures"].items():
        label = item["rows"][key]
        assert on_page[label] == [str(values[column]) for column in item["columns"]]
    csv_text = client.get("/du-lieu-mo/so-lieu-nganh.csv", HTTP_HOST=office.domain).content.decode()
    assert f"{secondary.slug},{SCHOOL_YEAR},pt_res_demographics,khoi_9,disabled,1" in csv_text
    school_host = client.get("/du-lieu-mo/so-lieu-nganh.json", HTTP_HOST=secondary.site.hostname)
    assert school_host.status_code == 404  # an office's portal only


def test_screen_is_the_principals_only(client, secondary, principal):
    client.force_login(make_school_user(secondary, SchoolRole.EDITOR))
    response = client.get(reverse("publicity_sector_data"))
    assert response.status_code != 200
    client.force_login(principal)
    response = client.get(reverse("publicity_sector_data"))
    assert response.status_code == 200
    assert reverse("publicity_sector_data_sample") in response.content.decode()


def test_sample_export_downloads_and_imports(logged_in, secondary):
    response = logged_in.get(reverse("publicity_sector_data_sample"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    outcome = run(secondary, response.content)
    assert outcome.result.problems == [] and len(outcome.stored) == 2


def test_xlsx_of_an_import_and_another_schools_is_404(logged_in, secondary, primary):
    run(secondary, lower_secondary_export())
    record = SectorDataImport.objects.get(school=secondary, kind="pupils")
    response = logged_in.get(reverse("publicity_sector_data_xlsx", args=[record.pk]))
    workbook = load_workbook(io.BytesIO(response.content))
    assert "pt_res_students_by_grade" in workbook.sheetnames
    run(primary, primary_export())
    other = SectorDataImport.objects.get(school=primary)
    assert logged_in.get(reverse("publicity_sector_data_xlsx", args=[other.pk])).status_code == 404


def test_office_sees_schools_without_this_years_import(client, office, secondary, primary):
    run(secondary, lower_secondary_export(), year=_current_year())
    client.force_login(make_office_user(office, OfficeRole.INSPECTOR))
    html = client.get(reverse("publicity_sector_data_missing")).content.decode()
    assert primary.name in html and secondary.name not in html


def _current_year():
    return disclosure_year_of(timezone.localdate())


def test_command_dry_run_stores_nothing(secondary, tmp_path, capsys):
    path = tmp_path / "hs.xlsx"
    path.write_bytes(lower_secondary_export())
    call_command(
        "import_sector_data", secondary.slug, str(path), "--dry-run", "--nam-hoc", SCHOOL_YEAR
    )
    out = capsys.readouterr().out
    assert "Khối 6 | 2 | 5" in out and "Chạy thử" in out
    assert not SectorDataImport.objects.exists()
    call_command("import_sector_data", secondary.slug, str(path), "--nam-hoc", SCHOOL_YEAR)
    assert SectorDataImport.objects.filter(school=secondary).count() == 2
    assert path.exists()  # the office's own copy stays


def test_discard_deletes_the_temporary_upload():
    upload = TemporaryUploadedFile("a.xlsx", "application/octet-stream", 3, None)
    upload.write(b"abc")
    path = upload.temporary_file_path()
    discard(upload)
    assert not os.path.exists(path)


def test_compliance_sees_a_draft_only_once_published(secondary, principal):
    year = _current_year()
    run(secondary, lower_secondary_export(), year=year)
    page = drafts(secondary)["pt_res_students_by_grade"]

    def status():
        matrix = compute(year, timezone.localdate(), schools=[secondary])
        [cell] = [
            c for c in matrix.school_cells(secondary) if c.requirement.code == page.requirement.code
        ]
        return cell.status

    assert status() in (Status.MISSING, Status.NOT_DUE)  # a draft is not a disclosure
    page.get_latest_revision().publish(user=principal)
    assert status() in (Status.ON_TIME, Status.LATE)


def test_an_editors_own_draft_is_never_overwritten(secondary, principal):
    requirement = DisclosureRequirement.objects.in_force().get(code="pt_res_students_by_grade")
    index = DisclosureIndexPage.of_school(secondary)
    own = DisclosurePage(
        title="Bảng tự soạn",
        requirement=requirement,
        period=SCHOOL_YEAR,
        content="<p>Thầy cô tự soạn</p>",
        live=False,
        owner=principal,
    )
    index.add_child(instance=own)
    run(secondary, lower_secondary_export())
    own.refresh_from_db()
    assert own.content == "<p>Thầy cô tự soạn</p>" and not own.tables
    assert DisclosurePage.objects.filter(requirement=requirement).count() == 2


def test_annual_report_draft_is_revised_not_repeated(secondary):
    run(secondary, lower_secondary_export())
    first = draft_annual_report(secondary, SCHOOL_YEAR)
    again = draft_annual_report(secondary, SCHOOL_YEAR)
    assert first.pk == again.pk
