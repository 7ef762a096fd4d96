"""Issue 23: the public Công khai section for parents: a summary first, groups that fold
without script, each item's current version readable in place with its files and
tables, older versions under it, the open data in the footer; and believable demo
content."""

import re

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model

import pytest

from cms.demo.disclosures import content_for, table
from publicity import checklist
from publicity.charts import progress_svg
from publicity.demo import seed_disclosures
from publicity.models import DisclosurePage, OfficeComplianceSnapshot
from tests.factories import make_school

from .conftest import d

YEAR = "2025-2026"


@pytest.fixture
def pinned(monkeypatch):
    monkeypatch.setattr(checklist, "today", lambda: d("2025-10-10"))


def page(client, school, path="/cong-khai/"):
    return client.get(path, HTTP_HOST=school.site.hostname).content.decode()


def test_the_section_opens_with_a_summary_and_folds_its_groups(client, school, publish, pinned):
    publish(school, "gen_name", YEAR, d("2025-06-20"))
    publish(school, "gen_history", YEAR, d("2025-07-20"))
    html = page(client, school)
    summary = html.index('class="disclosure-summary"')
    assert summary < html.index('<details class="disclosure-group"')
    lead = re.sub(
        r"\s+",
        " ",
        re.sub(r"<[^>]+>", "", html.split('class="disclosure-lead">')[1].split("</p>")[0]),
    )
    assert "Năm học 2025–2026" in lead and "trường đã công khai 2 trên" in lead
    assert "1 mục công khai trễ hạn" in lead
    # Five parts, folded (no "open"), each with its count in the summary line.
    assert html.count('<details class="disclosure-group"') == 5
    assert '<details class="disclosure-group" id="nhom-thong_tin_chung" open' not in html
    assert "<script" not in html.split("<main")[1].split("</main>")[0]
    # Article numbers are small print, not headings.
    assert not re.search(r"<h[1-3][^>]*>[^<]*Điều \d", html)
    # The open data moved to the footer of the section.
    footer = html.split('class="disclosure-footer"')[1]
    assert "Dữ liệu mở" in footer and "/cong-khai/du-lieu/" in footer
    assert html.index("Dữ liệu mở") > html.index("disclosure-group")


def test_an_item_shows_its_current_version_files_tables_and_older_versions(
    client, school, publish, pinned
):
    document = get_document_model()(title="Bảng thu học phí", collection=school.collection)
    document.file.save("hoc-phi.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    document.save()
    publish(school, "fin_fees_charges", "2024-2025", d("2024-07-20"), title="Các khoản thu 2024")
    new = publish(
        school,
        "fin_fees_charges",
        YEAR,
        d("2025-06-20"),
        title="Các khoản thu 2025",
        content="<p>Mức thu áp dụng từ tháng 9.</p>",
        tables=[table([["Khoản thu", "Mức thu"], ["Tiền ăn bán trú", "28.000 đồng"]])],
    )
    new.attachments = [("document", {"document": document, "title": ""})]
    new.save_revision().publish()
    html = page(client, school)
    item = html.split('id="fin_fees_charges"')[1].split("</article>")[0]
    assert "Mức thu áp dụng từ tháng 9." in item
    assert re.search(r"<td[^>]*>\s*Tiền ăn bán trú\s*</td>", item)
    assert f'href="{document.url}"' in item and " download" not in item  # opens inline
    assert "Bảng thu học phí" in item and "PDF" in item
    older = item.split('class="disclosure-archive"')[1]
    assert "Các khoản thu 2024" in older and "Năm học 2024–2025" in older


def with_file(school, publish, code, number):
    document = get_document_model()(title=f"Tệp {number}", collection=school.collection)
    document.file.save(f"tep-{number}.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    document.save()
    version = publish(school, code, YEAR, d("2025-06-20"))
    version.attachments = [("document", {"document": document, "title": ""})]
    version.save_revision().publish()


def test_the_page_needs_a_constant_number_of_queries_with_files(
    client, school, publish, pinned, settings, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_ENABLED = False  # measure the view, not the page cache
    with_file(school, publish, "gen_name", 0)
    page(client, school)  # stores the school's figures for the day
    connection.queries_log.clear()  # the log is capped; keep its indexes valid
    with CaptureQueriesContext(connection) as few:
        page(client, school)
    baseline = len(few.captured_queries)
    assert baseline > 5
    for number, code in enumerate(("gen_history", "gen_mission_vision_goals", "annual_report")):
        with_file(school, publish, code, number + 1)
    page(client, school)
    with django_assert_max_num_queries(baseline):
        html = page(client, school)
    assert html.count('class="disclosure-files"') == 4


def test_demo_disclosures_read_like_real_ones(office):
    # The first school of the demo publishes everything on time (the second marks the
    # conditional items "không áp dụng").
    schools = [
        make_school("MN Hoa Mai", level="MN", office=office),
        make_school("THCS Trần Phú", office=office),
    ]
    seed_disclosures(schools, today=d("2025-11-20"), content=content_for)
    fees = DisclosurePage.objects.filter(requirement__code="fin_fees_charges").first()
    rows = fees.tables[0].value["data"]
    assert rows[0][:2] == ["Khoản thu", "Mức thu"] and any("Học phí" in r[0] for r in rows)
    plan = DisclosurePage.objects.filter(requirement__code="pt_school_education_plan").first()
    assert plan.content.count("<h2>") >= 3 and "Nhiệm vụ và giải pháp" in plan.content
    staff = DisclosurePage.objects.filter(requirement__code="mn_staff_by_position_qual").first()
    head, *body = staff.tables[0].value["data"]
    assert head[:2] == ["Vị trí việc làm", "Tổng số"]
    assert int(body[-1][1]) == sum(int(r[1]) for r in body[:-1])  # the total adds up
    menu = DisclosurePage.objects.filter(requirement__code="mn_menu", not_applicable=False)
    assert menu.exists() and "Bữa trưa" in menu.first().tables[0].value["data"][0]
    # No placeholder text of the form "<title> (<period>)." anywhere.
    for version in DisclosurePage.objects.filter(not_applicable=False):
        assert version.content != f"<p>{version.requirement.title} ({version.period}).</p>"
        assert len(version.content) > 80 or version.tables


# --- The inspector's chart ------------------------------------------------------------------


def test_the_chart_shows_a_point_and_its_value_from_the_first_day(office):
    snapshot = OfficeComplianceSnapshot(
        office=office, school_year=YEAR, day=d("2025-09-15"), on_time=30, late=6, overdue=4
    )
    svg = str(progress_svg([snapshot]))
    assert svg.count("<circle") == 2  # the day's two shares
    assert ">90%</text>" in svg and ">75%</text>" in svg  # 36/40 and 30/40
    assert "15/09/2025" in svg


def test_the_chart_says_in_vietnamese_when_nothing_is_stored(office):
    text = str(progress_svg([]))
    assert "Chưa có số liệu theo ngày" in text
    assert "record_compliance_snapshot" not in text and "<svg" not in text
