"""Synthetic schools for benchmarks (`manage.py create_scale_data --schools 5000 --news 20`).

FOR BENCHMARKS ONLY. It writes treebeard page rows, Sites, Schools, collections and
site settings in bulk (no signals, no revisions, no search index entries, and no
role groups or permissions), which is what makes 5,000 schools take a minute instead
of an hour. Real schools are created by cms.schools.provisioning.
"""

import datetime
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from wagtail.models import Collection, Locale, Page, Site

from home.models import NewsPage, SchoolHomePage
from home.sections import FIXED_SECTIONS, NEWS
from sites import routing
from sites.bulk_tree import BATCH, Tree, bulk_add_pages, page_row
from sites.models import Office, School, SchoolOfficeMembership, SchoolSettings
from sites.text import fold

LEVELS = ("MN", "TH", "THCS", "THPT")
LEVEL_NAMES = {
    "MN": "Trường Mầm non",
    "TH": "Trường Tiểu học",
    "THCS": "Trường THCS",
    "THPT": "Trường THPT",
}
CATEGORIES = (
    "hoat-dong-day-hoc",
    "hoat-dong-nha-truong",
    "doan-the-doi",
    "tuyen-truyen-phap-luat",
    "thong-bao",
)
PARAGRAPH = (
    "<p>Sáng nay, thầy và trò nhà trường tổ chức hoạt động ngoại khoá với nhiều nội dung "
    "bổ ích về an toàn giao thông, kỹ năng sống và bảo vệ môi trường. Các em học sinh "
    "tham gia sôi nổi, thể hiện tinh thần đoàn kết và sáng tạo.</p>"
)


def create_scale_data(
    schools=5000, news=20, *, office=None, offices=None, prefix="quy-mo", port=None, stdout=None
):
    """Create `schools` synthetic schools with `news` news items each, spread round-robin
    over `offices` (default: `office`, else the first office). Returns the count."""
    offices = list(offices or [office or Office.objects.order_by("pk").first()])
    office = offices[0]
    if office is None:
        raise CommandError("Chưa có phòng giáo dục: chạy provision_office hoặc load_demo trước.")
    port = port if port is not None else getattr(settings, "SCHOOL_SITE_PORT", 80)
    now = timezone.now()
    today = timezone.localdate()
    locale = Locale.get_default()
    start = School.objects.filter(slug__startswith=f"{prefix}-").count() + 1
    body = [{"type": "paragraph", "value": PARAGRAPH * 3, "id": str(uuid.uuid4())}]

    with transaction.atomic():
        root = Page.get_first_root_node()
        root_collection = Collection.get_first_root_node()
        page_tree, collection_tree = Tree(Page, root), Tree(Collection, root_collection)
        numbers = range(start, start + schools)
        homes, sections, articles, collections = [], [], [], []
        for number in numbers:
            level = LEVELS[number % len(LEVELS)]
            slug = f"{prefix}-{number}"
            home = page_row(
                SchoolHomePage,
                page_tree.path(),
                "/",
                slug,
                f"{LEVEL_NAMES[level]} Quy Mô {number}",
                locale=locale,
                numchild=len(FIXED_SECTIONS),
                published_at=now,
            )
            homes.append(home)
            for index, section in enumerate(FIXED_SECTIONS, start=1):
                is_news = section.slug == NEWS.slug
                section_page = page_row(
                    section.model,
                    Page._get_path(home.path, 3, index),
                    home.url_path,
                    section.slug,
                    section.title,
                    locale=locale,
                    numchild=news if is_news else 0,
                    published_at=now,
                )
                sections.append(section_page)
                if is_news:
                    for item in range(1, news + 1):
                        articles.append(
                            page_row(
                                NewsPage,
                                Page._get_path(section_page.path, 4, item),
                                section_page.url_path,
                                f"tin-so-{item}",
                                f"Hoạt động ngoại khoá số {item} của trường Quy Mô {number}",
                                locale=locale,
                                published_at=now,
                                date=today - datetime.timedelta(days=item),
                                category=CATEGORIES[item % len(CATEGORIES)],
                                is_pinned=item == 1,
                                summary="Hoạt động ngoại khoá về an toàn giao thông và kỹ năng sống.",
                                body=body,
                            )
                        )
            collections.append(
                Collection(
                    name=f"{LEVEL_NAMES[level]} Quy Mô {number}",
                    path=collection_tree.path(),
                    depth=2,
                    numchild=0,
                )
            )
        bulk_add_pages(homes)
        bulk_add_pages(sections)
        bulk_add_pages(articles)
        page_tree.save_numchild()
        Collection.objects.bulk_create(collections, batch_size=BATCH)
        collection_tree.save_numchild()
        sites = Site.objects.bulk_create(
            [
                Site(
                    hostname=f"{home.slug}.{offices[i % len(offices)].domain}",
                    port=port,
                    root_page_id=home.pk,
                    site_name=home.title,
                )
                for i, home in enumerate(homes)
            ],
            batch_size=BATCH,
        )
        created = School.objects.bulk_create(
            [
                School(
                    office=offices[i % len(offices)],
                    name=home.title,
                    name_folded=fold(home.title),
                    slug=home.slug,
                    level=LEVELS[number % len(LEVELS)],
                    address=f"Số {number}, đường Trần Phú, Hội An",
                    site=site,
                    home_page=home,
                    collection=collection,
                    base_url=site.root_url,
                )
                for i, (number, home, site, collection) in enumerate(
                    zip(numbers, homes, sites, collections, strict=True)
                )
            ],
            batch_size=BATCH,
        )
        SchoolOfficeMembership.objects.bulk_create(
            [SchoolOfficeMembership(school=s, office_id=s.office_id) for s in created],
            batch_size=BATCH,
        )
        SchoolSettings.objects.bulk_create(
            [SchoolSettings(site=site) for site in sites], batch_size=BATCH
        )
    # No ANALYZE on SQLite: with statistics for the big tables but none for the empty
    # ones (office notices, view restrictions) its planner scans every page instead.
    routing.invalidate()  # bulk rows send no signals
    cache.clear()
    if stdout:
        stdout.write(f"Đã tạo {schools} trường, {len(articles)} tin bài.")
    return schools
