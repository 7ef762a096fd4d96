"""Province benchmark: a Sở with N schools under W wards; what a ward's staff pay.

    .venv/bin/python -m bench.province --schools 20000 --wards 200
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/truongso_province_bench \\
        .venv/bin/python -m bench.province --schools 20000 --wards 200 [--reuse]

Builds a throwaway database (SQLite file, or DATABASE_URL: dropped and recreated; with
`--reuse` a PostgreSQL database already holding the province is kept), creates the Sở,
W wards (through provisioning), N schools spread over the Sở and the wards (bulk,
create_scale_data), then times, for a ward administrator, the Sở's administrator and the
alternative design (one GroupPagePermission per school):

- the admin explorer at the tree root (Django test client, logged in);
- the school list of the office screens and the compliance dashboard;
- the Sở's roll-up by office, cold and cached;
- the public pages (portal home, directory, school home) with a cold page cache;
- the page permission queries Wagtail builds (explorable pages, editable pages), for the
  project's policy and for one GroupPagePermission per school (stock policy; for the Sở
  at most `--sample` rows: at 20,000 rows that design is the pathology being shown).

Each row is printed as soon as it is measured: wall time (median of `--repeat` after
one warm-up) and SQL queries. A measurement that exceeds `--timeout` seconds is
abandoned and printed as such (`--only`/`--skip` pick rows by a word of their label).
Nothing is asserted.
"""

import argparse
import os
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path


class TooSlow(BaseException):  # not Exception: no view or middleware may swallow it
    pass


def _alarm(signum, frame):
    raise TooSlow()


def load():
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=2000)
    parser.add_argument("--wards", type=int, default=20)
    parser.add_argument("--reuse", action="store_true", help="giữ CSDL đã có tỉnh (PostgreSQL)")
    parser.add_argument("--timeout", type=float, default=60, help="giây tối đa mỗi phép đo")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sample", type=int, default=1000, help="số dòng quyền tối đa (Sở)")
    parser.add_argument("--only", action="append", default=[], help="chỉ đo dòng chứa chữ này")
    parser.add_argument("--skip", action="append", default=[], help="bỏ dòng chứa chữ này")
    args = parser.parse_args(argv)

    workdir = tempfile.TemporaryDirectory(prefix="truongso-province-")
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(workdir.name) / 'bench.sqlite3'}"
    if url.startswith("postgres") and not args.reuse:
        from bench.__main__ import recreate_postgres

        recreate_postgres(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault("MEDIA_ROOT", workdir.name)

    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import CaptureQueriesContext, override_settings

    # No collectstatic here: the admin pages need plain static URLs, not a manifest.
    override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from wagtail.models import GroupPagePermission, Page
    from wagtail.permission_policies.pages import PagePermissionPolicy
    from wagtail.permissions import policy_registry

    from cms.demo.scale_data import create_scale_data
    from cms.schools.provisioning import add_office_user, provision_office
    from sites.models import Office, School
    from sites.roles import OfficeRole

    def say(text):
        print(text, flush=True)

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    say(f"CSDL: {connection.vendor}; migrate {time.perf_counter() - started:.1f} s")
    so = Office.objects.filter(domain="bench.test").first()
    existing = School.objects.count()
    if args.reuse and so is not None and existing >= args.schools:
        wards = list(Office.objects.filter(parent=so).order_by("domain"))
        say(f"Dùng lại: {len(wards) + 1} đơn vị, {existing} trường")
    else:
        if existing:
            raise SystemExit("CSDL đã có dữ liệu khác: bỏ --reuse để tạo lại.")
        started = time.perf_counter()
        so = provision_office("Sở Giáo dục và Đào tạo Thử Tải", "bench.test", port=80)
        wards = [
            provision_office(
                f"UBND phường Thử Tải {n:03d}", f"p{n:03d}.bench.test", parent=so, port=80
            )
            for n in range(1, args.wards + 1)
        ]
        say(
            f"{args.wards + 1} đơn vị (cổng riêng mỗi đơn vị): {time.perf_counter() - started:.1f} s"
        )
        started = time.perf_counter()
        create_scale_data(args.schools, 2, offices=[so, *wards], prefix="quy-mo")
        say(f"{args.schools} trường (tạo hàng loạt): {time.perf_counter() - started:.1f} s")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    ward = wards[0]
    ward_admin = add_office_user(
        ward, OfficeRole.ADMINISTRATOR, username="quantri-phuong", email="a@example.test"
    )
    so_admin = add_office_user(
        so, OfficeRole.ADMINISTRATOR, username="quantri-so", email="b@example.test"
    )
    ward_schools = School.objects.filter(office=ward).count()
    total = School.objects.count()
    say(f"Phường đo: {ward.name}, {ward_schools} trường; Sở: {total} trường; tải {load()}\n")
    say(f"{'phép đo':<52} {'ms':>9} {'truy vấn':>9}  tải (1/5/15 phút)")

    def wanted(label):
        if args.only and not any(word in label for word in args.only):
            return False
        return not any(word in label for word in args.skip)

    def run_row(label, measure):
        """Measure, print at once; abandon after --timeout seconds (Python alarm and,
        on PostgreSQL, the statement timeout)."""
        if not wanted(label):
            return
        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, args.timeout)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"SET statement_timeout = {int(args.timeout * 1000)}")
        try:
            ms, queries = measure()
        except TooSlow:
            say(
                f"{label:<52} {'> ' + str(int(args.timeout * 1000)):>9} {'?':>9}  {load()}  (bỏ dở)"
            )
            return
        except Exception as error:
            say(f"{label:<52} {'lỗi':>9} {'':>9}  {type(error).__name__}: {str(error)[:80]}")
            if connection.vendor == "postgresql":
                connection.close()  # an aborted statement may leave the connection unusable
            return
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
            if connection.vendor == "postgresql" and connection.connection is not None:
                with connection.cursor() as cursor:
                    cursor.execute("SET statement_timeout = 0")
        say(f"{label:<52} {ms:>9.1f} {queries:>9}  {load()}")

    def timed(fn):
        def measure():
            fn()  # warm-up (per-process caches, first-request work)
            times, queries = [], 0
            for _ in range(args.repeat):
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    fn()
                    times.append(time.perf_counter() - started)
                queries = len(captured)
            return statistics.median(times) * 1000, queries

        return measure

    def cold(client, url, first=False, user=None, clear=None):
        """One request after emptying the cache (page cache, routing, roll-up), or after
        `clear()`; a logged-in client logs in again (sessions may live in the cache)."""

        def empty():
            if clear is not None:
                clear()
                return
            cache.clear()
            if user is not None:
                login(client, user)

        def measure():
            if first:
                empty()
                client.get(url)  # first request of the process (imports, templates)
            empty()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                ms = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (url, response.status_code)
            return ms, len(captured)

        return measure

    def once(fn):
        def measure():
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                fn()
                ms = (time.perf_counter() - started) * 1000
            return ms, len(captured)

        return measure

    def login(client, user):
        """Logged in with the second factor passed (sites.two_factor stops staff
        otherwise): what a real login and code leave in the session."""
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="bench", defaults={"confirmed": True}
        )
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

    def client_for(user):
        client = Client(HTTP_HOST="bench.test")
        login(client, user)
        return client

    def page(client, url):
        def fetch():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return fetch

    root = Page.get_first_root_node()
    school = School.objects.filter(office=ward).select_related("site").first()
    # Public pages first: they are the cheap, important ones.
    for label, host, url in (
        ("cổng Sở: trang chủ, lạnh", "bench.test", "/"),
        ("cổng Sở: danh bạ, lạnh", "bench.test", "/truong-hoc/"),
        ("cổng Sở: danh bạ một phường, lạnh", "bench.test", f"/truong-hoc/?don_vi={ward.pk}"),
        ("cổng phường: trang chủ, lạnh", ward.domain, "/"),
        ("cổng phường: danh bạ, lạnh", ward.domain, "/truong-hoc/"),
        ("trang chủ trường, lạnh", school.site.hostname, "/"),
    ):
        run_row(label, cold(Client(HTTP_HOST=host), url, first=True))

    ward_client, so_client = client_for(ward_admin), client_for(so_admin)
    run_row("QT phường: bảng công khai", timed(page(ward_client, "/quan-tri/cong-khai/")))
    run_row("QT phường: explorer gốc", timed(page(ward_client, f"/quan-tri/pages/{root.pk}/")))
    run_row("QT phường: danh sách trường", timed(page(ward_client, "/quan-tri/truong-hoc/")))
    run_row("QT phường: trang tổng quan", timed(page(ward_client, "/quan-tri/")))
    rollup_url = "/quan-tri/cong-khai/theo-don-vi/"
    from publicity.models import SchoolComplianceSummary, disclosure_year_of
    from publicity.summaries import invalidate, invalidate_cached, record_snapshots

    today = timezone.localdate()
    todays_rows = SchoolComplianceSummary.objects.filter(
        school_year=disclosure_year_of(today), as_of=today
    )

    def precompute():
        todays_rows.delete()
        record_snapshots(today)

    # The nightly precomputation (record_compliance_snapshot) over every school.
    run_row("Sở: tính trước số liệu ngày (mọi trường)", once(precompute))
    if todays_rows.count() < total:  # the row above was skipped or abandoned
        record_snapshots(today)
    # Cold: the roll-up's cache entry gone (what any publish does), figures stored.
    run_row(
        "QT Sở: công khai theo đơn vị, lạnh",
        cold(so_client, rollup_url, first=True, clear=invalidate_cached),
    )
    run_row(
        "QT Sở: theo đơn vị, sau khi 1 trường công khai",
        cold(so_client, rollup_url, clear=lambda: invalidate([school.pk])),
    )
    run_row("QT Sở: công khai theo đơn vị, đã cache", timed(page(so_client, rollup_url)))
    run_row(
        "QT Sở: theo đơn vị, lạnh cả cache",
        cold(so_client, rollup_url, user=so_admin),
    )
    run_row("QT Sở: explorer gốc", timed(page(so_client, f"/quan-tri/pages/{root.pk}/")))
    run_row("QT Sở: danh sách trường", timed(page(so_client, "/quan-tri/truong-hoc/")))
    run_row("QT Sở: bảng công khai", timed(page(so_client, "/quan-tri/cong-khai/")))
    run_row("QT Sở: trang tổng quan", timed(page(so_client, "/quan-tri/")))

    # The same questions through the permission policy, both designs.
    policy = policy_registry.get_by_type(Page)

    def explorable(user, chosen_policy):
        def run():
            for name in ("_page_permission_cache", "_truongso_governed_pages"):
                if hasattr(user, name):
                    delattr(user, name)
            list(chosen_policy.explorable_instances(user).values_list("pk", flat=True)[:50])
            list(
                chosen_policy.instances_user_has_permission_for(user, "change").values_list(
                    "pk", flat=True
                )[:50]
            )

        return run

    for label, user in (("QT phường", ward_admin), ("QT Sở", so_admin)):
        fresh = get_user_model().objects.get(pk=user.pk)
        run_row(f"chính sách dự án, {label}", timed(explorable(fresh, policy)))

    # Alternative: one GroupPagePermission per school (stock Wagtail policy). For the
    # Sở a sample of --sample rows: the cost grows with the rows (one OR'd subtree
    # filter each), and 20,000 of them is the pathology, not a figure to wait for.
    stock = PagePermissionPolicy()
    change = Permission.objects.get(content_type__app_label="wagtailcore", codename="change_page")
    for label, homes in (
        ("phường", School.objects.filter(office=ward)),
        ("Sở, mẫu", School.objects.order_by("pk")[: args.sample]),
    ):
        home_ids = list(homes.values_list("home_page_id", flat=True))
        name = f"mỗi trường 1 quyền ({len(home_ids)} dòng), {label}"
        if not wanted(name):
            continue
        Group.objects.filter(name=f"per-school {label}").delete()
        group = Group.objects.create(name=f"per-school {label}")
        GroupPagePermission.objects.bulk_create(
            [GroupPagePermission(group=group, page_id=i, permission=change) for i in home_ids],
            batch_size=1000,
        )
        user, _ = get_user_model().objects.get_or_create(username=f"per-school-{len(home_ids)}")
        user.groups.set([group])
        run_row(name, timed(explorable(user, stock)))
        group.delete()
    cache.clear()
    workdir.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
