"""Province benchmark: a Sở with N schools under W wards; what a ward's staff pay.

    .venv/bin/python -m bench.province --schools 20000 --wards 200
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/truongso_province_bench \\
        .venv/bin/python -m bench.province --schools 20000 --wards 200

Builds a throwaway database (SQLite file, or DATABASE_URL: dropped and recreated),
creates the Sở, W wards (through provisioning), N schools spread over the Sở and the
wards (bulk, create_scale_data), then times, for a ward administrator, the Sở's
administrator and the alternative design (one GroupPagePermission per school):

- the admin explorer at the tree root (Django test client, logged in);
- the page permission queries Wagtail builds (explorable pages, editable pages);
- the compliance dashboard (the ward's schools);
- the school list of the office screens.

Prints wall time (median of 3 after one warm-up) and SQL queries. Nothing is asserted.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def timed(fn, repeat=3):
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    fn()  # warm-up (per-process caches, first-request work)
    times, queries = [], 0
    for _ in range(repeat):
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            fn()
            times.append(time.perf_counter() - started)
        queries = len(captured)
    return statistics.median(times) * 1000, queries


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=2000)
    parser.add_argument("--wards", type=int, default=20)
    args = parser.parse_args(argv)

    workdir = tempfile.TemporaryDirectory(prefix="truongso-province-")
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(workdir.name) / 'bench.sqlite3'}"
    if url.startswith("postgres"):
        from bench.__main__ import recreate_postgres

        recreate_postgres(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault("MEDIA_ROOT", workdir.name)

    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import override_settings

    # No collectstatic here: the admin pages need plain static URLs, not a manifest.
    override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from wagtail.models import GroupPagePermission, Page
    from wagtail.permission_policies.pages import PagePermissionPolicy

    from cms.provisioning import add_office_user, provision_office
    from cms.scale_data import create_scale_data
    from sites.models import School
    from sites.roles import OfficeRole

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"CSDL: {connection.vendor}; migrate {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    so = provision_office("Sở Giáo dục và Đào tạo Thử Tải", "bench.test", port=80)
    wards = [
        provision_office(f"UBND phường Thử Tải {n:03d}", f"p{n:03d}.bench.test", parent=so, port=80)
        for n in range(1, args.wards + 1)
    ]
    print(f"{args.wards + 1} đơn vị (cổng riêng mỗi đơn vị): {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    create_scale_data(args.schools, 2, offices=[so, *wards], prefix="quy-mo")
    print(f"{args.schools} trường (tạo hàng loạt): {time.perf_counter() - started:.1f} s")

    ward = wards[0]
    ward_admin = add_office_user(
        ward, OfficeRole.ADMINISTRATOR, username="quantri-phuong", email="a@example.test"
    )
    so_admin = add_office_user(
        so, OfficeRole.ADMINISTRATOR, username="quantri-so", email="b@example.test"
    )
    ward_schools = School.objects.filter(office=ward).count()
    print(f"Phường đo: {ward.name}, {ward_schools} trường; Sở: {args.schools} trường\n")

    root = Page.get_first_root_node()
    rows = []

    def client_for(user):
        client = Client(HTTP_HOST="bench.test")
        client.force_login(user)
        return client

    def page(client, url):
        def fetch():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return fetch

    for label, user in (("QT phường", ward_admin), ("QT Sở", so_admin)):
        client = client_for(user)
        rows.append((f"{label}: explorer gốc", *timed(page(client, f"/quan-tri/pages/{root.pk}/"))))
        rows.append((f"{label}: danh sách trường", *timed(page(client, "/quan-tri/truong-hoc/"))))
    client = client_for(ward_admin)
    rows.append(("QT phường: bảng công khai", *timed(page(client, "/quan-tri/cong-khai/"))))

    def cold(client, url, clear=cache.clear):
        """One request after emptying the cache (page cache, routing, roll-up)."""
        from django.test.utils import CaptureQueriesContext

        clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            ms = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (url, response.status_code)
        return ms, len(captured)

    so_client = client_for(so_admin)
    rollup_url = "/quan-tri/cong-khai/theo-don-vi/"
    rows.append(("QT Sở: công khai theo đơn vị, lạnh", *cold(so_client, rollup_url)))
    rows.append(("QT Sở: công khai theo đơn vị, đã cache", *timed(page(so_client, rollup_url))))

    school = School.objects.filter(office=ward).select_related("site").first()
    for label, host, url in (
        ("cổng Sở: trang chủ, lạnh", "bench.test", "/"),
        ("cổng Sở: danh bạ, lạnh", "bench.test", "/truong-hoc/"),
        ("cổng Sở: danh bạ tất cả, lạnh", "bench.test", "/truong-hoc/?tat_ca=1"),
        ("cổng phường: trang chủ, lạnh", ward.domain, "/"),
        ("cổng phường: danh bạ, lạnh", ward.domain, "/truong-hoc/"),
        ("trang chủ trường, lạnh", school.site.hostname, "/"),
    ):
        visitor = Client(HTTP_HOST=host)
        cold(visitor, url)  # first request of the process (imports, templates)
        rows.append((label, *cold(visitor, url)))

    # The same questions through the permission policy, both designs.
    from django.contrib.auth import get_user_model

    from wagtail.permissions import policy_registry

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

    fresh = get_user_model().objects.get(pk=ward_admin.pk)
    rows.append(("chính sách dự án, QT phường", *timed(explorable(fresh, policy))))

    # Alternative: one GroupPagePermission per school (stock Wagtail policy).
    from django.contrib.auth.models import Group, Permission

    stock = PagePermissionPolicy()
    change = Permission.objects.get(content_type__app_label="wagtailcore", codename="change_page")
    for label, office_ids in (("phường", [ward.pk]), ("Sở", None)):
        group = Group.objects.create(name=f"per-school {label}")
        homes = (
            School.objects.all()
            if office_ids is None
            else School.objects.filter(office_id__in=office_ids)
        )
        GroupPagePermission.objects.bulk_create(
            [
                GroupPagePermission(group=group, page_id=home_id, permission=change)
                for home_id in [school.home_page_id for school in homes]
            ],
            batch_size=1000,
        )
        user = get_user_model().objects.create(username=f"per-school-{label}")
        user.groups.add(group)
        try:
            rows.append(
                (
                    f"mỗi trường 1 quyền ({len(homes)} dòng), {label}",
                    *timed(explorable(user, stock)),
                )
            )
        except Exception as error:  # SQLite: expression tree too large
            rows.append((f"mỗi trường 1 quyền ({len(homes)} dòng), {label}", float("nan"), 0))
            print(f"  {label}: lỗi {type(error).__name__}: {str(error)[:80]}")
    cache.clear()

    print(f"{'phép đo':<48} {'ms':>9} {'truy vấn':>9}")
    for label, ms, queries in rows:
        print(f"{label:<48} {ms:>9.1f} {queries:>9}")
    workdir.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
