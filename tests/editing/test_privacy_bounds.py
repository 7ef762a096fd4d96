"""The privacy scan reads attached files within fixed bounds (issue 21): a document
holding one giant cell, or many big parts, passes the compression-ratio check but is
never read whole on each scan of a page that links it."""

import base64
import io
import os
import time
import zipfile

import pytest
from openpyxl import Workbook

from home import privacy
from home.file_safety import zip_problem
from home.privacy import file_text


def random_text(size):
    """Letters that do not compress (the ratio check lets them through)."""
    return base64.b64encode(os.urandom(size * 3 // 4)).decode()


@pytest.fixture
def bytes_inflated(monkeypatch):
    """How many bytes are read out of zip members."""
    counted = [0]
    original = zipfile.ZipExtFile.read

    def read(self, n=-1):
        chunk = original(self, n)
        counted[0] += len(chunk)
        return chunk

    monkeypatch.setattr(zipfile.ZipExtFile, "read", read)
    return counted


def test_a_workbook_with_one_giant_cell_is_not_parsed(monkeypatch):
    # Excel and openpyxl stop a cell at 32,767 characters; a hostile file need not.
    giant = random_text(20 * 1024 * 1024)
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
        + giant
        + "</t></is></c></row></sheetData></worksheet>"
    )
    book = Workbook()
    book.active["A1"] = "Danh sách"
    source = io.BytesIO()
    book.save(source)
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(source) as original,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for name in original.namelist():
            content = original.read(name)
            out.writestr(name, sheet if name == "xl/worksheets/sheet1.xml" else content)
    assert zip_problem(io.BytesIO(buffer.getvalue())) is None  # passes the ratio check
    parsed = []
    import openpyxl

    original = openpyxl.load_workbook
    monkeypatch.setattr(
        openpyxl, "load_workbook", lambda *a, **k: parsed.append(1) or original(*a, **k)
    )
    started = time.monotonic()
    assert file_text(io.BytesIO(buffer.getvalue()), "a.xlsx") == ""
    assert time.monotonic() - started < 2
    assert parsed == []  # refused from the zip directory


def test_slides_are_read_up_to_one_budget_in_all(bytes_inflated):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for n in range(1, 11):
            body = f"<p:sld><a:p><a:t>{random_text(3 * 1024 * 1024)}</a:t></a:p></p:sld>"
            archive.writestr(f"ppt/slides/slide{n}.xml", body)
    data = buffer.getvalue()
    assert zip_problem(io.BytesIO(data)) is None
    started = time.monotonic()
    text = file_text(io.BytesIO(data), "a.pptx")
    assert time.monotonic() - started < 5
    assert 0 < len(text) <= privacy.MAX_FILE_TEXT
    assert bytes_inflated[0] <= privacy.MAX_XML_BYTES  # 30 MB inflated before


def test_a_document_with_one_giant_paragraph_is_read_up_to_the_budget(bytes_inflated):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        body = f"<w:document><w:p><w:t>{random_text(30 * 1024 * 1024)}</w:t></w:p></w:document>"
        archive.writestr("word/document.xml", body)
    started = time.monotonic()
    text = file_text(io.BytesIO(buffer.getvalue()), "a.docx")
    assert time.monotonic() - started < 5
    assert len(text) <= privacy.MAX_FILE_TEXT
    assert bytes_inflated[0] <= privacy.MAX_XML_BYTES


def test_a_long_pdf_stops_at_the_time_bound(monkeypatch):
    from tests.files import text_pdf

    monkeypatch.setattr(privacy, "MAX_SCAN_SECONDS", -1)
    assert file_text(io.BytesIO(text_pdf("Nguyen Van A 079203001234")), "a.pdf") == ""
    monkeypatch.setattr(privacy, "MAX_SCAN_SECONDS", 5)
    assert "079203001234" in file_text(io.BytesIO(text_pdf("Nguyen Van A 079203001234")))
