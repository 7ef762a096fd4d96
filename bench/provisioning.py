"""Provisioning benchmark: how fast the office can add schools in one batch.

    .venv/bin/python -m bench.provisioning --schools 500
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/truongso_bench_prov \\
        .venv/bin/python -m bench.provisioning --schools 500

Uses a throwaway SQLite file (or DATABASE_URL; the PostgreSQL database is dropped and
recreated), migrates, provisions N synthetic schools through provision_schools (the
same call the CSV import makes) and prints schools per second and SQL queries per
school. Nothing is asserted: the figures go into the closing notes.
"""

import argparse
import os
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

TABLE = re.compile(r'(?:FROM|INTO|UPDATE)\s+"?(\w+)"?', re.IGNORECASE)
LEVELS = ("MN", "TH", "THCS", "TH-THCS", "THPT")


class QueryCounter:
    """Counts every SQL statement (Django's query log stops at 9,000)."""

    def __init__(self):
        self.count = 0
        self.tables = Counter()

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        match = TABLE.search(sql)
        self.tables[f"{sql.split(None, 1)[0].upper()} {match.group(1) if match else '?'}"] += 1
        return execute(sql, params, many, context)

    def top_tables(self, n=6):
        return self.tables.most_common(n)


def _prepare_database(url):
    if url.startswith("postgres"):
        from bench.__main__ import recreate_postgres

        recreate_postgres(url)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=500)
    parser.add_argument(
        "--batch",
        type=int,
        default=0,
        help="trường mỗi lần gọi provision_schools (0 = tất cả một lần)",
    )
    args = parser.parse_args(argv)

    workdir = tempfile.TemporaryDirectory(prefix="truongso-bench-")
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(workdir.name) / 'bench.sqlite3'}"
    _prepare_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault("MEDIA_ROOT", workdir.name)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from cms.schools.provisioning import SchoolSpec, provision_office, provision_schools

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"CSDL: {connection.vendor}; migrate {time.perf_counter() - started:.1f} s")
    office = provision_office("Phòng Giáo dục và Đào tạo Thử tải", "thu-tai.test", port=80)

    specs = [
        SchoolSpec(name=f"Trường Thử Tải {n:05d}", level=LEVELS[n % len(LEVELS)])
        for n in range(1, args.schools + 1)
    ]
    batch = args.batch or len(specs)
    queries = QueryCounter()
    started, cpu_started = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(queries):
        created = 0
        for start in range(0, len(specs), batch):
            made, _existing = provision_schools(office, specs[start : start + batch], port=80)
            created += made
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started

    started_again = time.perf_counter()
    rerun = QueryCounter()
    with connection.execute_wrapper(rerun):
        made_again, existing = provision_schools(office, specs, port=80)
    rerun_seconds = time.perf_counter() - started_again

    print(
        f"Tạo {created} trường trong {seconds:.2f} s: "
        f"{created / seconds:.1f} trường/giây, {seconds / created * 1000:.1f} ms/trường "
        f"(CPU của tiến trình Python: {cpu_seconds / created * 1000:.1f} ms/trường; "
        f"phần còn lại là chờ: máy bận, đĩa hoặc máy chủ CSDL)"
    )
    print(f"Truy vấn SQL: {queries.count} tổng, {queries.count / created:.1f} mỗi trường")
    print(
        "  nhiều nhất: "
        + ", ".join(f"{table} {n / created:.1f}" for table, n in queries.top_tables())
    )
    print(
        f"Chạy lại (idempotent): tạo thêm {made_again}, đã có {existing}; "
        f"{rerun_seconds:.2f} s, {rerun.count / len(specs):.1f} truy vấn mỗi trường"
    )
    workdir.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
