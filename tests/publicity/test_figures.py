"""Issue 23: one set of numbers. The figures are defined once (publicity.figures) and
every surface shows the same ones for the same school: the school's screen, the
dashboard row, the ranking, the ward's and the Sở's roll-up, the XLSX, the CSV, the open
data, the reminder e-mail and the parent's summary on the public page."""

import csv
import io
import re

from django.urls import reverse

import pytest
from openpyxl import load_workbook

from publicity import checklist
from publicity.figures import COLUMNS, Figures, header
from publicity.models import DisclosureDeferral, DisclosureRequirement
from publicity.panels import OfficeDisclosurePanel
from publicity.reminders import send_reminders
from sites.models import School
from sites.roles import OfficeRole, SchoolRole
from tests.factories import UserFactory, make_office_user, make_school

from .conftest import d

YEAR = "2025-2026"
AS_OF = "2025-10-10"


# --- The definitions ----------------------------------------------------------------------


def test_every_item_is_counted_once_and_the_rows_add_up():
    figures = Figures(on_time=29, late=6, overdue=3, not_due=2, not_applicable=1, optional=2)
    assert figures.required == 29 + 6 + 3 + 2
    assert figures.total == figures.required + 1 + 2
    assert figures.due == figures.required - figures.not_due == 38
    assert figures.published == 35
    assert figures.percent_published == 92  # 35/38 = 92.1
    assert figures.percent_on_time == 76  # 29/38 = 76.3


def test_shares_are_rounded_down_so_100_means_everything():
    assert Figures(on_time=199, overdue=1).percent_published == 99
    assert Figures(on_time=199, late=1).percent_published == 100
    assert Figures(on_time=199, late=1).percent_on_time == 99
    assert Figures(not_due=3, optional=1).percent_published is None


def test_optional_items_never_count_for_or_against_a_school():
    published_late_optional = Figures.from_statuses(
        [("dung_han", False), ("tre_han", True), ("tuy_chon", True), ("khong_ap_dung", True)]
    )
    assert published_late_optional == Figures(on_time=1, optional=2, not_applicable=1)


# --- One school through every surface ----------------------------------------------------


@pytest.fixture
def scenario(province, publish):
    """THCS Nguyễn Du, the only school of ward B: two items on time, two late, one not
    applicable, one not yet due (deferred), the optional items (one published late)."""
    so, ward_a, ward_b, schools = province
    school = schools["b1"]
    publish(school, "gen_name", YEAR, d("2025-06-20"))
    publish(school, "gen_history", YEAR, d("2025-06-25"))
    publish(school, "gen_address_contacts", YEAR, d("2025-07-20"))
    publish(school, "fin_fees_charges", YEAR, d("2025-07-05"))
    publish(school, "gen_other_documents", YEAR, d("2025-08-01"))  # optional, late
    publish(
        school,
        "pt_menu",
        YEAR,
        d("2025-08-20"),
        not_applicable=True,
        reason="Trường không tổ chức bán trú",
    )
    DisclosureDeferral.objects.create(
        school=school,
        requirement=DisclosureRequirement.objects.get(code="pt_school_education_plan"),
        school_year=YEAR,
        expected_on=d("2025-10-20"),
        reason="Chờ phê duyệt",
        declared_on=d("2025-06-20"),
    )
    applicable = [
        r for r in DisclosureRequirement.objects.in_force() if r.applies_to(school.stages)
    ]
    optional = sum(1 for r in applicable if r.is_optional)
    assert optional == 2  # "văn bản khác (nếu có)", "nội dung tài chính khác"
    expected = Figures(
        on_time=2,
        late=2,
        not_due=1,
        not_applicable=1,
        optional=optional,
        overdue=len(applicable) - 2 - 2 - 1 - 1 - optional,
    )
    return so, ward_b, school, expected


def shown(figures):
    """What a screen shows for each column: numbers, "n%" or "–"."""
    return {c["name"]: str(c["text"]) for c in figures.cells()}


def in_file(figures):
    """What a file holds for each column: numbers, the share as a number, "" for none."""
    return dict(zip(COLUMNS, [str(v) for v in figures.row()], strict=True))


def figures_in_html(html, marker, end="</tr>"):
    start = html.index(marker)
    return dict(re.findall(r'data-figure="(\w+)">([^<]*)<', html[start : html.index(end, start)]))


def csv_row(content, first):
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    head = rows[0]
    row = next(r for r in rows if r and r[0] == first)
    return {name: row[head.index(label)] for name, label in zip(COLUMNS, header(), strict=True)}


def sheet_row(book, sheet, first):
    """{figure: value as text} of the row of a sheet that starts with `first`."""
    row = next(r for r in book[sheet].iter_rows(values_only=True) if r[0] == first)
    return dict(zip(COLUMNS, ["" if v is None else str(v) for v in row[2:]], strict=True))


def cover_section(book, heading):
    """{label: value} of the cover's rows under `heading`, up to the next empty row."""
    rows = list(book["Bìa"].iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row and row[0] == heading) + 1
    found = {}
    for row in rows[start:]:
        if not row or row[0] is None:
            break
        found[row[0]] = row[1]
    return found


def test_one_schools_figures_are_the_same_on_every_surface(client, scenario, monkeypatch):
    so, ward_b, school, expected = scenario
    assert expected.overdue > 0 and expected.required == expected.total - 1 - 2
    screen, files = shown(expected), in_file(expected)
    params = {"nam_hoc": YEAR, "ngay": AS_OF}
    ward_inspector = make_office_user(ward_b, OfficeRole.INSPECTOR, "thanhtra.b")
    so_inspector = make_office_user(so, OfficeRole.INSPECTOR, "thanhtra.so")
    client.force_login(ward_inspector)

    # The school's own screen (the inspector's and the principal's).
    html = client.get(reverse("publicity_school", args=[school.pk]), params).content.decode()
    assert figures_in_html(html, 'id="so-lieu-truong"', "</table>") == screen

    # The dashboard: the office's total (one school) and the school's row.
    html = client.get(reverse("publicity_dashboard"), params).content.decode()
    assert figures_in_html(html, 'id="so-lieu-tong"', "</table>") == screen
    assert figures_in_html(html, f'data-school="{school.slug}"') == screen

    # The ranking as CSV, and the XLSX (its ranking sheet and its cover).
    ranking = client.get(
        reverse("publicity_dashboard"), {**params, "format": "csv", "bang": "xep_hang"}
    )
    assert csv_row(ranking.content, school.name) == files
    matrix = client.get(reverse("publicity_dashboard"), {**params, "format": "csv"})
    assert csv_row(matrix.content, school.name) == files
    book = load_workbook(
        io.BytesIO(client.get(reverse("publicity_dashboard"), {**params, "format": "xlsx"}).content)
    )
    assert sheet_row(book, "Xếp hạng trường", school.name) == files
    cover = cover_section(book, "Số liệu")
    assert {
        name: "" if cover[label] is None else str(cover[label])
        for name, label in zip(COLUMNS, header(), strict=True)
    } == files

    # The ward's roll-up (its own schools) and the Sở's (ward B and everything below).
    html = client.get(reverse("publicity_rollup"), params).content.decode()
    assert figures_in_html(html, f'data-office="{ward_b.pk}" data-direct="1"') == screen
    client.force_login(so_inspector)
    html = client.get(reverse("publicity_rollup"), params).content.decode()
    assert figures_in_html(html, f'data-office="{ward_b.pk}">') == screen
    rollup_csv = client.get(reverse("publicity_rollup"), {**params, "format": "csv"})
    assert csv_row(rollup_csv.content, ward_b.name) == files
    book = load_workbook(
        io.BytesIO(client.get(reverse("publicity_rollup"), {**params, "format": "xlsx"}).content)
    )
    assert sheet_row(book, "Theo đơn vị", ward_b.name) == files

    # The open data of the ward's portal.
    data = client.get("/du-lieu-mo/cong-khai.json", params, HTTP_HOST=ward_b.domain).json()
    (mine,) = data["schools"]
    assert {name: mine["figures"][name] for name in COLUMNS} == {
        name: expected.value(name) for name in COLUMNS
    }
    assert data["office"]["figures"] == mine["figures"]
    assert set(data["definitions"]) == {
        "required",
        "overdue",
        "percent_published",
        "percent_on_time",
    }

    # The reminder to the school's principal.
    person = UserFactory(email="hieutruong.nguyendu@example.test")
    person.groups.add(school.group_for(SchoolRole.PRINCIPAL))
    messages = send_reminders(d(AS_OF), dry_run=True)
    (to_school,) = [m for m in messages if person.email in m[3]]
    assert expected.text() in to_school[1]
    assert f"{expected.overdue} mục quá hạn" in to_school[0]

    # The parent's summary on the school's own Công khai page.
    monkeypatch.setattr(checklist, "today", lambda: d(AS_OF))
    html = client.get("/cong-khai/", HTTP_HOST=school.site.hostname).content.decode()
    lead = re.sub(
        r"\s+",
        " ",
        re.sub(r"<[^>]+>", "", html.split('class="disclosure-lead">')[1].split("</p>")[0]),
    )
    assert f"trường đã công khai {expected.published} trên {expected.due} mục bắt buộc" in lead
    assert f"{expected.late} mục công khai trễ hạn" in lead
    assert f"{expected.overdue} mục đã quá hạn mà chưa công khai" in lead
    assert f"{expected.not_due} mục chưa đến hạn" in lead


# --- Rankings and lagging lists: overdue first, then late -------------------------------


@pytest.fixture
def tied(office, publish):
    """Two schools with as many overdue items; one of them has a late one."""
    punctual = make_school("THCS An Hải", office=office)
    tardy = make_school("THCS Bình Minh", office=office)
    publish(punctual, "gen_name", YEAR, d("2025-06-20"))
    publish(tardy, "gen_name", YEAR, d("2025-07-20"))
    return punctual, tardy


def test_the_ranking_puts_late_items_after_overdue_ones(client, office, tied):
    punctual, tardy = tied
    client.force_login(make_office_user(office, OfficeRole.INSPECTOR))
    html = client.get(reverse("publicity_dashboard"), {"nam_hoc": YEAR, "ngay": AS_OF}).content
    html = html.decode()
    # Same number overdue: the school with the late item comes first.
    assert html.index(tardy.name) < html.index(punctual.name)


def test_the_lagging_panel_lists_schools_with_late_items(office, tied):
    punctual, tardy = tied
    panel = OfficeDisclosurePanel(School.objects.filter(office=office), today=d(AS_OF))
    context = panel.get_context_data()
    names = [name for _pk, name, _figures in context["lagging"]]
    assert names.index(tardy.name) < names.index(punctual.name)
    tardy_figures = next(f for _pk, name, f in context["lagging"] if name == tardy.name)
    assert tardy_figures.late == 1
    assert context["figures"].late == 1
