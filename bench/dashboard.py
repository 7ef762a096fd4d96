"""Công khai dashboard benchmark: `python -m bench.dashboard --schools 2000`.

Builds a throwaway SQLite database (var/bench/dashboard.sqlite3, or DATABASE_URL when
set) with bulk-created schools (sites create_scale_data) and three disclosures each,
then, at a few sizes, prints the server time and SQL query count of the compliance
engine, the office dashboard page and its CSV export. The point: the query count stays
flat while the number of schools grows. Nothing is asserted.
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

    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone

    from wagtail.models import Locale, Page

    from cms.scale_data import _page, bulk_add_pages
    from publicity.compliance import yearly_deadline
    from publicity.models import DisclosureIndexPage, DisclosurePage, DisclosureRequirement
    from sites.models import School

    requirements = [DisclosureRequirement.objects.in_force().get(code=code) for code in CODES]
    content_types = {DisclosurePage: ContentType.objects.get_for_model(DisclosurePage)}
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
            page = _page(
                DisclosurePage,
                index.path,
                index.url_path,
                4,
                Page._get_path(index.path, 4, k),
                f"{requirement.code}-{school_year}",
                f"{requirement.title} – {school_year}",
                0,
                moment,
                locale,
                content_types,
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
    return len(pages)


def measure(label, func, repeat=3):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    func()  # warm caches (site routing, catalogue)
    timings = []
    for _ in range(repeat):
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
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from django_otp.oath import totp

    from cms.provisioning import provision_office
    from cms.scale_data import create_scale_data
    from publicity.compliance import compute
    from publicity.models import disclosure_year_of
    from sites.models import School
    from sites.two_factor import enrol

    started = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
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
    print(
        f"Bảng theo dõi công khai, năm học {school_year} (CSDL mới sau "
        f"{time.monotonic() - started:.0f} s)",
        flush=True,
    )
    print(f"{'trường':>7} {'phép đo':<28} {'ms':>9} {'truy vấn':>9}", flush=True)
    for size in sizes:
        missing = size - School.objects.count()
        if missing > 0:
            create_scale_data(missing, 0, office=office, port=80, prefix="cong-khai")
            add_disclosures(school_year, today)
        for label, func in (
            ("compute() mọi trường", lambda: compute(school_year, today)),
            ("trang bảng theo dõi (HTML)", lambda: client.get(url)),
            ("xuất CSV", lambda: client.get(url, {"format": "csv"})),
        ):
            label, ms, count = measure(label, func)
            print(f"{size:>7} {label:<28} {ms:>9.1f} {count:>9}", flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m bench.dashboard", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--schools", type=int, default=2000, help="số trường lớn nhất (2000)")
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
