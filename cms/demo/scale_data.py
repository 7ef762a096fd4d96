"""Synthetic schools for benchmarks (`manage.py create_scale_data --schools 5000 --news 20`).

FOR BENCHMARKS ONLY. It writes treebeard page rows, Sites, Schools, collections and
site settings in bulk (no signals, no revisions, no search index entries, and no
role groups or permissions), which is what makes 5,000 schools take a minute instead
of an hour. Real schools are created by cms.schools.provisioning.
"""

import datetime
import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from wagtail.models import Collection, Locale, Page, Site

from home.models import NewsPage, SchoolHomePage
from home.sections import FIXED_SECTIONS, NEWS
from sites import routing
from sites.bulk_tree import BATCH, Tree, bulk_add_pages
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


_Tree = Tree  # kept for older callers


def _page(
    model,
    parent_path,
    parent_url_path,
    depth,
    path,
    slug,
    title,
    numchild,
    now,
    locale,
    content_types,
    **fields,
):
    page = model(
        title=title,
        draft_title=title,
        slug=slug,
        path=path,
        depth=depth,
        numchild=numchild,
        url_path=f"{parent_url_path}{slug}/",
        live=True,
        has_unpublished_changes=False,
        first_published_at=now,
        last_published_at=now,
        live_revision=None,
        content_type=content_types[model],
        locale=locale,
        translation_key=uuid.uuid4(),
        **fields,
    )
    if hasattr(page, "folded_search_source"):
        page.search_text_folded = fold(page.folded_search_source())
    return page


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
    section_models = [section.model for section in FIXED_SECTIONS]
    content_types = {
        model: ContentType.objects.get_for_model(model)
        for model in [SchoolHomePage, NewsPage, *section_models]
    }
    start = School.objects.filter(slug__startswith=f"{prefix}-").count() + 1
    body = [{"type": "paragraph", "value": PARAGRAPH * 3, "id": str(uuid.uuid4())}]

    with transaction.atomic():
        root = Page.get_first_root_node()
        root_collection = Collection.get_first_root_node()
        page_tree, collection_tree = _Tree(Page, root), _Tree(Collection, root_collection)
        numbers = range(start, start + schools)
        homes, sections, articles, collections = [], [], [], []
        for number in numbers:
            level = LEVELS[number % len(LEVELS)]
            slug = f"{prefix}-{number}"
            home = _page(
                SchoolHomePage,
                "",
                "/",
                2,
                page_tree.path(),
                slug,
                f"{LEVEL_NAMES[level]} Quy Mô {number}",
                len(FIXED_SECTIONS),
                now,
                locale,
                content_types,
            )
            homes.append(home)
            for index, section in enumerate(FIXED_SECTIONS, start=1):
                is_news = section.slug == NEWS.slug
                section_page = _page(
                    section.model,
                    home.path,
                    home.url_path,
                    3,
                    Page._get_path(home.path, 3, index),
                    section.slug,
                    section.title,
                    news if is_news else 0,
                    now,
                    locale,
                    content_types,
                )
                sections.append(section_page)
                if is_news:
                    for item in range(1, news + 1):
                        articles.append(
                            _page(
                                NewsPage,
                                section_page.path,
                                section_page.url_path,
                                4,
                                Page._get_path(section_page.path, 4, item),
                                f"tin-so-{item}",
                                f"Hoạt động ngoại khoá số {item} của trường Quy Mô {number}",
                                0,
                                now,
                                locale,
                                content_types,
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
