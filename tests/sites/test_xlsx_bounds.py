"""Hostile workbooks on the school import screen (issue 21): whatever a file declares,
it is read within fixed time and memory bounds and refused with a Vietnamese message."""

import io
import re
import time
import zipfile

import pytest
from openpyxl import Workbook

from cms.schools.csv_import import SchoolCsvError, read_school_csv
from sites import xlsx


def workbook_bytes(rows):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rewrite(data, replace):
    """The same zip with some parts' bytes replaced: replace(name, bytes) -> bytes."""
    source, target = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, replace(info.filename, source.read(info.filename)))
    return target.getvalue()


SCHOOLS = [["Tên trường", "Cấp học"], ["THCS Kim Đồng", "THCS"], ["TH Lê Độ", "TH"]]


def test_a_plain_workbook_still_imports():
    rows = read_school_csv(workbook_bytes(SCHOOLS))
    assert [spec.name for _line, spec in rows] == ["THCS Kim Đồng", "TH Lê Độ"]


def test_a_sheet_declaring_a_huge_size_is_read_in_bounded_time():
    def huge(name, content):
        if name == "xl/worksheets/sheet1.xml":
            content = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD20000"', content)
            # and one real cell at the far corner, so the rows between are "there" too
            content = content.replace(
                b"</sheetData>",
                b'<row r="20000"><c r="XFD20000" t="inlineStr"><is><t>x</t></is></c></row>'
                b"</sheetData>",
            )
        return content

    data = rewrite(workbook_bytes(SCHOOLS), huge)
    started = time.monotonic()
    with pytest.raises(SchoolCsvError, match="quá nhiều dòng"):
        read_school_csv(data)
    assert time.monotonic() - started < 8  # 30-50 s and 2-3 GB before


def test_declared_dimension_alone_pads_nothing():
    def huge(name, content):
        if name == "xl/worksheets/sheet1.xml":
            content = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD20000"', content)
        return content

    data = rewrite(workbook_bytes(SCHOOLS), huge)
    started = time.monotonic()
    rows = read_school_csv(data)
    assert [spec.name for _line, spec in rows] == ["THCS Kim Đồng", "TH Lê Độ"]
    assert time.monotonic() - started < 5
    widths = {len(cells) for _s, _n, cells in xlsx.iter_rows(data)}
    assert widths == {xlsx.DEFAULT_MAX_COLUMNS}


def shared_strings_xlsx(strings, cells):
    """A workbook whose sheet's cells point into a shared-strings part (built by hand:
    openpyxl writes inline strings)."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="s"><v>{index}</v></c></row>'
        for n, index in enumerate(cells, start=1)
    )
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{ct}.worksheet+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.sharedStrings+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}"><sheetData>{rows}</sheetData></worksheet>',
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        archive.writestr("xl/sharedStrings.xml", strings)
    return buffer.getvalue()


def sst(items):
    main = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    return b'<sst xmlns="' + main + b'">' + items + b"</sst>"


def test_shared_strings_are_read():
    data = shared_strings_xlsx(
        sst("<si><t>Tên trường</t></si><si><t>Trường THCS Kim Đồng</t></si>".encode()), [0, 1]
    )
    rows = read_school_csv(data)
    assert [spec.name for _line, spec in rows] == ["Trường THCS Kim Đồng"]


def test_a_shared_strings_bomb_is_refused_before_parsing(monkeypatch):
    data = shared_strings_xlsx(sst(b"<si><t>a</t></si>" * 2_000_000), [0])
    assert len(data) < 200_000  # small on the wire, 34 MB expanded

    def no_parsing(*args, **kwargs):
        raise AssertionError("openpyxl was asked to parse the bomb")

    import openpyxl

    monkeypatch.setattr(openpyxl, "load_workbook", no_parsing)
    started = time.monotonic()
    with pytest.raises(SchoolCsvError, match="quá lớn"):
        read_school_csv(data)
    assert time.monotonic() - started < 2


def test_a_giant_part_is_refused_from_the_zip_directory(monkeypatch):
    cell = b"A" * (30 * 1024 * 1024)

    def giant(name, content):
        if name == "xl/worksheets/sheet1.xml":
            content = content.replace(
                b"</sheetData>",
                b'<row r="9"><c r="A9" t="inlineStr"><is><t>' + cell + b"</t></is></c></row>"
                b"</sheetData>",
            )
        return content

    data = rewrite(workbook_bytes(SCHOOLS), giant)
    started = time.monotonic()
    with pytest.raises(SchoolCsvError, match="quá lớn"):
        read_school_csv(data)
    assert time.monotonic() - started < 2


def test_one_giant_cell_is_refused_with_its_row():
    data = workbook_bytes([*SCHOOLS, ["T" * 200_000, "TH"]])
    with pytest.raises(SchoolCsvError, match="Dòng 4: một ô dài quá"):
        read_school_csv(data)


def test_reading_stops_at_the_time_limit():
    data = workbook_bytes(SCHOOLS * 50)
    with pytest.raises(xlsx.XlsxError, match="quá lâu"):
        list(xlsx.iter_rows(data, max_seconds=-1))


def test_the_sector_data_import_uses_the_same_part_caps():
    """Issue 25's reader (publicity/sector_data/reading.py) refuses the same bomb."""
    from publicity.sector_data.reading import ExportError, open_workbook

    data = shared_strings_xlsx(sst(b"<si><t>a</t></si>" * 2_000_000), [0])
    with pytest.raises(ExportError, match="quá lớn"):
        open_workbook(io.BytesIO(data))
