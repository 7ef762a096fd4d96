"""Old-site import benchmark: pages and files per minute, and peak memory, when a school's
old WordPress site is crawled and imported (cms/old_site/), at two sizes.

    .venv/bin/python -m bench.old_site                       # 500 then 2,000 articles
    .venv/bin/python -m bench.old_site --sizes 100,400       # quicker

The old site is cms.old_site.sample's, served in-process on 127.0.0.1 (articles with
2.5 small photos each on average, a PDF every tenth article), read with the rate limit
off and 2 connections. Uses a throwaway SQLite file (or DATABASE_URL; a PostgreSQL
database is dropped and recreated); each size goes into its own school of one
database. Memory is the process's resident set, sampled every 0.1 s during each import:
"flat" means the larger site's peak is no higher than the smaller one's plus a margin.
Nothing is asserted: the figures go into the closing notes.
"""

import argparse
import os
import threading
import time

from bench.scratch import scratch_install

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def rss_mib():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE_SIZE / 2**20


class PeakMemory:
    def __init__(self):
        self.peak, self._stop = rss_mib(), threading.Event()

    def __enter__(self):
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def _watch(self):
        while not self._stop.wait(0.1):
            self.peak = max(self.peak, rss_mib())

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_mib())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,2000", help="articles per site, comma-separated")
    parser.add_argument("--images-per-article", type=float, default=2.5)
    parser.add_argument("--concurrency", type=int, default=2)
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]

    workdir, schools = scratch_install(
        "truongso-bench-old-site-", [f"Trường Trang Cũ {n}" for n in range(len(sizes))], "TH"
    )
    from cms.old_site.network import SiteFetcher
    from cms.old_site.runner import Importer, Limits, prepare_run
    from cms.old_site.sample import SampleServer, SampleSite

    print(
        f"{'bài':>6} {'ảnh':>6} {'tệp':>5} {'giây':>7} {'trang/phút':>11} "
        f"{'tệp/phút':>9} {'yêu cầu':>8} {'RSS trước':>10} {'RSS đỉnh':>9}"
    )
    for school, articles in zip(schools, sizes, strict=True):
        images = int(articles * args.images_per_article)
        sample = SampleSite(articles=articles, images=images)
        limits = Limits(max_pages=articles * 2 + 200, concurrency=args.concurrency, rate=0)
        with SampleServer(sample) as server:
            run, _resumed = prepare_run(school, server.url, max_pages=limits.max_pages)
            run.save()
            fetcher = SiteFetcher(
                server.url, rate=0, concurrency=args.concurrency, **server.fetcher_options()
            )
            before = rss_mib()
            with PeakMemory() as memory:
                began = time.perf_counter()
                Importer(run, fetcher=fetcher, limits=limits).start()
                seconds = time.perf_counter() - began
        counts = run.counts
        pages = counts.get("created", 0)
        files = counts.get("images", 0) + counts.get("documents", 0)
        print(
            f"{pages:>6} {counts.get('images', 0):>6} {counts.get('documents', 0):>5} "
            f"{seconds:>7.0f} {pages * 60 / seconds:>11.0f} {files * 60 / seconds:>9.0f} "
            f"{counts.get('requests', 0):>8} {before:>9.0f}M {memory.peak:>8.0f}M",
            flush=True,
        )
    with open("/proc/loadavg") as loadavg:
        print(f"Tải máy (loadavg): {loadavg.read().strip()}")


if __name__ == "__main__":
    main()
