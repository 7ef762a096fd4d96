"""Privacy guard: find pupils' personal data in a page before it is published.

Looks at every text field of the page (StreamField and tables included) and at the
text of the PDF / DOCX / XLSX files it links to, for
  - 12-digit citizen ID numbers (CCCD),
  - lists of mobile numbers not attributed to staff positions,
  - dates of birth written next to people's names,
  - score tables (rows of a name and several marks 0–10).
Everything reported is masked, so the warning itself leaks nothing.
Thresholds are tuned so ordinary news and a staff-contact list pass.
"""

import datetime
import html
import io
import re
import time
import zipfile
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.log_actions import log

from sites import xlsx

from .file_safety import zip_problem

MAX_FILE_TEXT = 2_000_000  # characters read from one attached file
MAX_PDF_PAGES = 200
MAX_XML_BYTES = 8_000_000  # never inflate more than this from one file in all (zip bombs)
MAX_XLSX_ROWS = 100_000
MAX_XLSX_COLUMNS = 200
MAX_SCAN_SECONDS = 5.0  # per attached file
MAX_SAMPLES = 5

# CCCD: province code 001–096, century/sex digit 0–3, then 8 digits.
# Not part of a longer number or a decimal ("1.079..."), but a comma or full stop may end it.
CCCD_RE = re.compile(r"(?<!\d)(?<!\d[.,])(0[0-9]{2})([0-3]\d{8})(?!\d|[.,]\d)")
# A Vietnamese mobile: 0 or +84, then 9 digits starting 3/5/7/8/9, however it is grouped.
MOBILE_RE = re.compile(r"(?<![\d+])(?:\+?84|0)((?:[\s.\-]?\d){9})(?!\d)")
DATE_RE = re.compile(r"(?<!\d)(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?!\d)")
# A mark 0–10 standing alone ("7", "8,5", "10"), not part of "6A1", "7h30", "01" or "2025".
MARK_RE = re.compile(r"(?<![\w.,/:])(10|\d)(?:[.,](\d{1,2}))?(?![\w/%:]|[.,]\d)")

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đào",
    "Đoàn",
    "Vương",
    "Trịnh",
    "Trương",
    "Đinh",
    "Lâm",
    "Mai",
    "Tô",
    "Hà",
    "Lương",
    "Cao",
    "Tạ",
    "Châu",
    "Quách",
    "Thái",
    "Lưu",
    "Kiều",
    "Văn",
    "Từ",
    "Nông",
    "Lò",
    "Hứa",
    "Triệu",
    "Chu",
    "Tăng",
    "Khúc",
    "Kim",
    "Thân",
    "Mạc",
    "Phùng",
    "Âu",
    "Diệp",
    "Giang",
    "Tôn",
]
_UPPER = "A-ZĐÀ-ỸÁÂĂÊÔƠƯ"
_WORD = rf"[{_UPPER}][^\s\d,.;:()|/\\\-]*"
NAME_RE = re.compile(rf"\b(?:{'|'.join(SURNAMES)})(?:\s+{_WORD}){{1,4}}")

# "liên hệ" is not among them: it introduces parents' lists as often as the school's contact.
STAFF_WORDS = re.compile(
    r"hiệu trưởng|hiệu phó|tổ trưởng|tổ phó|giáo viên|gv\b|văn thư|kế toán|thủ quỹ|"
    r"tổng phụ trách|bí thư|chủ tịch|thư ký|nhân viên|bảo vệ|y tế|phụ trách|trưởng ban|"
    r"đường dây nóng|hotline|văn phòng|điện thoại trường|gvcn|\bthầy\b|\bcô\b",
    re.IGNORECASE,
)
BIRTH_WORDS = re.compile(r"ngày sinh|sinh ngày|năm sinh|sinh năm|\bns\b|\bsinh:", re.IGNORECASE)
EVENT_WORDS = re.compile(r"(?:ngày|hôm|từ|đến|tới|vào|hạn|trước|sau)\s*$", re.IGNORECASE)
SCORE_WORDS = re.compile(r"điểm|đtb|tbm|tb môn|học lực|xếp loại", re.IGNORECASE)
# Small numbers that are not marks: "tiết 1, 2, 3", "phòng 2", "ca 1", "tuần 3"...
NOT_MARK_BEFORE = re.compile(
    r"(?:tiết|phòng|ca|tuần|thứ|lớp|khối|tổ|số|câu|bài|giờ|buổi|nhóm|mục)[\s\d,.;–-]*$",
    re.IGNORECASE,
)
TAG_RE = re.compile(r"<[^>]+>")


@dataclass
class Finding:
    kind: str
    label: str
    source: str
    samples: list = field(default_factory=list)
    count: int = 0

    def as_dict(self):
        return {
            "kind": self.kind,
            "label": str(self.label),
            "source": str(self.source),
            "samples": self.samples,
            "count": self.count,
        }


KIND_LABELS = {
    "cccd": _("Số căn cước công dân (12 chữ số)"),
    "phones": _("Danh sách số điện thoại di động"),
    "birthdates": _("Ngày sinh ghi cạnh họ tên"),
    "scores": _("Bảng điểm của từng người"),
}


# --- masking ------------------------------------------------------------------------


def mask_digits(digits, keep_start=3, keep_end=2):
    digits = re.sub(r"\D", "", digits)
    return digits[:keep_start] + "*" * (len(digits) - keep_start - keep_end) + digits[-keep_end:]


def mask_name(name):
    words = name.split()
    return " ".join([words[0]] + [w[0] + "." for w in words[1:]])


# --- detectors ----------------------------------------------------------------------


def _names_in(line):
    return list(NAME_RE.finditer(line))


def find_cccd(text):
    found = []
    for match in CCCD_RE.finditer(text):
        number = match.group(0)
        if number not in found:
            found.append(number)
    return [mask_digits(n) for n in found]


def find_phone_list(text, threshold=3):
    """Mobile numbers that are not a staff member's published contact."""
    unattributed = []
    for line in text.splitlines():
        for match in MOBILE_RE.finditer(line):
            number = "0" + re.sub(r"\D", "", match.group(1))
            if number[1] not in "35789":
                continue  # a landline (02x): a school's or office's published number
            context = line[max(0, match.start() - 80) : match.start()]
            if STAFF_WORDS.search(context) or STAFF_WORDS.search(
                line[match.end() : match.end() + 40]
            ):
                continue
            if number not in unattributed:
                unattributed.append(number)
    if len(unattributed) < threshold:
        return []
    return [mask_digits(n, 3, 2) for n in unattributed]


def _birth_year_range():
    year = datetime.date.today().year
    return range(year - 25, year)


def find_birthdates(text):
    """Name + date-of-birth pairs. One pair counts if labelled as a birth date;
    otherwise two or more (a list of pupils) are needed, so an event date next to
    a teacher's name in a news item does not trigger."""
    labelled, unlabelled = [], []
    years = _birth_year_range()
    for line in text.splitlines():
        names = _names_in(line)
        if not names:
            continue
        for date in DATE_RE.finditer(line):
            day, month, year = (int(g) for g in date.groups())
            if not (1 <= day <= 31 and 1 <= month <= 12 and year in years):
                continue
            near = [
                n
                for n in names
                if abs(n.end() - date.start()) <= 60 or abs(date.end() - n.start()) <= 60
            ]
            if not near:
                continue
            sample = f"{mask_name(near[0].group(0))} – **/**/{year}"
            before = line[max(0, date.start() - 25) : date.start()]
            if BIRTH_WORDS.search(line[max(0, date.start() - 60) : date.start()]):
                labelled.append(sample)
            elif not EVENT_WORDS.search(before):
                unlabelled.append(sample)
    if labelled or len(unlabelled) >= 2:
        return list(dict.fromkeys(labelled + unlabelled))
    return []


def find_score_rows(text, min_rows=3, min_single_rows=4):
    """Rows of a person's name followed by three or more marks between 0 and 10; or a
    class list with one or two marks per name when the text speaks of marks ("điểm")."""
    rows, single_rows, has_decimal = [], [], False
    for line in text.splitlines():
        names = _names_in(line)
        if not names:
            continue
        after = line[names[0].end() :]
        after = DATE_RE.sub(" ", after)
        marks = [
            m
            for m in MARK_RE.finditer(after)
            if not NOT_MARK_BEFORE.search(after[max(0, m.start() - 24) : m.start()])
        ]
        if len(marks) >= 3:
            rows.append(f"{mask_name(names[0].group(0))}: {len(marks)} điểm số")
            has_decimal = has_decimal or any(m.group(2) for m in marks)
        elif marks:
            single_rows.append(f"{mask_name(names[0].group(0))}: {len(marks)} điểm số")
    # Rows of small numbers alone could be a timetable; marks come with decimals or
    # with words like "điểm", "học kỳ".
    has_score_words = bool(SCORE_WORDS.search(text))
    if (len(rows) >= min_rows and (has_score_words or has_decimal)) or (
        len(rows) >= 2 and has_score_words and has_decimal
    ):
        return rows
    if has_score_words and len(rows) + len(single_rows) >= min_single_rows:
        return rows + single_rows
    return []


def scan_text(text, source):
    findings = []
    for kind, samples in (
        ("cccd", find_cccd(text)),
        ("phones", find_phone_list(text)),
        ("birthdates", find_birthdates(text)),
        ("scores", find_score_rows(text)),
    ):
        if samples:
            findings.append(
                Finding(kind, KIND_LABELS[kind], source, samples[:MAX_SAMPLES], len(samples))
            )
    return findings


# --- text of pages and files ----------------------------------------------------------


def html_to_text(value):
    value = re.sub(r"</(p|h\d|li|tr|div)>|<br\s*/?>", "\n", value)
    value = re.sub(r"</t[dh]>", "\t", value)
    return html.unescape(TAG_RE.sub(" ", value))


def _walk_stream(value, texts, document_ids, key=None):
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "document" and isinstance(v, int):
                document_ids.add(v)
            _walk_stream(v, texts, document_ids, k)
    elif isinstance(value, list):
        if value and all(isinstance(row, list) for row in value):
            # A table: one line per row, cells separated by tabs.
            texts.append("\n".join("\t".join(str(c or "") for c in row) for row in value))
        else:
            for item in value:
                _walk_stream(item, texts, document_ids, key)
    elif isinstance(value, str) and key not in ("type", "id"):
        texts.append(html_to_text(value))


DOC_LINK_RE = re.compile(r'<a[^>]*linktype="document"[^>]*id="(\d+)"')


def page_text_and_documents(page):
    """All text of the page (one string) and the ids of documents it links to."""
    texts, document_ids = [], set()
    for model_field in page._meta.get_fields():
        if not isinstance(model_field, models.Field) or model_field.name in (
            "path",
            "url_path",
            "draft_title",
            "search_text_folded",
            "slug",
            "latest_revision",
        ):
            continue
        if isinstance(model_field, StreamField):
            raw = getattr(page, model_field.name).get_prep_value()
            _walk_stream(raw, texts, document_ids)
        elif isinstance(model_field, models.ForeignKey):
            if model_field.related_model._meta.label == "wagtaildocs.Document":
                doc_id = getattr(page, model_field.attname)
                if doc_id:
                    document_ids.add(doc_id)
        elif isinstance(model_field, (models.CharField, models.TextField)):
            value = getattr(page, model_field.attname, "") or ""
            if isinstance(model_field, RichTextField) or "<" in value:
                document_ids.update(int(i) for i in DOC_LINK_RE.findall(value))
                value = html_to_text(value)
            texts.append(value)
    return "\n".join(texts), document_ids


def _xml_text(xml, row_tag=None, cell_tag=None):
    if row_tag:
        # A paragraph closing a table cell is not a line break: keep each row on one line.
        xml = re.sub(rf"</(?:w:p|text:p)>\s*(?=</{cell_tag}>)", "", xml)
        xml = re.sub(rf"</{row_tag}>", "\n", xml)
        xml = re.sub(rf"</{cell_tag}>", "\t", xml)
    xml = re.sub(r"</w:p>|</text:p>|</a:p>", "\n", xml)
    return html.unescape(TAG_RE.sub("", xml))


def file_text(fileobj, name=""):
    """Text of a PDF, DOCX/ODT, XLSX or PPTX file, '' for anything else.

    Read within fixed bounds whatever the file declares (every page scan reads each
    attached file again): at most MAX_XML_BYTES inflated from a zip in all, MAX_FILE_TEXT
    characters kept, MAX_SCAN_SECONDS spent; past a bound the text read so far is scanned.
    """
    head = fileobj.read(8)
    fileobj.seek(0)
    deadline = time.monotonic() + MAX_SCAN_SECONDS
    try:
        if head.startswith(b"%PDF"):
            return _pdf_text(fileobj, deadline)
        if head.startswith(b"PK"):
            data = io.BytesIO(fileobj.read())
            if zip_problem(data):
                return ""  # never expand a zip bomb (uploads refuse them; old files may not)
            with zipfile.ZipFile(data) as archive:
                names = archive.namelist()
                if "xl/workbook.xml" in names:
                    return _xlsx_text(data.getvalue(), deadline)
                budget = [MAX_XML_BYTES]

                def read(member):
                    with archive.open(member) as stream:
                        chunk = stream.read(max(budget[0], 0))
                    budget[0] -= len(chunk)
                    return chunk.decode("utf-8", "ignore")

                if "word/document.xml" in names:
                    xml = read("word/document.xml")
                    return _xml_text(xml, "w:tr", "w:tc")[:MAX_FILE_TEXT]
                if "content.xml" in names:
                    xml = read("content.xml")
                    return _xml_text(xml, "table:table-row", "table:table-cell")[:MAX_FILE_TEXT]
                slides = sorted(n for n in names if re.match(r"ppt/slides/slide\d+\.xml$", n))
                texts = []
                for slide in slides:
                    if budget[0] <= 0 or time.monotonic() > deadline:
                        break
                    texts.append(_xml_text(read(slide)))
                return "\n".join(texts)[:MAX_FILE_TEXT]
    except Exception:
        return ""
    return ""


def _pdf_text(fileobj, deadline):
    from pypdf import PdfReader, apply_configuration

    # A page's content stream may inflate to tens of MB (pypdf's own cap is 75 MB): cap
    # it for this read only (a context variable, so other threads keep pypdf's defaults).
    with apply_configuration(zlib_maximum_output_length=MAX_XML_BYTES):
        reader = PdfReader(fileobj)
        if reader.is_encrypted:
            reader.decrypt("")
        texts, size = [], 0
        for page in reader.pages[:MAX_PDF_PAGES]:
            if size > MAX_FILE_TEXT or time.monotonic() > deadline:
                break
            try:
                text = page.extract_text() or ""
            except Exception:  # a page past pypdf's limits, or damaged: keep the others
                break
            texts.append(text)
            size += len(text)
    return "\n".join(texts)[:MAX_FILE_TEXT]


def _xlsx_text(data, deadline):
    """Every sheet's rows as tab-separated lines, through the bounded reader
    (sites/xlsx.py): a declared giant sheet, a shared-strings bomb or a giant cell is
    never read whole."""
    lines, size = [], 0
    try:
        for _sheet, _number, cells in xlsx.iter_rows(
            data,
            all_sheets=True,
            max_rows=MAX_XLSX_ROWS,
            max_columns=MAX_XLSX_COLUMNS,
            max_cell_chars=MAX_FILE_TEXT,
            max_seconds=max(deadline - time.monotonic(), 0),
        ):
            line = "\t".join(cells)
            lines.append(line)
            size += len(line) + 1
            if size > MAX_FILE_TEXT:
                break
    except xlsx.XlsxError:
        pass  # too big or too slow: scan what was read
    return "\n".join(lines)[:MAX_FILE_TEXT]


def scan_page(page):
    """Findings for the page and each document it links to."""
    text, document_ids = page_text_and_documents(page)
    findings = scan_text(text, _("nội dung trang"))
    for document in get_document_model().objects.filter(pk__in=document_ids):
        try:
            with document.file.open("rb") as fileobj:
                content = file_text(fileobj, document.file.name)
        except OSError:
            continue
        if content:
            findings += scan_text(content, _("tệp “%(title)s”") % {"title": document.title})
    return findings


PRIVACY_CONFIRM_FIELD = "privacy_confirmed"
PRIVACY_LOG_ACTION = "truongso.privacy.confirmed"


def log_confirmation(page, user, findings, revision=None):
    """Record that `user` published despite the findings (audit log)."""
    log(
        instance=page,
        action=PRIVACY_LOG_ACTION,
        user=user,
        revision=revision,
        data={"findings": [f.as_dict() for f in findings]},
    )
