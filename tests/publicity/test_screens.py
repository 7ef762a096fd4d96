"""Issue 11: the inspector's screens, the semester report, the stored figures."""

import csv
import io

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

import pytest
from openpyxl import load_workbook

from publicity.models import (
    DisclosureChange,
    DisclosureRequirement,
    OfficeComplianceSnapshot,
    SchoolComplianceSummary,
)
from publicity.summaries import record_snapshots, summaries_for
from sites.models import School
from sites.roles import OfficeRole
from tests.factories import UserFactory, join_office, make_school
from tests.publicity.test_figures import cover_section

from .conftest import d

YEAR = "2025-2026"
AS_OF = "2025-10-10"


@pytest.fixture
def inspector(office):
    user = UserFactory()
    join_office(user, OfficeRole.INSPECTOR)
    return user


@pytest.fixture
def three(office, publish):
    good = make_school("THCS Đủ Cả", level="THCS", office=office)
    bad = make_school("THCS Thiếu Nhiều", level="THCS", office=office)
    small = make_school("TH Nhỏ", level="TH", office=office)
    for code in ("gen_name", "gen_history", "gen_address_contacts"):
        publish(good, code, YEAR, d("2025-06-20"))
    publish(small, "gen_name", YEAR, d("2025-07-20"))  # late
    return good, bad, small


def get(client, name, **params):
    return client.get(reverse(name), {"nam_hoc": YEAR, "ngay": AS_OF, **params})


def test_first_screen_ranks_schools_by_overdue_with_vietnamese_names(client, inspector, three):
    good, bad, small = three
    client.force_login(inspector)
    html = get(client, "publicity_dashboard").content.decode()
    assert html.index(bad.name) < html.index(good.name)
    assert "gen_name" not in html  # items are never named by code
    assert "Tỷ lệ đúng hạn" in html
    html = get(client, "publicity_dashboard", cap_hoc="TH").content.decode()
    assert small.name in html and bad.name not in html


def test_figures_are_stored_once_per_school_and_day(client, inspector, three):
    client.force_login(inspector)
    get(client, "publicity_dashboard")
    assert SchoolComplianceSummary.objects.filter(as_of=d(AS_OF)).count() == 3
    get(client, "publicity_dashboard")
    assert SchoolComplianceSummary.objects.filter(as_of=d(AS_OF)).count() == 3


def test_publishing_invalidates_the_schools_stored_figures(client, inspector, three, publish):
    good, bad, _small = three
    summaries_for(School.objects.all(), YEAR, d(AS_OF))
    assert summaries_for(School.objects.filter(pk=bad.pk), YEAR, d(AS_OF))[bad.pk].on_time == 0
    publish(bad, "gen_name", YEAR, d("2025-06-25"))
    assert not SchoolComplianceSummary.objects.filter(school=bad).exists()
    assert SchoolComplianceSummary.objects.filter(school=good).exists()
    assert summaries_for(School.objects.filter(pk=bad.pk), YEAR, d(AS_OF))[bad.pk].on_time == 1
    DisclosureChange.objects.create(
        school=good,
        requirement=DisclosureRequirement.objects.get(code="gen_name"),
        changed_on=d("2025-09-01"),
        description="Đổi tên",
    )
    assert not SchoolComplianceSummary.objects.filter(school=good).exists()


def test_per_item_view_lists_the_schools_lacking_it(client, inspector, three):
    good, bad, small = three
    client.force_login(inspector)
    html = get(client, "publicity_items", muc="gen_history").content.decode()
    section = html.split("Trường chưa công khai, đã quá hạn")[1].split("Trường công khai trễ hạn")[
        0
    ]
    assert bad.name in section and small.name in section and good.name not in section
    assert "Tóm tắt quá trình hình thành và phát triển" in html


def test_snapshot_command_is_idempotent_and_feeds_the_chart(client, inspector, three, office):
    call_command("record_compliance_snapshot", "--date", "2025-09-15", stdout=io.StringIO())
    call_command("record_compliance_snapshot", "--date", "2025-09-15", stdout=io.StringIO())
    record_snapshots(d("2025-10-01"))
    rows = OfficeComplianceSnapshot.objects.filter(office=office, school_year=YEAR)
    assert rows.count() == 2
    first = rows.get(day=d("2025-09-15"))
    stored = summaries_for(School.objects.all(), YEAR, d("2025-09-15"))
    assert first.overdue == sum(s.overdue for s in stored.values())
    client.force_login(inspector)
    html = get(client, "publicity_dashboard").content.decode()
    assert "<svg" in html and "<polyline" in html and "15/09/2025" in html


def test_nightly_run_keeps_two_days_of_school_rows_and_every_office_snapshot(three, office):
    for day in ("2025-09-10", "2025-09-14", "2025-09-15"):
        record_snapshots(d(day))
    days = set(SchoolComplianceSummary.objects.values_list("as_of", flat=True))
    assert days == {d("2025-09-14"), d("2025-09-15")}
    snapshot_days = OfficeComplianceSnapshot.objects.filter(office=office)
    assert snapshot_days.count() == 3  # the chart's history stays whole
    # A pruned day is computed again when a screen asks for it.
    again = summaries_for(School.objects.all(), YEAR, d("2025-09-10"))
    assert len(again) == School.objects.count()


PARTS = [
    "1. Thông tin chung",
    "2. Thu chi tài chính",
    "3. Điều kiện – Phổ thông",
    "4. Kế hoạch – Phổ thông",
    "5. Báo cáo thường niên",
]


def test_semester_report_reads_on_a4_landscape(client, inspector, three, office):
    """Issue 23: a cover, the ranking, one sheet per part of the circular (no 77-column
    sheet), widths set, text wrapped, statuses coloured with a legend, A4 landscape."""
    good, bad, small = three
    client.force_login(inspector)
    response = get(client, "publicity_dashboard", format="xlsx", hoc_ky="hk1")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Bìa", "Xếp hạng trường", *PARTS, "Theo mục công khai", "Giải thích"]
    for sheet in book.worksheets:
        assert sheet.page_setup.orientation == "landscape"
        assert int(sheet.page_setup.paperSize) == 9  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert int(sheet.page_setup.fitToWidth) == 1
        assert sheet.max_column <= 20, sheet.title  # fits a landscape page
        assert sheet.column_dimensions["A"].width >= 30
    for name in ["Xếp hạng trường", *PARTS, "Theo mục công khai", "Giải thích"]:
        assert book[name].print_title_rows  # the header row repeats on every page
    # The cover: whose report, which period, the figures and their definitions, the date.
    cover = {row[0]: row[1] for row in book["Bìa"].iter_rows(values_only=True) if row and row[0]}
    definitions = cover_section(book, "Định nghĩa số liệu")
    assert cover["Đơn vị"] == office.name
    assert cover["Năm học"] == "Năm học 2025–2026"
    assert cover["Học kỳ"] == "Học kỳ I"
    assert cover["Tính đến ngày"] == "10/10/2025"
    assert cover["Ngày lập báo cáo"].startswith(timezone.localdate().strftime("%d/%m/%Y"))
    assert (
        "(đúng hạn + trễ hạn) / (mục bắt buộc − chưa đến hạn)" in definitions["Tỷ lệ đã công khai"]
    )
    assert set(definitions) >= {"Mục bắt buộc", "Quá hạn", "Tỷ lệ đúng hạn", "Ngày làm việc"}
    assert cover["Số trường"] == 3
    legend = {
        row[0].value: row[0].fill.fgColor.rgb
        for row in book["Bìa"].iter_rows()
        if row[0].value in ("Chưa công khai – quá hạn", "Trễ hạn", "Đúng hạn")
    }
    assert legend == {
        "Chưa công khai – quá hạn": "00F4C7C3",
        "Trễ hạn": "00FCE8B2",
        "Đúng hạn": "00B7E1CD",
    }
    # A part: title, legend row, header (wrapped), one coloured cell per item and school.
    part = book["1. Thông tin chung"]
    assert "Thông tin chung về cơ sở giáo dục" in part["A1"].value
    assert [c.value for c in part[2][1:4]] == ["Chưa công khai – quá hạn", "Trễ hạn", "Đúng hạn"]
    assert part["C2"].fill.fgColor.rgb == "00FCE8B2"
    header = [c.value for c in part[3]]
    assert header[:2] == ["Trường", "Cấp học"] and "Tên cơ sở giáo dục" in header
    assert all(c.alignment.wrap_text for c in part[3])
    assert part.column_dimensions["C"].width == 17
    rows = {row[0].value: row for row in part.iter_rows(min_row=4)}
    name_column = header.index("Tên cơ sở giáo dục")
    assert rows[small.name][name_column].value == "Trễ hạn"
    assert rows[small.name][name_column].fill.fgColor.rgb == "00FCE8B2"
    assert rows[good.name][name_column].fill.fgColor.rgb == "00B7E1CD"
    assert rows[bad.name][name_column].fill.fgColor.rgb == "00F4C7C3"
    assert rows[bad.name][name_column].alignment.wrap_text
    explanations = book["Giải thích"]
    assert explanations.column_dimensions["F"].width >= 80
    assert any("trễ 20 ngày" in (c.value or "") for c in explanations["F"])


def test_report_screen_and_json_give_the_same_numbers(client, inspector, three, office):
    good, bad, small = three
    client.force_login(inspector)
    ranking = get(client, "publicity_dashboard", format="csv", bang="xep_hang", hoc_ky="hk1")
    rows = list(csv.reader(io.StringIO(ranking.content.decode("utf-8-sig"))))
    header, body = rows[0], {r[0]: r for r in rows[1:]}
    overdue = header.index("Quá hạn")
    data = client.get(
        "/du-lieu-mo/cong-khai.json",
        {"nam_hoc": YEAR, "ngay": AS_OF, "hoc_ky": "hk1"},
        HTTP_HOST=office.domain,
    ).json()
    for school in data["schools"]:
        assert int(body[school["name"]][overdue]) == school["figures"]["overdue"]
    html = get(client, "publicity_dashboard", hoc_ky="hk1").content.decode()
    assert f'data-figure="overdue">{body[bad.name][overdue]}</td>' in html


def test_school_page_explains_each_verdict_to_the_principal(client, three, school_user):
    from sites.roles import SchoolRole

    _good, _bad, small = three
    client.force_login(school_user(SchoolRole.PRINCIPAL, target=small))
    html = client.get(
        reverse("publicity_school", args=[small.pk]), {"nam_hoc": YEAR, "ngay": AS_OF}
    ).content.decode()
    assert "20/07/2025" in html and "trễ 20 ngày" in html
    assert "Kế hoạch thời gian năm học 2025-2026" in html
