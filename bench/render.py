"""Where a public page's render time goes: `python -m bench.render [--scale 50] [--page NAME]
[--repeat 200] [--profile] [--sort tottime] [--top 30]`.

In one process, against the database `make bench` built for that scale (run `python -m
bench --scales N --pages-only` once first), without gunicorn or load: each page of the
bench's table (uncached pages only) is rendered `--repeat` times through Django's test
client with the page cache off, and the median wall/CPU time and the SQL queries of one
render are printed. `--profile` runs cProfile over the repeats of each page and prints
the `--top` functions (by `--sort`), which is how the chrome cache and the list changes
of issue 27 were found.
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.render", description=__doc__)
    parser.add_argument("--scale", type=int, default=50)
    parser.add_argument("--page", default="", help="only pages whose name contains this")
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sql", action="store_true", help="print the SQL of one render")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from bench.__main__ import base_env, collectstatic, database_url, targets

    os.chdir(ROOT)
    static_path = collectstatic()
    os.environ.update(
        base_env({"DATABASE_URL": database_url(args.scale), "PAGE_CACHE_ENABLED": "0"})
    )
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    client = Client()
    for name, host, path, cached, logged_in in targets(static_path):
        if cached or logged_in or name.startswith("tệp tĩnh") or args.page not in name:
            continue
        for _ in range(5):  # warm: templates, routing entries, chrome
            response = client.get(path, HTTP_HOST=host)
        queries = []

        def record(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(record):
            response = client.get(path, HTTP_HOST=host)
        walls, cpus = [], []
        profiler = cProfile.Profile() if args.profile else None
        for _ in range(args.repeat):
            wall, cpu = time.perf_counter(), time.process_time()
            if profiler:
                profiler.enable()
            client.get(path, HTTP_HOST=host)
            if profiler:
                profiler.disable()
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        print(
            f"{name:34} HTTP {response.status_code}  {len(queries):3} SQL  "
            f"{statistics.median(cpus) * 1000:6.2f} ms CPU  "
            f"{statistics.median(walls) * 1000:6.2f} ms (trung vị {args.repeat} lần)",
            flush=True,
        )
        if args.sql:
            for sql in queries:
                print("   ", sql[sql.find(" FROM ") :][:300])
        if profiler:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(args.top)
            print(out.getvalue())
    print(f"(tải máy trung bình 1 phút: {os.getloadavg()[0]:.1f} trên {os.cpu_count()} lõi)")


if __name__ == "__main__":
    main()
