"""Reading the exports: headers by name in any order, with or without marks, title rows,
merged header cells, lookup and empty sheets; grades from class names; bad rows reported
in Vietnamese by row number, and nothing stored from such a file unless accepted."""

import io
import zipfile

import pytest

from publicity.models import DisclosurePage, SectorDataImport
from publicity.sector_data.aggregates import read_export
from publicity.sector_data.columns import header_key
from publicity.sector_data.open_data import csv_text
from publicity.sector_data.reading import ExportError
from publicity.sector_data.service import import_export
from publicity.sector_data.values import grade_of
from sites.levels import Stage

from .conftest import SCHOOL_YEAR
from .exports import lower_secondary_export, preschool_export, primary_export

SECONDARY = (Stage.LOWER_SECONDARY,)


def test_header_matching_ignores_marks_case_spacing():
    assert header_key("  Giới\n tính (*) ") == "gioi tinh"
    assert header_key("GIOI TINH") == header_key("Giới tính")


@pytest.mark.parametrize(
    "class_name,stages,grade",
    [
        ("6A1", SECONDARY, "khoi_6"),
        ("9A3", SECONDARY, "khoi_9"),
        ("10A2", (Stage.UPPER_SECONDARY,), "khoi_10"),
        ("1A", (Stage.PRIMARY,), "khoi_1"),
        ("Lá 2", (Stage.PRESCHOOL,), "mg_5_6"),
        ("Chồi A", (Stage.PRESCHOOL,), "mg_4_5"),
        ("MAM 1", (Stage.PRESCHOOL,), "mg_3_4"),
        ("Nhà trẻ 24-36 tháng", (Stage.PRESCHOOL,), "nha_tre"),
        ("Mẫu giáo lớn B", (Stage.PRESCHOOL,), "mg_5_6"),
    ],
)
def test_grade_from_class_name(class_name, stages, grade):
    assert grade_of(class_name, None, stages) == grade


def test_grade_outside_the_schools_level_is_an_error():
    with pytest.raises(ValueError, match="khối 6 không thuộc cấp học"):
        grade_of("6A1", None, (Stage.PRIMARY,))


def test_lower_secondary_export_counts():
    result = read_export(io.BytesIO(lower_secondary_export()), SECONDARY)
    assert result.problems == []
    assert [kind for _title, kind in result.sheets] == [
        "pupils",
        "staff",
    ]  # lookup, empty passed over
    grades = result.counts["pupils"]["grades"]
    assert grades["khoi_6"] == {
        "pupils": 5,  # one moved out
        "boys": 2,
        "girls": 3,
        "ethnic_minority": 0,
        "disabled": 0,
        "two_sessions": 4,
        "boarding": 0,
        "classes": 2,
    }
    assert grades["khoi_9"]["disabled"] == 1 and grades["khoi_9"]["ethnic_minority"] == 1
    assert result.counts["pupils"]["statuses"] == {"Đang học": 8, "Chuyển trường": 1}
    staff = result.counts["staff"]
    assert staff["qualification"] == {
        "quan_ly": {"thac_si": 1},
        "giao_vien": {"dai_hoc": 2},
        "nhan_vien": {"trung_cap": 1},
    }  # the retired teacher is not counted
    assert staff["standard"] == {"quan_ly": {"tot": 1}, "giao_vien": {"kha": 1, "chua_dat": 1}}
    assert staff["training"]["giao_vien"] == {"total": 2, "done": 1}


def test_primary_export_without_marks_and_shuffled():
    result = read_export(io.BytesIO(primary_export()), (Stage.PRIMARY,))
    assert result.problems == []
    grades = result.counts["pupils"]["grades"]
    assert sorted(grades) == ["khoi_1", "khoi_2", "khoi_5"]
    assert grades["khoi_1"]["boys"] == 1 and grades["khoi_1"]["girls"] == 1
    assert grades["khoi_2"]["ethnic_minority"] == 1
    assert grades["khoi_5"]["two_sessions"] == 1
    assert "staff" not in result.counts


def test_preschool_export_by_age_group():
    result = read_export(io.BytesIO(preschool_export()), (Stage.PRESCHOOL,))
    assert result.problems == []
    grades = result.counts["pupils"]["grades"]
    assert {key: value["pupils"] for key, value in grades.items()} == {
        "nha_tre": 1,
        "mg_3_4": 1,
        "mg_4_5": 1,
        "mg_5_6": 3,
    }
    assert grades["mg_5_6"]["classes"] == 2 and grades["mg_5_6"]["boarding"] == 2
    assert grades["mg_5_6"]["disabled"] == 1


def test_bad_row_is_reported_in_vietnamese_with_its_row_number(secondary):
    outcome = import_export(
        secondary,
        io.BytesIO(lower_secondary_export(bad_row=True)),
        file_name="hs.xlsx",
        school_year=SCHOOL_YEAR,
    )
    [problem] = outcome.result.problems
    # Title (2 rows), blank, header over two rows: the fifth pupil is on row 10.
    assert str(problem) == "Trang “Học sinh”, dòng 10: không nhận ra khối từ lớp “Lớp chưa xếp”"
    assert outcome.stored == []
    assert not SectorDataImport.objects.exists()
    assert not DisclosurePage.objects.filter(disclosing_school=secondary).exists()


def test_accepting_the_skipped_rows_imports_the_rest(secondary):
    outcome = import_export(
        secondary,
        io.BytesIO(lower_secondary_export(bad_row=True)),
        file_name="hs.xlsx",
        school_year=SCHOOL_YEAR,
        accept_skipped=True,
    )
    pupils = SectorDataImport.objects.get(school=secondary, kind="pupils")
    assert pupils.skipped_rows == ["Học sinh:10"]
    assert pupils.counts["grades"]["khoi_6"]["pupils"] == 5
    assert len(outcome.stored) == 2


def test_not_an_xlsx_is_refused(secondary):
    with pytest.raises(ExportError, match="không phải tệp .xlsx"):
        import_export(
            secondary,
            io.BytesIO(b"STT,Ho ten\n1,An\n"),
            file_name="a.xlsx",
            school_year=SCHOOL_YEAR,
        )


def test_bounds_refuse_a_file_that_unpacks_too_large(monkeypatch):
    monkeypatch.setattr("sites.xlsx.MAX_TOTAL_BYTES", 10_000)
    with pytest.raises(ExportError, match="Tệp Excel quá lớn"):
        read_export(io.BytesIO(lower_secondary_export()), SECONDARY)


def test_bounds_stop_a_sheet_with_too_many_rows(monkeypatch):
    monkeypatch.setattr("publicity.sector_data.reading.MAX_ROWS", 3)
    with pytest.raises(ExportError, match="có hơn 3 dòng"):
        read_export(io.BytesIO(lower_secondary_export()), SECONDARY)


def test_bounds_stop_a_read_that_takes_too_long(monkeypatch):
    monkeypatch.setattr("publicity.sector_data.reading.MAX_CPU_SECONDS", -1)
    with pytest.raises(ExportError, match="Đọc tệp quá lâu"):
        read_export(io.BytesIO(lower_secondary_export()), SECONDARY)


def test_a_broken_sheet_is_one_clear_message():
    source = io.BytesIO(lower_secondary_export())
    broken = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(broken, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "xl/worksheets/sheet2.xml":
                data = data[: len(data) // 2]  # cut in the middle of the rows
            new.writestr(info, data)
    with pytest.raises(ExportError, match="Tệp bị hỏng"):
        read_export(io.BytesIO(broken.getvalue()), SECONDARY)


def test_open_data_csv_cells_are_never_formulas():
    evil = '=HYPERLINK("http://lua-dao.example/")'
    data = {
        "school_year": SCHOOL_YEAR,
        "schools": [
            {
                "name": evil,
                "slug": "x",
                "items": {
                    "pt_res_demographics": {
                        "imported_on": "2026-12-07",
                        "figures": {"tong": {"pupils": 8}},
                    }
                },
            }
        ],
    }
    assert f"'{evil}" in csv_text(data).replace('""', '"')
