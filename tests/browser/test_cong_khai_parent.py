"""Issue 23: a parent on a 390 px phone opens Công khai, reads the summary, then opens an
item and its file in at most two taps from the section."""

import re

from django.core.files.base import ContentFile
from django.utils import timezone

import pytest

from .conftest import phone_browser, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PDF = b"""%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj
trailer << /Root 1 0 R >>
%%EOF
"""


def publish_fees(school):
    from wagtail.documents import get_document_model

    from cms.demo.disclosures import content_for
    from publicity.demo import publish_disclosure
    from publicity.models import DisclosureRequirement
    from publicity.periods import disclosure_year_of

    today = timezone.localdate()
    year = disclosure_year_of(today)
    requirement = DisclosureRequirement.objects.get(code="fin_fees_charges")
    content, tables = content_for(school, requirement, year)
    page = publish_disclosure(
        school, requirement, year, today, title="Các khoản thu", content=content, tables=tables
    )
    document = get_document_model()(title="Bảng thu học phí", collection=school.collection)
    document.file.save("bang-thu-hoc-phi.pdf", ContentFile(PDF), save=False)
    document.save()
    page.attachments = [("document", {"document": document, "title": ""})]
    page.save_revision().publish()
    publish_disclosure(school, "gen_name", year, today, title="Tên trường")
    return document


def test_parent_reads_the_summary_then_an_item_and_its_file_in_two_taps(demo):
    document = publish_fees(demo["school"])
    file_path = document.url
    with phone_browser(width=390) as page:
        page.goto(demo["school_url"] + "/cong-khai/")
        # The summary comes first and a parent can read it without scrolling.
        summary = page.locator(".disclosure-summary")
        assert summary.bounding_box()["y"] < 780
        text = summary.inner_text()
        assert re.search(r"Năm học \d{4}–\d{4}", text)
        assert "mục bắt buộc" in text
        # Folded groups: the section is a few screens long, not 8,000 px; nothing scrolls
        # sideways.
        assert page.evaluate("document.documentElement.scrollHeight") < 2600
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        screenshot(page, "cong-khai-390-tom-tat")

        # Tap 1: the finance part opens; the item's current version is there to read,
        # its fee table included.
        page.locator("#nhom-tai_chinh > summary").click()
        item = page.locator("#fin_fees_charges")
        assert item.locator("table").first.is_visible()
        assert "Học phí" in item.inner_text()
        link = item.get_by_role("link", name="Bảng thu học phí")
        assert link.is_visible() and link.get_attribute("download") is None
        screenshot(page, "cong-khai-390-muc")

        # Tap 2: the file opens in the browser (served inline), not as a download.
        with page.expect_response(lambda r: file_path in r.url) as info:
            link.click()
        response = info.value
        assert response.status == 200
        assert response.headers["content-type"] == "application/pdf"
        assert response.headers["content-disposition"].startswith("inline")
