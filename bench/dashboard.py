"""Công khai dashboard benchmark: `python -m bench.dashboard --schools 5000`.

Builds a throwaway SQLite database (var/bench/dashboard.sqlite3, or DATABASE_URL when
set) with bulk-created schools (sites create_scale_data) and three disclosures each (with
their publication history backfilled, as the migration does), then, at a few sizes,
prints the server time and SQL query count of: the compliance engine over every school;
the daily precomputation (record_compliance_snapshot: every school's figures stored,
then each office's); the office dashboard with a cold Django cache and the day's figures
stored (what the inspector gets after the nightly timer — the goal: ≤ 10 queries and
< 1 s at 5,000 schools), and with nothing stored yet (the first visit of a day when the
timer did not run); the per-item screen; the XLSX/CSV report. Nothing is asserted.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
CODES = ("gen_name", "gen_history", "fin_fees_charges")


def add_disclosures(school_year, today):
    """Three published disclosures per school that has none, inserted in bulk."""
    import datetime

    from django.db import transaction
    from django.utils import timezone

    from wagtail.models import Locale, Page

    from publicity.compliance import yearly_deadline
    from publicity.models import DisclosureIndexPage, DisclosurePage, DisclosureRequirement
    from publicity.visibility import backfill_publication_history
    from sites.bulk_tree import bulk_add_pages, page_row
    from sites.models import School

    requirements = [DisclosureRequirement.objects.in_force().get(code=code) for code in CODES]
    locale = Locale.get_default()
    done = set(DisclosurePage.objects.values_list("disclosing_school_id", flat=True))
    homes = {
        path: pk
        for pk, path in School.objects.values_list("pk", "home_page__path")
        if pk not in done
    }
    indexes = [
        i for i in DisclosureIndexPage.objects.only("pk", "path", "url_path") if i.path[:8] in homes
    ]
    pages = []
    for number, index in enumerate(indexes):
        school_id = homes[index.path[:8]]
        for k, requirement in enumerate(requirements, start=1):
            if (number + k) % 4 == 0:
                continue  # some missing
            deadline = yearly_deadline(requirement, school_year)
            day = deadline + datetime.timedelta(days=5 if (number + k) % 5 == 0 else -10)
            moment = timezone.make_aware(
                datetime.datetime.combine(min(day, today), datetime.time(9))
            )
            page = page_row(
                DisclosurePage,
                Page._get_path(index.path, 4, k),
                index.url_path,
                f"{requirement.code}-{school_year}",
                f"{requirement.title} – {school_year}",
                locale=locale,
                published_at=moment,
                requirement=requirement,
                period=school_year,
                school_year=school_year,
                disclosing_school_id=school_id,
                content=f"<p>{requirement.title}</p>",
            )
            pages.append(page)
    with transaction.atomic():
        bulk_add_pages(pages)
        Page.objects.filter(pk__in=[i.pk for i in indexes]).update(numchild=len(CODES))
        backfill_publication_history()
    return len(pages)


def measure(label, func, repeat=3, before=None):
    """Best of `repeat` runs (after one warm-up); `before` runs untimed before each."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if before:
        before()
    func()  # warm caches (site routing, catalogue)
    timings = []
    for _ in range(repeat):
        if before:
            before()
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            func()
            timings.append(time.perf_counter() - started)
        count = len(queries.captured_queries)
    return label, min(timings) * 1000, count


def run(sizes):
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from django_otp.oath import totp

    from cms.demo.scale_data import create_scale_data
    from cms.schools.provisioning import provision_office
    from publicity.compliance import compute
    from publicity.models import disclosure_year_of
    from publicity.summaries import invalidate, record_snapshots
    from sites.models import School
    from sites.two_factor import enrol

    started = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    if not (VAR / "static" / "staticfiles.json").exists():  # admin pages need the manifest
        call_command("collectstatic", verbosity=0, interactive=False)
    office = provision_office("Phòng Giáo dục và Đào tạo Bench", "bench.test", port=80)
    user = get_user_model().objects.create_superuser("bench", "bench@bench.test", "bench-123")
    client = Client(SERVER_NAME="bench.test")
    client.force_login(user)
    # Staff must pass the second factor before any admin page (sites.two_factor).
    device, _codes = enrol(user)
    client.post(reverse("two_factor_verify"), {"code": f"{totp(device.bin_key):06d}"})
    today = timezone.localdate()
    school_year = disclosure_year_of(today)
    url = reverse("publicity_dashboard")
    items_url = reverse("publicity_items")
    print(
        f"Bảng theo dõi công khai, năm học {school_year} (CSDL mới sau "
        f"{time.monotonic() - started:.0f} s)",
        flush=True,
    )
    print(f"{'trường':>7} {'phép đo':<32} {'ms':>9} {'truy vấn':>9}", flush=True)
    for size in sizes:
        missing = size - School.objects.count()
        if missing > 0:
            create_scale_data(missing, 0, office=office, port=80, prefix="cong-khai")
            add_disclosures(school_year, today)

        def cold():
            cache.clear()  # a cold Django cache; the stored daily figures stay

        def nothing_stored():
            cache.clear()
            invalidate()

        measures = [
            ("compute() mọi trường", lambda: compute(school_year, today), None),
            ("ghi số liệu trong ngày", lambda: (invalidate(), record_snapshots(today)), None),
            ("bảng theo dõi, cache nguội", lambda: client.get(url), cold),
            ("bảng theo dõi, chưa lưu số liệu", lambda: client.get(url), nothing_stored),
            ("theo mục, cache nguội", lambda: client.get(items_url), cold),
        ]
        if size == sizes[0]:  # a report is per office (30–300 schools); openpyxl ~50 µs/cell
            measures += [
                ("báo cáo XLSX (4 bảng)", lambda: client.get(url, {"format": "xlsx"}), None),
                (
                    "CSV xếp hạng",
                    lambda: client.get(url, {"format": "csv", "bang": "xep_hang"}),
                    None,
                ),
            ]
        for label, func, before in measures:
            label, ms, count = measure(label, func, before=before)
            print(f"{size:>7} {label:<32} {ms:>9.1f} {count:>9}", flush=True)
        record_snapshots(today)


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m bench.dashboard", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--schools", type=int, default=5000, help="số trường lớn nhất (5000)")
    parser.add_argument("--quick", action="store_true", help="chỉ 50 và 500 trường")
    parser.add_argument("--in-process", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    top = 500 if args.quick else args.schools
    sizes = sorted({max(top // 10, 1), top})
    if args.in_process:
        run(sizes)
        return
    # A child process: its own settings and a fresh database, whoever imported us.
    VAR.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="bench.settings")
    if not os.environ.get("DATABASE_URL"):
        database = VAR / "dashboard.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{database}"
    subprocess.run(
        [sys.executable, "-m", "bench.dashboard", "--in-process", "--schools", str(top)],
        cwd=ROOT,
        env=env,
        check=True,
    )


if __name__ == "__main__":
    main()
