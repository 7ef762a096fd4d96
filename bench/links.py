"""Link crawl benchmark: how long the weekly `crawl_links` takes, full and incremental.

    .venv/bin/python -m bench.links --pages 300

Uses a throwaway SQLite file (or DATABASE_URL; a PostgreSQL database is dropped and
recreated), migrates, provisions a few schools with N news pages between them (each
with external links), then prints: a full crawl (pages rendered, seconds, pages/s) and
an incremental one after 1 in 30 pages and one school's settings changed (only those
are rendered). Nothing is asserted: the figures go into the closing notes.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--schools", type=int, default=10)
    args = parser.parse_args(argv)

    workdir = tempfile.TemporaryDirectory(prefix="truongso-bench-links-")
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(workdir.name) / 'bench.sqlite3'}"
    if url.startswith("postgres"):
        from bench.__main__ import recreate_postgres

        recreate_postgres(url)
    os.environ["DATABASE_URL"] = url
    # Test settings: plain static storage, so no collectstatic is needed to render.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    os.environ.setdefault("MEDIA_ROOT", workdir.name)
    os.environ["PAGE_CACHE_ENABLED"] = "0"  # measure rendering, not cache hits

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from cms.schools.provisioning import SchoolSpec, provision_office, provision_schools
    from home.link_report import crawl
    from home.models import NewsPage
    from sites.models import SchoolSettings

    call_command("migrate", verbosity=0, interactive=False)
    office = provision_office("Phòng Giáo dục và Đào tạo Thử tải", "bench.test", port=80)
    provision_schools(
        office,
        [SchoolSpec(name=f"Trường Liên Kết {n:03d}", level="THCS") for n in range(args.schools)],
        port=80,
    )
    schools = list(office.schools.select_related("home_page"))
    started = time.perf_counter()
    pages = []
    for n in range(args.pages):
        school = schools[n % len(schools)]
        index = school.home_page.get_children().get(slug="tin-tuc")
        page = NewsPage(
            title=f"Tin số {n}",
            slug=f"tin-so-{n}",
            body=[
                (
                    "paragraph",
                    f'<p>Nguồn <a href="https://bao-{n % 40}.example.vn/bai-{n}">báo</a> và '
                    f"xem thêm moet.gov.vn.</p>",
                )
            ],
        )
        index.add_child(instance=page)
        page.save_revision().publish()
        pages.append(page)
    print(
        f"CSDL: {connection.vendor}; {len(schools)} trường, {args.pages} tin bài "
        f"(tạo trong {time.perf_counter() - started:.1f} s)"
    )

    full = crawl(full=True)
    print(
        f"Quét toàn bộ: {full.crawl.pages_rendered} trang trong {full.seconds:.2f} s "
        f"({full.pages_per_second:.1f} trang/giây, {full.seconds / max(1, full.crawl.pages_rendered) * 1000:.0f} ms/trang); "
        f"{full.crawl.new_sightings} cặp trang–tên miền, {len(full.errors)} lỗi"
    )
    from collections import Counter

    from home.models import LinkDomainSighting

    top = Counter(LinkDomainSighting.objects.values_list("domain", flat=True)).most_common(3)
    print("  nhiều nhất:", ", ".join(f"{domain} ({n} trang)" for domain, n in top))
    for error in full.errors[:3]:
        print("  lỗi:", error)
    for page in pages[::30]:
        page.save_revision().publish()
    settings = SchoolSettings.for_site(schools[0].site)
    settings.quick_links = [("link", {"title": "Sở", "url": "https://sogd.example.vn/"})]
    settings.save()
    incremental = crawl()
    print(
        f"Quét phần thay đổi ({len(pages[::30])} tin sửa lại, 1 trường sửa cài đặt): "
        f"{incremental.crawl.pages_rendered} trang trong {incremental.seconds:.2f} s"
    )
    workdir.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
