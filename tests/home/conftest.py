import datetime
import json

import pytest

from home.models import (
    IntroductionPage,
    NewsCategory,
    OfficialDocumentPage,
    ProfessionalDocumentKind,
    ProfessionalDocumentPage,
)
from sites.models import SchoolSettings
from tests.factories import (
    DocumentFactory,
    ImageFactory,
    NewsPageFactory,
    OfficeNewsPageFactory,
)


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # Measure real rendering, not the anonymous page cache (sites/cache.py).
    settings.PAGE_CACHE_ENABLED = False


def make_pdf(title="Kế hoạch năm học", collection=None):
    extra = {"collection": collection} if collection else {}
    return DocumentFactory(
        title=title,
        file__filename="ke-hoach.pdf",
        file__data=b"%PDF-1.4\n" + b"0" * 2048,
        **extra,
    )


def section(school, slug):
    return school.home_page.get_children().get(slug=slug).specific


def fill_school(school, news=3):
    """A school with what a real one has: identity, pinned notice, news with photos and
    attachments, a structured introduction and professional documents."""
    settings = SchoolSettings.objects.get(site=school.site)
    settings.logo = ImageFactory(title="Biểu trưng", collection=school.collection)
    settings.banner_image = ImageFactory(title="Ảnh trường", collection=school.collection)
    settings.motto = "Dạy tốt – Học tốt"
    settings.quick_links = json.dumps(
        [
            {
                "type": "link",
                "value": {"title": "Sổ liên lạc điện tử", "url": "https://sll.example.vn/"},
            },
        ]
    )
    settings.save()
    school.address, school.phone, school.email = (
        "12 Lê Lợi, Hội An",
        "0235 3861 234",
        "kimdong@example.vn",
    )
    school.principal_name = "Nguyễn Thị Hoa"
    school.save()

    pdf = make_pdf(collection=school.collection)
    NewsPageFactory.for_school(
        school,
        title="Thông báo tuyển sinh lớp 6 năm học 2026-2027",
        is_pinned=True,
        category=NewsCategory.NOTICE,
        summary="Lịch nhận hồ sơ tuyển sinh.",
    )
    for n in range(news):
        NewsPageFactory.for_school(
            school,
            title=f"Hội thi giáo viên dạy giỏi cấp trường lần {n + 1}",
            lead_image=ImageFactory(collection=school.collection),
            date=datetime.date(2026, 10, 1) + datetime.timedelta(days=n),
            category=NewsCategory.TEACHING,
            body=json.dumps(
                [
                    {"type": "paragraph", "value": "<p>Nhà trường tổ chức hội thi Đồng Khánh.</p>"},
                    {"type": "document", "value": {"document": pdf.pk, "title": ""}},
                ]
            ),
            attachments=json.dumps(
                [{"type": "document", "value": {"document": pdf.pk, "title": "Kế hoạch hội thi"}}]
            ),
        )
    intro = section(school, "gioi-thieu")
    assert isinstance(intro, IntroductionPage)
    intro.functions_and_tasks = "<p>Tổ chức giảng dạy theo chương trình giáo dục phổ thông.</p>"
    intro.map_url = "https://www.openstreetmap.org/?mlat=15.88&mlon=108.33"
    intro.history = "<p>Trường được thành lập năm 1975.</p>"
    intro.leaders = json.dumps(
        [
            {
                "type": "leader",
                "value": {
                    "name": "Nguyễn Thị Hoa",
                    "position": "Hiệu trưởng",
                    "phone": "0905 000 111",
                    "email": "hoa@example.vn",
                    "photo": None,
                    "duties": "Phụ trách chung",
                },
            }
        ]
    )
    intro.units = json.dumps(
        [
            {
                "type": "unit",
                "value": {"name": "Tổ Toán – Tin", "head": "Lê Văn An", "description": ""},
            }
        ]
    )
    intro.organisations = json.dumps(
        [
            {
                "type": "organisation",
                "value": {
                    "name": "Chi bộ",
                    "leader": "Nguyễn Thị Hoa",
                    "description": "<p>Chi bộ nhà trường.</p>",
                },
            }
        ]
    )
    intro.save_revision().publish()

    professional = section(school, "chuyen-mon")
    for kind, year in (
        (ProfessionalDocumentKind.TEACHING_PLAN, "2025-2026"),
        (ProfessionalDocumentKind.TEST_PAPER, "2025-2026"),
        (ProfessionalDocumentKind.TEACHING_PLAN, "2024-2025"),
    ):
        professional.add_child(
            instance=ProfessionalDocumentPage(
                title=f"{kind.label} môn Toán {year}",
                kind=kind,
                school_year=year,
                subject="Toán",
                grade="Khối 6",
                document=make_pdf(f"{kind.label} {year}"),
            )
        )
    return school


def fill_portal(office, notices=2):
    portal = office.site.root_page
    news_index = portal.get_children().get(slug="tin-tuc")
    for n in range(notices):
        OfficeNewsPageFactory(
            parent=news_index,
            title=f"Thông báo về lịch thi học kỳ {n + 1}",
            for_all_schools=True,
        )
    documents = portal.get_children().get(slug="van-ban")
    for number, issuer in (("123/PGDĐT", "Phòng GDĐT Hội An"), ("45/SGDĐT", "Sở GDĐT Quảng Nam")):
        documents.add_child(
            instance=OfficialDocumentPage(
                title=f"Công văn {number}",
                number=number,
                abstract="Về việc tổ chức năm học mới",
                issuer=issuer,
                issued_on=datetime.date(2026, 9, 5),
                signer="Trần Văn Bình",
                document=make_pdf(f"Công văn {number}"),
            )
        )
    return portal


def host_of(site):
    return site.hostname
