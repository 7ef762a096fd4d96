"""The privacy guard stops pupils' personal data before it goes live, shows what it
found (masked), and logs a confirmed override."""

import io
import zipfile

from django.core.files.base import ContentFile
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.models import PageLogEntry

import pytest

from home.models import NewsPage
from home.privacy import PRIVACY_LOG_ACTION, file_text, scan_page, scan_text
from sites.roles import SchoolRole
from tests.factories import make_school_user
from tests.files import pdf_from_objects

from .helpers import create_news_via_admin, draft_news, news_form_data, workflow_action

pytestmark = pytest.mark.django_db

ORDINARY_NEWS = """Sáng ngày 05/09/2025, Trường THCS Kim Đồng long trọng tổ chức lễ khai giảng
năm học 2025-2026. Thầy Nguyễn Văn Hùng, Hiệu trưởng nhà trường, đọc thư của Chủ tịch nước.
Em Trần Thị Mai, lớp 9A, đạt giải Nhất học sinh giỏi cấp tỉnh ngày 12/03/2025.
Năm học này trường có 1.250 học sinh, 45 giáo viên, 32 lớp; tỉ lệ lên lớp đạt 99,5%.
Lịch thi: thứ Hai 14/10 môn Toán (90 phút), thứ Ba 15/10 môn Ngữ văn (90 phút), 7 giờ 30."""

STAFF_CONTACTS = """Hiệu trưởng: Nguyễn Văn Hùng – 0905 123 456
Phó hiệu trưởng: Lê Thị Lan – 0912.345.678
Văn thư: Phạm Minh Tú – 0987654321
Đường dây nóng của trường: 0235 3861 234"""

PUPIL_ROWS = [
    ("Nguyễn Văn An", "12/05/2012", "079212001234", "7,5", "8", "9"),
    ("Trần Thị Bình", "03/11/2012", "079312004567", "6", "5,5", "8,25"),
    ("Lê Hoàng Cường", "21/01/2012", "048212009876", "9", "10", "8"),
    ("Phạm Thu Dung", "30/07/2012", "049312005555", "4", "6,5", "7"),
]
FULL_IDS = [row[2] for row in PUPIL_ROWS]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def docx_with_table(rows):
    cells = "".join(
        "<w:tr>"
        + "".join(f"<w:tc><w:p><w:r><w:t>{c}</w:t></w:r></w:p></w:tc>" for c in row)
        + "</w:tr>"
        for row in rows
    )
    xml = (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>BẢNG ĐIỂM HỌC KỲ I LỚP 6A</w:t></w:r></w:p>"
        f"<w:tbl>{cells}</w:tbl></w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


def xlsx_with_rows(rows):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Họ và tên", "Ngày sinh", "Số định danh", "Toán", "Văn", "Anh"])
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def pdf_with_lines(lines):
    """A minimal text PDF (ASCII only, Helvetica)."""
    text = " ".join(f"({line}) Tj 0 -16 Td" for line in lines)
    stream = f"BT /F1 11 Tf 50 780 Td {text} ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return pdf_from_objects(objects)


def make_document(school, name, data, title="Tệp đính kèm"):
    document = get_document_model()(title=title, collection=school.collection)
    document.file.save(name, ContentFile(data), save=False)
    document.save()
    return document


# --- detectors ----------------------------------------------------------------------


TEACHING_ASSIGNMENTS = """PHÂN CÔNG CHUYÊN MÔN HỌC KỲ I
1. Nguyễn Thị Lan – Toán – lớp 6A1, 7A2, 8A3 – tiết 1, 2, 3
2. Trần Văn Minh – Ngữ văn – lớp 6A2, 9A1 – tiết 4, 5
3. Lê Thu Hà – Tiếng Anh – lớp 7A1, 8A1, 9A2 – tiết 2, 3, 4
4. Phạm Quốc Bảo – Tin học – phòng máy 2 – tiết 1, 3, 5"""

AWARDS = """Kết quả Hội khỏe Phù Đổng cấp huyện năm 2025:
- Em Nguyễn Văn An, lớp 9A: Huy chương Vàng chạy 100m.
- Em Trần Thị Bình, lớp 8B: Huy chương Bạc nhảy xa.
- Em Lê Hoàng Cường, lớp 7C: Huy chương Đồng cờ vua.
Liên hệ thầy Phạm Minh Tú (Tổng phụ trách Đội) 0905 111 222, cô Đỗ Thu Hà 0912 333 444,
thầy Vũ Văn Nam (GVCN 9A) 0987 555 666."""

EXAM_SCHEDULE = """Lịch kiểm tra cuối học kỳ I: ngày 16/12/2025 môn Toán 90 phút, ngày 17/12/2025
môn Ngữ văn 90 phút. Giáo viên coi kiểm tra có mặt lúc 7h00. Thầy Nguyễn Văn Hùng phụ trách
chung, cô Trần Thị Mai (Phó hiệu trưởng) phụ trách điểm trường lẻ."""


@pytest.mark.parametrize(
    "text", [ORDINARY_NEWS, STAFF_CONTACTS, TEACHING_ASSIGNMENTS, AWARDS, EXAM_SCHEDULE]
)
def test_ordinary_school_content_passes(text):
    assert scan_text(text, "tin") == []


def test_pupil_list_is_caught_and_masked():
    text = "Danh sách học sinh, điểm kiểm tra\n" + "\n".join("\t".join(r) for r in PUPIL_ROWS)
    findings = {f.kind: f for f in scan_text(text, "nội dung")}
    assert set(findings) == {"cccd", "birthdates", "scores"}
    assert findings["cccd"].count == 4
    shown = repr([f.samples for f in findings.values()])
    for full_id in FULL_IDS:
        assert full_id not in shown
    assert "079*******34" in shown
    assert "12/05/2012" not in shown
    assert "Nguyễn V. A." in shown


def test_parents_phone_list_is_caught():
    text = "Liên lạc phụ huynh: anh Tâm 0905111222, chị Hoa 0912 333 444, chị Lan 0987.555.666"
    assert [f.kind for f in scan_text("Phụ huynh:" + text.split(":", 1)[1], "x")] == ["phones"]


def test_text_is_read_from_pdf_docx_and_xlsx():
    pdf = pdf_with_lines([f"Hoc sinh {i}: CCCD {n}" for i, n in enumerate(FULL_IDS)])
    assert FULL_IDS[0] in file_text(io.BytesIO(pdf))
    docx_text = file_text(io.BytesIO(docx_with_table(PUPIL_ROWS)))
    assert "Nguyễn Văn An\t12/05/2012" in docx_text
    xlsx_text = file_text(io.BytesIO(xlsx_with_rows(PUPIL_ROWS)))
    assert "Trần Thị Bình" in xlsx_text and "079312004567" in xlsx_text


# --- the guard in the editor --------------------------------------------------------


def test_document_with_ids_and_scores_is_stopped_then_confirmed_and_logged(client, school):
    principal = make_school_user(school, SchoolRole.PRINCIPAL)
    document = make_document(
        school, "bang-diem.docx", docx_with_table(PUPIL_ROWS), title="Bảng điểm 6A"
    )
    client.force_login(principal)
    response = create_news_via_admin(
        client,
        school,
        "action-publish",
        title="Kết quả học kỳ I",
        slug="ket-qua-hoc-ky",
        attachments=[("document", {"document": document.pk, "title": ""})],
    )
    page = NewsPage.objects.get(slug="ket-qua-hoc-ky")
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_pages:edit", args=(page.pk,))
    assert not page.live, "the page must not go live"

    # The editor sees exactly what was found, masked, and the confirmation box.
    html = client.get(response.url).content.decode()
    assert "Số căn cước công dân" in html
    assert "Bảng điểm của từng người" in html
    assert "Bảng điểm 6A" in html
    assert "079*******34" in html
    for full_id in FULL_IDS:
        assert full_id not in html
    assert 'name="privacy_confirmed"' in html

    # Publishing again without ticking the box changes nothing.
    data = news_form_data(
        title="Kết quả học kỳ I",
        slug="ket-qua-hoc-ky",
        attachments=[("document", {"document": document.pk, "title": ""})],
    )
    edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    client.post(edit_url, {**data, "action-publish": "1"})
    assert not NewsPage.objects.get(pk=page.pk).live
    assert not PageLogEntry.objects.filter(page=page, action=PRIVACY_LOG_ACTION).exists()

    # Ticking it publishes, and the confirmation is in the audit log with the findings.
    client.post(edit_url, {**data, "action-publish": "1", "privacy_confirmed": "on"})
    assert NewsPage.objects.get(pk=page.pk).live
    entry = PageLogEntry.objects.get(page=page, action=PRIVACY_LOG_ACTION)
    assert entry.user == principal
    kinds = {finding["kind"] for finding in entry.data["findings"]}
    assert {"cccd", "scores", "birthdates"} <= kinds
    assert "xác nhận" in str(entry.message).lower()


def test_xlsx_and_pdf_attachments_are_scanned(school):
    xlsx = make_document(school, "danh-sach.xlsx", xlsx_with_rows(PUPIL_ROWS))
    pdf = make_document(school, "cccd.pdf", pdf_with_lines([f"CCCD {n}" for n in FULL_IDS]))
    page = draft_news(school, None, title="Danh sách")
    page.attachments = [
        ("document", {"document": xlsx, "title": ""}),
        ("document", {"document": pdf, "title": ""}),
    ]
    findings = scan_page(page)
    sources = {(f.kind, str(f.source)) for f in findings}
    assert ("cccd", f"tệp “{pdf.title}”") in sources
    assert ("scores", f"tệp “{xlsx.title}”") in sources


def test_ordinary_news_item_publishes_without_a_question(client, school):
    principal = make_school_user(school, SchoolRole.PRINCIPAL)
    client.force_login(principal)
    response = create_news_via_admin(
        client,
        school,
        "action-publish",
        title="Khai giảng năm học mới",
        slug="khai-giang",
        body_text=ORDINARY_NEWS + "\n" + STAFF_CONTACTS,
    )
    assert response.status_code == 302
    page = NewsPage.objects.get(slug="khai-giang")
    assert page.live
    assert not PageLogEntry.objects.filter(page=page, action=PRIVACY_LOG_ACTION).exists()


def test_final_workflow_approval_is_guarded_too(client, school, editor):
    principal = make_school_user(school, SchoolRole.PRINCIPAL)
    page = draft_news(
        school,
        editor,
        title="Danh sách thi",
        body=[("paragraph", "<p>" + "<br>".join(" ".join(r) for r in PUPIL_ROWS) + "</p>")],
    )
    page.save_revision(user=editor)
    page.get_workflow().start(page, editor)

    client.force_login(principal)
    response = workflow_action(client, page, "approve")
    review_url = reverse("editing_privacy_review", args=(page.pk,))
    assert response.url == review_url
    assert not NewsPage.objects.get(pk=page.pk).live
    html = client.get(review_url).content.decode()
    assert "Số căn cước công dân" in html and "079*******34" in html

    response = workflow_action(
        client, page, "approve", comment="Đã được phép công bố.", privacy_confirmed="on"
    )
    page = NewsPage.objects.get(pk=page.pk)
    assert page.live
    assert PageLogEntry.objects.filter(
        page=page, action=PRIVACY_LOG_ACTION, user=principal
    ).exists()


def test_approving_from_the_editor_menu_is_sent_to_the_privacy_review(client, school, editor):
    principal = make_school_user(school, SchoolRole.PRINCIPAL)
    page = draft_news(school, editor, title="Danh sách dự thi")
    page.get_workflow().start(page, editor)

    client.force_login(principal)
    data = news_form_data(
        title="Danh sách dự thi",
        slug=page.slug,
        body_text="\n".join(" ".join(row) for row in PUPIL_ROWS),
    )
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=(page.pk,)),
        {
            **data,
            "action-workflow-action": "1",
            "workflow-action-name": "approve",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("editing_privacy_review", args=(page.pk,))
    page = NewsPage.objects.get(pk=page.pk)
    assert not page.live
    assert page.current_workflow_state is not None


@pytest.mark.parametrize(
    "text",
    [
        "Em Nguyễn Văn An, CCCD 079212001234, lớp 6A1.",  # followed by a comma
        "Số định danh: 079212001234.",  # at the end of a sentence
        "STT\tHọ và tên\tSố định danh\n1\tNguyễn Văn An\t079212001234\t6A1",  # a table cell
    ],
)
def test_citizen_id_before_a_comma_or_in_a_cell_is_caught(text):
    assert [f.kind for f in scan_text(text, "x")] == ["cccd"]


def test_citizen_id_inside_a_decimal_or_longer_number_is_not():
    assert scan_text("Tổng kinh phí 1.079212001234 đồng; mã 10792120012345.", "x") == []


def test_parents_phone_list_after_lien_he_is_caught():
    text = (
        "Danh sách liên hệ phụ huynh lớp 6A: Nguyễn Văn An 0905111222, "
        "Trần Thị Bình 0912 333 444, Lê Hoàng Cường 0987.555.666"
    )
    assert [f.kind for f in scan_text(text, "x")] == ["phones"]


def test_editor_sees_the_warning_before_submitting_for_approval(client, school, editor):
    principal = make_school_user(school, SchoolRole.PRINCIPAL)
    client.force_login(editor)
    pupil_table = "Danh sách học sinh, điểm kiểm tra\n" + "\n".join(
        " ".join(row) for row in PUPIL_ROWS
    )
    response = create_news_via_admin(
        client,
        school,
        "action-submit",
        title="Danh sách lớp 6A",
        slug="danh-sach-lop-6a",
        body_text=pupil_table,
    )
    page = NewsPage.objects.get(slug="danh-sach-lop-6a")
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_pages:edit", args=(page.pk,))
    assert page.current_workflow_state is None, "nothing may reach the principal yet"
    assert page.latest_revision is not None  # the editor's work is kept as a draft
    html = client.get(response.url).content.decode()
    assert "Chưa gửi duyệt" in html
    assert "Số căn cước công dân" in html
    assert 'name="privacy_confirmed"' in html

    # Submitting again with the box ticked sends it on, and the confirmation is logged.
    edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    data = news_form_data(title="Danh sách lớp 6A", slug="danh-sach-lop-6a", body_text=pupil_table)
    client.post(edit_url, {**data, "action-submit": "1", "privacy_confirmed": "on"})
    page = NewsPage.objects.get(pk=page.pk)
    assert page.current_workflow_state is not None
    assert PageLogEntry.objects.filter(page=page, action=PRIVACY_LOG_ACTION, user=editor).exists()
    assert principal  # the principal still reviews (and is warned again at approval)


def test_submitting_ordinary_news_is_not_held(client, school, editor):
    client.force_login(editor)
    create_news_via_admin(
        client,
        school,
        "action-submit",
        title="Ngày hội đọc sách",
        slug="ngay-hoi-doc-sach",
        body_text="Sáng nay, học sinh toàn trường tham gia ngày hội đọc sách.",
    )
    assert NewsPage.objects.get(slug="ngay-hoi-doc-sach").current_workflow_state is not None


def test_confirmed_page_text_stays_out_of_feeds_and_portal_news(client, school):
    from home.models import NewsPage as News

    principal = make_school_user(school, SchoolRole.PRINCIPAL)
    client.force_login(principal)
    pupil_lines = "\n".join(" ".join(row) for row in PUPIL_ROWS)
    create_news_via_admin(
        client,
        school,
        "action-publish",
        title="Danh sách khen thưởng",
        slug="danh-sach-khen-thuong",
        summary="Tóm tắt bí mật của danh sách",
        body_text="Danh sách học sinh, điểm kiểm tra\n" + pupil_lines,
        privacy_confirmed="on",
    )
    page = News.objects.get(slug="danh-sach-khen-thuong")
    assert page.live and page.has_confirmed_personal_data
    client.logout()
    clean = draft_news(school, None, title="Ngày hội đọc sách", summary="Tóm tắt công khai")
    clean.save_revision().publish()
    clean.refresh_from_db()
    assert not clean.has_confirmed_personal_data

    feed = client.get("/rss.xml", HTTP_HOST=school.site.hostname)
    body = feed.content.decode()
    assert "Danh sách khen thưởng" in body and "Tóm tắt công khai" in body
    assert "Tóm tắt bí mật" not in body
    portal = News.latest_across_schools(10)
    flagged = next(item for item in portal if item.pk == page.pk)
    assert flagged.summary == ""


def test_class_list_with_one_score_each_in_a_table_is_caught():
    from home.privacy import page_text_and_documents

    rows = [["STT", "Họ và tên", "Ngày sinh", "Điểm thi"]] + [
        [str(n), name, f"{n + 1:02}/0{n + 2}/2013", mark]
        for n, (name, mark) in enumerate(
            [
                ("Nguyễn Văn An", "8,5"),
                ("Trần Thị Bình", "7"),
                ("Lê Hoàng Cường", "9,25"),
                ("Phạm Thu Dung", "6"),
            ]
        )
    ]
    page = NewsPage(title="Kết quả thi", body=[("table", {"data": rows})])
    text, _documents = page_text_and_documents(page)
    kinds = {f.kind for f in scan_text(text, "bảng")}
    assert {"scores", "birthdates"} <= kinds


def test_a_list_of_prize_winners_with_one_number_each_is_not_scores():
    text = (
        "Kết quả hội thi:\n- Em Nguyễn Văn An, giải 1\n- Em Trần Thị Bình, giải 2\n"
        "- Em Lê Hoàng Cường, giải 3\n- Em Phạm Thu Dung, giải 3"
    )
    assert scan_text(text, "x") == []
