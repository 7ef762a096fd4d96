"""Demo content: the Sở of Đà Nẵng, two wards holding Hội An's 34 schools, one
upper-secondary school directly under the Sở, sample news with photos, logins.

Idempotent: running `load_demo` again adds nothing that is already there.
"""

import csv
import datetime
import io
import random
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.db import transaction

from wagtail.images import get_image_model
from wagtail.models import Collection

from django_otp.plugins.otp_totp.models import default_key
from PIL import Image, ImageDraw

from cms.schools.provisioning import (
    SchoolSpec,
    add_office_user,
    add_school_user,
    office_group,
    provision_office,
    provision_schools,
)
from home.models import (
    IntroductionPage,
    NewsGalleryPhoto,
    NewsPage,
    OfficeNewsIndexPage,
    OfficeNewsPage,
    OfficialDocumentIndexPage,
    OfficialDocumentPage,
    SchoolHomePage,
)
from home.sections import NEWS
from publicity.demo import seed_disclosures
from sites.models import School, SchoolSettings
from sites.roles import OfficeRole, SchoolRole
from sites.two_factor import enrol, totp_secret

from .disclosures import content_for as disclosure_content
from .sections import seed_office_sections, seed_school_sections

DEMO_PASSWORD = "demo12345"  # noqa: S105 - printed on screen for the demo only
ADMIN_USERNAME = "quantri"
FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "hoi-an-schools.csv"
OFFICE_NAME = "Sở Giáo dục và Đào tạo thành phố Đà Nẵng"
# (name, subdomain of the Sở's domain, login prefix). Hội An's schools are split between
# the two wards: preschools and primary schools to Hội An, the others to Hội An Tây.
WARDS = (
    ("UBND phường Hội An", "hoian", "hoian"),
    ("UBND phường Hội An Tây", "hoiantay", "hoiantay"),
)
SO_SCHOOL = SchoolSpec(
    name="Trường THPT Trần Quý Cáp",
    level="THPT",
    slug="thpt-tran-quy-cap",
    address="Số 1 Lê Hồng Phong, Hội An",
)

NEWS_SAMPLES = [
    (
        "hoat-dong-nha-truong",
        "Khai giảng năm học mới {year}",
        "Sáng nay, thầy cô và các em học sinh {school} long trọng tổ chức lễ khai giảng.",
    ),
    (
        "hoat-dong-day-hoc",
        "Hội giảng chào mừng ngày Nhà giáo Việt Nam 20/11",
        "Các tổ chuyên môn của {school} tổ chức hội giảng với nhiều tiết dạy sáng tạo.",
    ),
    (
        "doan-the-doi",
        "Liên đội ra quân hưởng ứng phong trào Kế hoạch nhỏ",
        "Liên đội {school} thu gom giấy vụn, góp phần xây dựng quỹ khuyến học.",
    ),
    (
        "tuyen-truyen-phap-luat",
        "Tuyên truyền an toàn giao thông cho học sinh",
        "{school} phối hợp với Công an phường tuyên truyền Luật Giao thông đường bộ.",
    ),
    (
        "thong-bao",
        "Thông báo lịch họp phụ huynh học kỳ I",
        "{school} trân trọng kính mời quý phụ huynh dự họp vào sáng Chủ nhật tuần này.",
    ),
]
COLOURS = ["#0b5394", "#1c6b3a", "#8a1c1c", "#5b3c88", "#0f5f6b", "#7a4a00"]


DEMO_SECTION_SCHOOLS = 3


def read_school_specs(path=FIXTURE):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [
        SchoolSpec(
            name=row["name"],
            level=row.get("level") or row.get("level_code", ""),
            legacy_url=row.get("legacy_url", ""),
            slug=row.get("slug", ""),
            address=row.get("address", ""),
            phone=row.get("phone", ""),
            email=row.get("email", ""),
            principal_name=row.get("principal_name", ""),
        )
        for row in rows
    ]


def demo_photo(title, colour, seed):
    """A small JPEG made on the fly, so the demo needs no binary fixtures."""

    # 960×640 at quality 72: a few tens of KB, so every school of the demo can have its
    # pictures and still load fast.
    rng = random.Random(seed)  # noqa: S311 - shapes in demo pictures, not a secret
    image = Image.new("RGB", (960, 640), colour)
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y, r = rng.randint(0, 960), rng.randint(0, 640), rng.randint(30, 180)
        shade = tuple(min(255, int(colour[i : i + 2], 16) + rng.randint(20, 90)) for i in (1, 3, 5))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=shade)
    draw.rectangle((0, 544, 960, 640), fill=(0, 0, 0))
    draw.text((32, 576), title[:60], fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=72)
    return ImageFile(buffer, name=f"demo-{seed}.jpg")


def demo_logo(school, colour, seed):
    """A round school badge (256 px PNG): the school's colour, a ring, its initials."""
    size = 256
    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((4, 4, size - 4, size - 4), fill=colour, outline="#ffffff", width=10)
    draw.ellipse((30, 30, size - 30, size - 30), outline="#ffffff", width=4)
    words = [w for w in school.name.split() if w[:1].isalpha()]
    initials = "".join(w[0] for w in words[-2:]).upper() or "TS"
    draw.text((size / 2, size / 2), initials, fill="#ffffff", anchor="mm", font_size=84)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return ImageFile(buffer, name=f"logo-{seed}.png")


def _make_image(title, colour, seed, collection):
    Image = get_image_model()
    existing = Image.objects.filter(title=title, collection=collection).first()
    return existing or Image.objects.create(
        title=title, file=demo_photo(title, colour, seed), collection=collection
    )


def _make_logo(school, colour, seed):
    Image = get_image_model()
    title = f"{school.name} – biểu trưng"
    existing = Image.objects.filter(title=title, collection=school.collection).first()
    return existing or Image.objects.create(
        title=title, file=demo_logo(school, colour, seed), collection=school.collection
    )


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def seed_school_news(school, index_no, today):
    news_index = school.home_page.get_children().get(slug=NEWS.slug).specific
    if NewsPage.objects.child_of(news_index).exists():
        return 0
    colour = COLOURS[index_no % len(COLOURS)]
    created = 0
    for n, (category, title, text) in enumerate(NEWS_SAMPLES[: 3 + index_no % 3]):
        photo = _make_image(
            f"{school.name} – ảnh {n + 1}", colour, index_no * 10 + n, school.collection
        )
        date = today - datetime.timedelta(days=3 + n * 9 + index_no % 5)
        _publish(
            news_index,
            NewsPage(
                title=title.format(year=f"{date.year}-{date.year + 1}"),
                date=date,
                category=category,
                is_pinned=(category == "thong-bao"),
                summary=text.format(school=school.name),
                lead_image=photo,
                body=[
                    ("paragraph", f"<p>{text.format(school=school.name)}</p>"),
                    (
                        "image",
                        {
                            "image": {
                                "image": photo,
                                "alt_text": title.format(year=""),
                                "decorative": False,
                            },
                            "caption": school.name,
                        },
                    ),
                ],
            ),
        )
        created += 1
    return created


GALLERY_CAPTIONS = [
    "Lễ chào cờ đầu tuần",
    "Các em học sinh lớp 6 trong giờ thể dục",
    "Tiết học trải nghiệm ở vườn trường",
    "Thư viện thân thiện giờ ra chơi",
    "Đội văn nghệ tập luyện chuẩn bị hội diễn",
    "Trao thưởng học sinh tiêu biểu",
]


def seed_galleries(schools):
    """A photo gallery (generated photos) on each school's newest news; added once."""
    for n, school in enumerate(schools):
        news = NewsPage.objects.live().descendant_of(school.home_page).order_by("-date").first()
        if news is None or news.gallery_photos.exists():
            continue
        colour = COLOURS[(n + 2) % len(COLOURS)]
        news.gallery_photos = [
            NewsGalleryPhoto(
                image=_make_image(
                    f"{school.name} – {caption}", colour, 5000 + n * 10 + i, school.collection
                ),
                caption=caption,
                sort_order=i,
            )
            for i, caption in enumerate(GALLERY_CAPTIONS)
        ]
        news.save_revision().publish()


WELCOME = (
    "<p>Chào mừng quý phụ huynh, các em học sinh và bạn đọc đến với trang thông tin điện tử "
    "của {school}. Nơi đây nhà trường đăng thông báo, hoạt động dạy và học, và công khai "
    "thông tin theo Thông tư 09/2024/TT-BGDĐT. Mọi góp ý xin gửi về văn phòng nhà trường.</p>"
    "<p><strong>Hiệu trưởng {principal}</strong></p>"
)


def seed_school_identity(schools):
    """Banner, logo and the principal's welcome on every school; set once."""
    for n, school in enumerate(schools):
        settings_ = SchoolSettings.for_site(school.site)
        if settings_.banner_image_id is None:
            colour = COLOURS[n % len(COLOURS)]
            settings_.banner_image = _make_image(
                f"{school.name} – ảnh bìa", colour, 7000 + n, school.collection
            )
            settings_.logo = _make_logo(school, COLOURS[(n + 1) % len(COLOURS)], 7100 + n)
            settings_.save()
        home = SchoolHomePage.objects.get(pk=school.home_page_id)
        if not home.welcome:
            home.welcome = WELCOME.format(
                school=school.name, principal=school.principal_name or "nhà trường"
            )
            home.save_revision().publish()


ADDRESS_WARDS = [  # old ward names, for made-up street addresses
    "Phường Minh An",
    "Phường Cẩm Phô",
    "Phường Sơn Phong",
    "Phường Tân An",
    "Phường Cẩm An",
    "Phường Cẩm Châu",
    "Phường Thanh Hà",
    "Xã Cẩm Hà",
    "Xã Cẩm Kim",
    "Xã Cẩm Thanh",
]
PRINCIPALS = ["Nguyễn Thị Hoa", "Trần Văn Minh", "Lê Thị Thu", "Phạm Quốc Hùng", "Võ Thị Lan"]


def seed_directory_details(schools):
    """Made-up addresses, phones and principals for the directory where the CSV has none."""
    for n, school in enumerate(schools):
        changes = {}
        if not school.address:
            changes["address"] = (
                f"{12 + n * 7} đường Lý Thường Kiệt, {ADDRESS_WARDS[n % len(ADDRESS_WARDS)]}, Hội An"
            )
        if not school.phone:
            changes["phone"] = f"0235 386 {1200 + n * 17:04}"
        if not school.principal_name:
            changes["principal_name"] = PRINCIPALS[n % len(PRINCIPALS)]
        if changes:
            School.objects.filter(pk=school.pk).update(**changes)
            for field, value in changes.items():
                setattr(school, field, value)


def seed_introductions(schools):
    """Giới thiệu with functions, an organisation chart, leaders with phones, units and
    history on every school; filled once."""
    for n, school in enumerate(schools):
        intro = IntroductionPage.objects.descendant_of(school.home_page).first()
        if intro is None or intro.functions_and_tasks:
            continue
        intro.functions_and_tasks = (
            f"<p>{school.name} là cơ sở giáo dục công lập thuộc hệ thống giáo dục quốc dân, "
            "có nhiệm vụ:</p><ul><li>Tổ chức giảng dạy, học tập và các hoạt động giáo dục "
            "theo chương trình giáo dục phổ thông 2018;</li><li>Quản lý giáo viên, nhân viên "
            "và học sinh;</li><li>Phối hợp với gia đình và xã hội trong giáo dục học sinh;</li>"
            "<li>Thực hiện công khai theo Thông tư 09/2024/TT-BGDĐT.</li></ul>"
        )
        intro.organisation_chart = _make_image(
            f"{school.name} – sơ đồ tổ chức", "#0f5f6b", 8000 + n, school.collection
        )
        intro.leaders = [
            (
                "leader",
                {
                    "name": school.principal_name or PRINCIPALS[n % len(PRINCIPALS)],
                    "position": "Hiệu trưởng",
                    "phone": f"0235 386 {1300 + n:04}",
                    "email": f"hieutruong@{school.slug}.example.test",
                    "duties": "Phụ trách chung; tài chính, tổ chức cán bộ.",
                },
            ),
            (
                "leader",
                {
                    "name": PRINCIPALS[(n + 2) % len(PRINCIPALS)],
                    "position": "Phó Hiệu trưởng",
                    "phone": f"0235 386 {1400 + n:04}",
                    "email": f"phohieutruong@{school.slug}.example.test",
                    "duties": "Phụ trách chuyên môn, kiểm định chất lượng.",
                },
            ),
        ]
        intro.units = [
            ("unit", {"name": "Tổ Khoa học Tự nhiên", "head": "Lê Văn Tâm", "description": ""}),
            ("unit", {"name": "Tổ Khoa học Xã hội", "head": "Đỗ Thị Mai", "description": ""}),
            ("unit", {"name": "Tổ Văn phòng", "head": "Huỳnh Thị Ngọc", "description": ""}),
        ]
        intro.history = (
            f"<p>{school.name} được thành lập năm {1962 + (n * 7) % 45}. Qua nhiều thế hệ "
            "thầy cô, nhà trường nhiều năm liền đạt danh hiệu Tập thể lao động tiên tiến; "
            f"năm {2008 + n % 12} trường được công nhận đạt chuẩn quốc gia mức độ 1.</p>"
            "<p>Năm 2025, sau khi sắp xếp đơn vị hành chính, trường trực thuộc "
            f"{school.office.name}.</p>"
        )
        intro.save_revision().publish()


def office_news_samples(office, today):
    """[(title, days ago, for all schools, summary)]: each office issues its own notices
    (a ward's reach its schools, the Sở's every school below it), never a copy of the
    Sở's: a school home shows each notice once, named after the office that issued it."""
    if office.parent_id is None:
        return [
            (
                "Thông báo nghỉ Tết Dương lịch cho học sinh toàn thành phố",
                1,
                True,
                "Học sinh các trường nghỉ Tết Dương lịch theo lịch chung của thành phố.",
            ),
            (
                "Hội nghị triển khai nhiệm vụ năm học",
                20,
                False,
                "Sở GDĐT tổ chức hội nghị triển khai nhiệm vụ năm học cho cán bộ quản lý.",
            ),
        ]
    return [
        (
            "Lịch họp giao ban hiệu trưởng các trường trên địa bàn",
            2,
            True,
            f"{office.name} mời hiệu trưởng các trường dự họp giao ban tháng {today.month}.",
        ),
        (
            "Kiểm tra công tác công khai học kỳ I",
            15,
            False,
            f"{office.name} kiểm tra công tác công khai của các trường trên địa bàn.",
        ),
    ]


def seed_office_content(office, today):
    portal = office.site.root_page
    news_index = OfficeNewsIndexPage.objects.child_of(portal).first()
    if news_index and not OfficeNewsPage.objects.descendant_of(portal).exists():
        # The office's own collection (issue 21): its staff reach it, other wards do not.
        collection = office.collection or Collection.get_first_root_node()
        photo = _make_image(f"{office.name} – hội nghị", "#333366", 999, collection)
        for title, days, for_all_schools, summary in office_news_samples(office, today):
            _publish(
                news_index,
                OfficeNewsPage(
                    title=title,
                    date=today - datetime.timedelta(days=days),
                    for_all_schools=for_all_schools,
                    summary=summary,
                    lead_image=photo,
                ),
            )
    documents = OfficialDocumentIndexPage.objects.child_of(portal).first()
    if documents and not OfficialDocumentPage.objects.descendant_of(portal).exists():
        for number, abstract, issuer, days in (
            (
                "1234/SGDĐT-KTKĐ",
                "Hướng dẫn thực hiện công khai năm học theo Thông tư 09/2024/TT-BGDĐT",
                "Sở Giáo dục và Đào tạo",
                40,
            ),
            (
                "215/PGDĐT",
                "Kế hoạch kiểm tra công tác công khai của các trường học kỳ I",
                "Phòng Giáo dục và Đào tạo",
                12,
            ),
            (
                "09/2024/TT-BGDĐT",
                "Quy định về công khai trong hoạt động của các cơ sở giáo dục",
                "Bộ Giáo dục và Đào tạo",
                500,
            ),
        ):
            _publish(
                documents,
                OfficialDocumentPage(
                    title=f"{number} – {abstract}"[:255],
                    number=number,
                    abstract=abstract,
                    issuer=issuer,
                    issued_on=today - datetime.timedelta(days=days),
                    signer="Nguyễn Văn A" if "Phòng" in issuer else "",
                ),
            )


def _user(username, *, superuser=False, email=""):
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username, defaults={"email": email})
    if created or not user.has_usable_password():
        user.set_password(DEMO_PASSWORD)
    if superuser:
        user.is_superuser = user.is_staff = True
    user.save()
    return user


def _demo_login(add_user, place, role, username):
    """`username` in `role` of `place` (add_office_user or add_school_user), signing in
    with DEMO_PASSWORD even if the account was there before without a password."""
    user = add_user(
        place, role, username=username, email=f"{username}@example.test", password=DEMO_PASSWORD
    )
    if not user.has_usable_password():
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _ward_of(spec):
    """Hội An's preschools and primary schools go to the first ward, the rest to the second."""
    return 0 if spec.level in ("MN", "MG", "NT", "TH") else 1


def _staff(office, prefix):
    """Administrator and inspector logins of one office (idempotent)."""
    logins = []
    for role, suffix in ((OfficeRole.ADMINISTRATOR, "quantri"), (OfficeRole.INSPECTOR, "kiemtra")):
        username = f"{prefix}.{suffix}"
        _demo_login(add_office_user, office, role, username)
        logins.append((office, role, username))
    return logins


@transaction.atomic
def load_demo(port=8000, domain="localhost", stdout=None):
    """Returns (the Sở, every school, [(school, role, username)] of the school staff
    beyond editors, [(office, role, username)] of the office staff)."""
    say = stdout.write if stdout else (lambda _text: None)
    today = datetime.date.today()
    so = provision_office(
        OFFICE_NAME,
        domain,
        port=port,
        address="Số 24 Trần Phú, Đà Nẵng",
        phone="0236 3821 234",
        email=f"sgddt@{domain}",
    )
    wards = [
        provision_office(
            name, f"{sub}.{domain}", parent=so, port=port, email=f"vhxh@{sub}.{domain}"
        )
        for name, sub, _prefix in WARDS
    ]
    admin = _user(ADMIN_USERNAME, superuser=True, email="quantri@example.test")
    specs = read_school_specs()
    created = existing = 0
    for index, ward in enumerate(wards):
        made, had = provision_schools(
            ward, [s for s in specs if _ward_of(s) == index], port=port, user=admin
        )
        created, existing = created + made, existing + had
    made, had = provision_schools(so, [SO_SCHOOL], port=port, user=admin)
    say(f"Trường: {created + made} tạo mới, {existing + had} đã có.\n")
    logins = _staff(so, "so")
    for ward, (_name, _sub, prefix) in zip(wards, WARDS, strict=True):
        logins += _staff(ward, prefix)

    schools = list(
        School.objects.select_related("home_page", "collection", "office").order_by("pk")
    )
    news = 0
    for n, school in enumerate(schools):
        user = add_school_user(
            school,
            SchoolRole.EDITOR,
            username=f"{school.slug}",
            email=f"bientap@{school.slug}.example.test",
            password=DEMO_PASSWORD,
        )
        if not user.has_usable_password():
            user.set_password(DEMO_PASSWORD)
            user.save()
        news += seed_school_news(school, n, today)
    seed_directory_details(schools)
    staff = seed_school_staff(schools[:2])
    # Every school looks real, whichever one a newcomer opens: Giới thiệu, logo, gallery.
    seed_introductions(schools)
    seed_galleries(schools)
    seed_school_identity(schools)
    for office in (so, *wards):
        seed_office_content(office, today)
    say(f"Tin bài mẫu: {news} tạo mới.\n")
    # Tuyển sinh, lịch công tác, hỏi đáp, lấy ý kiến, sự kiện: the first schools only.
    sections = sum(seed_school_sections(school, today) for school in schools[:DEMO_SECTION_SCHOOLS])
    seed_office_sections(today)
    say(f"Mục tuyển sinh, lịch công tác, hỏi đáp, lấy ý kiến, sự kiện mẫu: {sections} tạo mới.\n")
    seed_disclosures(schools, today=today, content=disclosure_content)
    return so, schools, staff, logins


# The other school roles, for the first schools: who approves, who writes documents.
STAFF_ROLES = [
    (SchoolRole.PRINCIPAL, "hieutruong"),
    (SchoolRole.GROUP_HEAD, "totruong"),
    (SchoolRole.TEACHER, "giaovien"),
]


def seed_school_staff(schools):
    """[(school, role, username)] of a principal, a group head and a teacher per school."""
    staff = []
    for school in schools:
        for role, prefix in STAFF_ROLES:
            username = f"{prefix}.{school.slug}"
            _demo_login(add_school_user, school, role, username)
            staff.append((school, role, username))
    return staff


def _office_groups(role):
    return [office_group(role)]


def enrol_demo_accounts(usernames):
    """Every demo login gets an authenticator now, so `make demo` needs no switch that
    turns the second factor off (one that could be left off in production). All demo
    accounts share one freshly drawn TOTP key, so one entry in an authenticator app
    opens them all; each also gets its own recovery codes. Returns (base32 key,
    otpauth URL, {username: one recovery code})."""
    key = default_key()
    users = get_user_model().objects.filter(username__in=usernames).order_by("username")
    codes, device = {}, None
    for user in users:
        device, recovery = enrol(user, key=key)
        codes[user.username] = recovery[0]
    if device is None:
        return "", "", codes
    url = device.config_url.replace(device.user.get_username(), "demo", 1)
    return totp_secret(device), url, codes
