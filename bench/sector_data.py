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
import time

from bench.old_site import PeakMemory, rss_mib
from bench.scratch import scratch_install


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="3000:150,12000:600", help="pupils:staff,…")
    args = parser.parse_args(argv)
    sizes = [tuple(int(n) for n in size.split(":")) for size in args.sizes.split(",")]

    workdir, schools = scratch_install(
        "truongso-bench-sector-data-", [f"THCS Số Liệu {n}" for n in range(len(sizes))], "THCS"
    )
    from publicity.sector_data.aggregates import read_export
    from publicity.sector_data.sample import sample_export
    from publicity.sector_data.service import import_export

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
