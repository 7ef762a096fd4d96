"""Sector database import benchmark, for `make bench`: time and peak memory to import an
export of 3,000 pupils and 150 staff (publicity/sector_data/), and of a file four times
larger to show that memory does not grow with the file (the sheets are streamed).

    .venv/bin/python -m bench.sector_data                    # 3,000/150 and 12,000/600
    .venv/bin/python -m bench.sector_data --sizes 3000:150

The export is publicity.sector_data.sample's (title block, merged cells, a lookup sheet,
17 pupil columns with the personal ones filled). Each size is imported into its own
lower-secondary school of a throwaway SQLite database (or DATABASE_URL; PostgreSQL is
dropped and recreated): reading and counting, storing the counts and saving the seven
draft versions. Memory is the process's resident set sampled every 0.1 s. Nothing is
asserted: the figures go into the closing notes with the load average.
"""

import argparse
import io
import os
import tempfile
import time
from pathlib import Path

from bench.old_site import PeakMemory, rss_mib


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="3000:150,12000:600", help="pupils:staff,…")
    args = parser.parse_args(argv)
    sizes = [tuple(int(n) for n in size.split(":")) for size in args.sizes.split(",")]

    workdir = tempfile.TemporaryDirectory(prefix="truongso-bench-sector-data-")
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
    from publicity.sector_data.aggregates import read_export
    from publicity.sector_data.sample import sample_export
    from publicity.sector_data.service import import_export

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    office = provision_office("Phòng Giáo dục và Đào tạo Thử tải", "bench.test", port=80)
    provision_schools(
        office,
        [SchoolSpec(name=f"THCS Số Liệu {n}", level="THCS") for n in range(len(sizes))],
        port=80,
    )
    schools = list(office.schools.order_by("pk"))
    print(f"Cơ sở dữ liệu: {connection.vendor}, chuẩn bị {time.perf_counter() - started:.0f} s")
    print(
        f"{'học sinh':>9} {'cán bộ':>7} {'tệp KB':>7} {'đọc+đếm s':>10} {'CPU s':>6} "
        f"{'nhập s':>7} {'bản nháp':>9} {'RSS trước':>10} {'RSS đỉnh':>9}"
    )
    for school, (pupils, staff) in zip(schools, sizes, strict=True):
        content = sample_export(school.name, school.stages, pupils, staff)
        before = rss_mib()
        with PeakMemory() as memory:
            cpu, began = time.process_time(), time.perf_counter()
            read_export(io.BytesIO(content), school.stages)
            reading, reading_cpu = time.perf_counter() - began, time.process_time() - cpu
            began = time.perf_counter()
            outcome = import_export(
                school, io.BytesIO(content), file_name="bench.xlsx", school_year="2026-2027"
            )
            importing = time.perf_counter() - began
        drafts = sum(len(record.versions) for record in outcome.stored)
        print(
            f"{pupils:>9} {staff:>7} {len(content) // 1024:>7} {reading:>10.1f} "
            f"{reading_cpu:>6.1f} {importing:>7.1f} {drafts:>9} {before:>9.0f}M "
            f"{memory.peak:>8.0f}M",
            flush=True,
        )
    with open("/proc/loadavg") as loadavg:
        print(f"Tải máy (loadavg): {loadavg.read().strip()}")


if __name__ == "__main__":
    main()
