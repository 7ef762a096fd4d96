"""A throwaway install for one benchmark run: a SQLite file in a temporary folder (or
DATABASE_URL, PostgreSQL dropped and recreated), migrated, with one office and the
schools the benchmark imports into."""

import os
import tempfile
import time
from pathlib import Path


def scratch_install(prefix, school_names, level):
    """(workdir, schools): keep `workdir` alive while the run uses its files."""
    workdir = tempfile.TemporaryDirectory(prefix=prefix)
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(workdir.name) / 'bench.sqlite3'}"
    if url.startswith("postgres"):
        from bench.__main__ import recreate_postgres

        recreate_postgres(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    os.environ["MEDIA_ROOT"] = workdir.name

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from cms.schools.provisioning import SchoolSpec, provision_office, provision_schools

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    office = provision_office("Phòng Giáo dục và Đào tạo Thử tải", "bench.test", port=80)
    provision_schools(office, [SchoolSpec(name=n, level=level) for n in school_names], port=80)
    schools = list(office.schools.select_related("home_page", "site", "collection").order_by("pk"))
    print(f"Cơ sở dữ liệu: {connection.vendor}, chuẩn bị {time.perf_counter() - started:.0f} s")
    return workdir, schools
