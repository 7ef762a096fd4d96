"""Faults under load: `python -m bench.faults` (prints figures; not a unit test).

Starts a private PostgreSQL cluster and a private Redis (never the machine's shared
ones, which other people's tests use), two gunicorn instances sharing them, then runs
200 concurrent clients on loopback: readers on public pages of both servers and editors
saving drafts in the admin. While they run it (1) stops Redis for 10 s and starts it
again, (2) restarts PostgreSQL. It prints, per phase, requests served and errors, the
Vietnamese 503 pages seen, the recovery time, and for the editors' saves: acknowledged,
reported as failed, lost (acknowledged but not in the database) and duplicated.

Needs root (PostgreSQL runs as the `postgres` user), PostgreSQL 15 server binaries and
redis-server; otherwise it says what is missing and stops.
"""

import argparse
import bisect
import collections
import contextlib
import http.client
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from bench.__main__ import GUNICORN, PYTHON, ROOT, base_env, collectstatic, free_port

PG_BIN = Path("/usr/lib/postgresql/15/bin")
VIETNAMESE_503 = "Hệ thống đang tạm gián đoạn"


def need(condition, message):
    if not condition:
        raise SystemExit(f"bench.faults bỏ qua: {message}")


class PrivatePostgres:
    def __init__(self, root):
        self.dir = Path(root) / "pg"
        self.port = free_port()
        self.dir.mkdir(parents=True)
        shutil.chown(self.dir, "postgres", "postgres")
        self._as_postgres(
            PG_BIN / "initdb",
            "-D",
            self.dir,
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--no-sync",
        )
        self.start()

    def _as_postgres(self, *args):
        # Output to a file, never to pipes: a server started by pg_ctl inherits them, and
        # subprocess.run would wait for their end (the server's exit) before returning.
        with open(self.dir.parent / "pg_ctl.out", "ab") as out:
            subprocess.run(
                ["runuser", "-u", "postgres", "--", *map(str, args)],
                check=True,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=out,
            )

    def start(self):
        self._as_postgres(
            PG_BIN / "pg_ctl",
            "-D",
            self.dir,
            "-w",
            "-l",
            self.dir / "log",
            "-o",
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir} -c max_connections=200",
            "start",
        )

    def restart(self):
        # Stop then start rather than `pg_ctl restart`, which has no -l: the new server
        # would log to pg_ctl's output instead of the log file.
        self._as_postgres(PG_BIN / "pg_ctl", "-D", self.dir, "-w", "-m", "fast", "stop")
        self.start()

    def stop(self):
        with contextlib.suppress(subprocess.CalledProcessError):
            self._as_postgres(PG_BIN / "pg_ctl", "-D", self.dir, "-w", "-m", "fast", "stop")

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/truongso_faults"

    def sql(self, query):
        out = subprocess.run(
            [
                shutil.which("psql"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-d",
                "truongso_faults",
                "-At",
                "-c",
                query,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        return out.stdout


class PrivateRedis:
    def __init__(self):
        self.port = free_port()
        self.process = None
        self.start()

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(0.5)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(10)


class Server:
    def __init__(self, env, log):
        self.port = free_port()
        # A log file, not a pipe: a pipe nobody reads blocks the workers once it is full.
        with open(log, "ab") as out:
            self.process = subprocess.Popen(
                [
                    GUNICORN,
                    "cms.wsgi",
                    "--workers",
                    "2",
                    "--worker-class",
                    "gthread",
                    "--threads",
                    "8",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--timeout",
                    "30",
                    "--graceful-timeout",
                    "5",
                ],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=out,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.3)
        raise SystemExit("gunicorn không khởi động được")

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.events = []  # (time, kind, ok, status, vietnamese_503, seconds taken)
        self.saves = {}  # title -> "ok" | "failed"

    def add(self, kind, ok, status, started, v503=False):
        now = time.monotonic()
        with self.lock:
            self.events.append((now, kind, ok, status, v503, now - started))


def reader(stop, servers, host, paths, rec, kind="read", expected=200):
    conn = None
    while not stop.is_set():
        server = random.choice(servers)
        started = time.monotonic()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
            path = random.choice(paths).format(n=random.randrange(10**6))
            conn.request("GET", path, headers={"Host": host})
            response = conn.getresponse()
            body = response.read().decode(errors="replace")
            rec.add(
                kind,
                response.status == expected,
                response.status,
                started,
                response.status == 503 and VIETNAMESE_503 in body,
            )
        except OSError as exc:
            rec.add(kind, False, type(exc).__name__, started)
        finally:
            if conn:
                conn.close()


def writer(stop, servers, state, session, number, rec):
    host, index = state["host"], state["index"]
    cookie = f"sessionid={session}; csrftoken=benchcsrftoken0123456789abcdefgh"
    seq = 0
    while not stop.is_set():
        seq += 1
        title = f"Bài lưu {number}-{seq}"
        form = dict(state["form"], title=title, slug=f"bai-luu-{number}-{seq}")
        form["csrfmiddlewaretoken"] = "benchcsrftoken0123456789abcdefgh"
        body = urllib.parse.urlencode(form)
        server = random.choice(servers)
        started = time.monotonic()
        conn = None
        try:
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=15)
            conn.request(
                "POST",
                f"/quan-tri/pages/add/home/newspage/{index}/",
                body,
                {
                    "Host": host,
                    "Cookie": cookie,
                    "Referer": f"http://{host}/quan-tri/",
                    "Content-Type": "application/x-www-form-urlencoded",
                },
            )
            response = conn.getresponse()
            body = response.read().decode(errors="replace")
            ok = response.status == 302 and "/edit/" in (response.getheader("Location") or "")
            rec.add("write", ok, response.status, started, VIETNAMESE_503 in body)
            with rec.lock:
                rec.saves[title] = "ok" if ok else "failed"
        except OSError as exc:
            rec.add("write", False, type(exc).__name__, started)
            with rec.lock:
                rec.saves[title] = "failed"
        finally:
            if conn:
                conn.close()
        time.sleep(0.5)


def summarise(rec, phases):
    """Per phase: reads (cached pages; in brackets those that go to the database), saves,
    failures, and the median seconds of each kind of answer."""
    print(
        f"{'giai đoạn':<34}{'đọc (qua CSDL)':>16}{'lỗi đọc':>9}{'lưu':>6}{'lưu lỗi':>9}"
        f"{'503 VN':>8}{'lỗi khác':>10}   trung vị: đọc / qua CSDL / lưu / 503 (503 lâu nhất)"
    )
    for name, start, end in phases:
        rows = [e for e in rec.events if start <= e[0] < end]
        reads = [e for e in rows if e[1] in ("read", "miss")]
        misses = [e for e in rows if e[1] == "miss"]
        writes = [e for e in rows if e[1] == "write"]
        v503 = [e for e in rows if e[4]]
        other = sum(not e[2] and not e[4] for e in rows)
        times = " / ".join(
            _fmt(_median([e[5] for e in group]), 2)
            for group in (
                [e for e in reads if e[1] == "read"],
                misses,
                [e for e in writes if e[2]],
                v503,
            )
        )
        print(
            f"{name:<34}{f'{len(reads)} ({len(misses)})':>16}{sum(not e[2] for e in reads):>9}"
            f"{len(writes):>6}{sum(not e[2] for e in writes):>9}{len(v503):>8}{other:>10}"
            f"   {times} ({_fmt(max((e[5] for e in v503), default=None))})"
        )


def recovery(rec, since, window=2.0):
    """Seconds from `since` until the first `window` seconds in which every request
    succeeded (None if the run ended first)."""
    events = sorted(e for e in rec.events if e[0] >= since)
    failures = [0]  # failures[i]: failed requests among events[:i]
    for event in events:
        failures.append(failures[-1] + (not event[2]))
    times = [e[0] for e in events]
    for i, moment in enumerate(times):
        if moment + window > times[-1]:
            return None
        j = bisect.bisect_left(times, moment + window, i)
        if failures[j] == failures[i]:
            return moment - since
    return None


def first_success(rec, since, kinds):
    """Seconds after `since` until the first request of `kinds` that succeeded."""
    return min(
        (e[0] - since for e in rec.events if e[0] >= since and e[1] in kinds and e[2]), default=None
    )


def last_error(rec, since, until):
    """Seconds after `since` of the last failed request before `until` (None if none)."""
    return max(
        (e[0] - since for e in rec.events if since <= e[0] < until and not e[2]), default=None
    )


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--writers", type=int, default=10)
    parser.add_argument("--outage", type=float, default=10)
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary directory (logs) at the end"
    )
    args = parser.parse_args(argv)
    need(os.geteuid() == 0, "cần quyền root (PostgreSQL chạy bằng người dùng postgres)")
    need((PG_BIN / "initdb").exists(), f"không có {PG_BIN}/initdb")
    need(shutil.which("redis-server"), "không có redis-server")
    root = tempfile.mkdtemp(prefix="truongso-faults-")
    os.chmod(root, 0o755)
    pg = redis = None
    servers = []
    stop = threading.Event()
    started = time.monotonic()

    def progress(message):
        print(f"[{time.monotonic() - started:5.0f} s] {message}", flush=True)

    try:
        progress(f"PostgreSQL và Redis riêng trong {root}")
        pg = PrivatePostgres(root)
        subprocess.run(
            [
                shutil.which("createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(pg.port),
                "-U",
                "postgres",
                "truongso_faults",
            ],
            check=True,
        )
        redis = PrivateRedis()
        env = base_env(
            {
                "DATABASE_URL": pg.url,
                "REDIS_URL": f"redis://127.0.0.1:{redis.port}/0",
                "DB_CONN_MAX_AGE": "60",
            }
        )
        collectstatic()
        progress("Chuẩn bị dữ liệu (migrate, một trường, biên tập viên)…")
        setup = subprocess.run(
            [PYTHON, "-m", "bench.faults_setup", str(args.writers)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        if setup.returncode:
            raise SystemExit(setup.stderr[-3000:])
        state = json.loads(setup.stdout.strip().splitlines()[-1])
        progress("Khởi động hai gunicorn…")
        servers = [Server(env, Path(root) / f"gunicorn-{n}.log") for n in (1, 2)]
        rec = Recorder()
        paths = ["/", "/tin-tuc/", "/gioi-thieu/", "/tin-tuc/tin-that-so-1/"]
        # A few readers ask for pages that do not exist: never cached (404), so each one
        # goes to the database, and shows how a reader fares while PostgreSQL restarts.
        uncached = max(1, args.clients // 20)
        threads = [
            threading.Thread(
                target=reader, args=(stop, servers, state["host"], paths, rec), daemon=True
            )
            for _ in range(args.clients - args.writers - uncached)
        ]
        threads += [
            threading.Thread(
                target=reader,
                args=(stop, servers, state["host"], ["/khong-co-trang-{n}/"], rec, "miss", 404),
                daemon=True,
            )
            for _ in range(uncached)
        ]
        threads += [
            threading.Thread(
                target=writer,
                args=(stop, servers, state, session, n, rec),
                daemon=True,
            )
            for n, session in enumerate(state["sessions"])
        ]
        progress(f"Tải: {args.clients} máy khách")
        t0 = time.monotonic()
        for thread in threads:
            thread.start()
        time.sleep(10)
        progress(f"Dừng Redis {args.outage:.0f} s")
        t_redis_down = time.monotonic()
        redis.stop()
        time.sleep(args.outage)
        redis.start()
        t_redis_up = time.monotonic()
        progress("Redis chạy lại")
        time.sleep(10)
        progress("Khởi động lại PostgreSQL")
        t_pg_restart = time.monotonic()
        pg.restart()
        t_pg_up = time.monotonic()
        progress("PostgreSQL chạy lại")
        time.sleep(15)
        stop.set()
        t_end = time.monotonic()
        for thread in threads:
            thread.join(20)
        progress("Xong")
        print(
            f"\n{args.clients} máy khách ({args.writers} biên tập viên lưu bài), 2 gunicorn "
            "(2 worker × 8 luồng), PostgreSQL và Redis riêng\n"
        )
        summarise(
            rec,
            [
                ("trước sự cố", t0, t_redis_down),
                (f"Redis dừng {args.outage:.0f} s", t_redis_down, t_redis_up),
                ("sau khi Redis chạy lại", t_redis_up, t_pg_restart),
                (
                    f"PostgreSQL khởi động lại ({t_pg_up - t_pg_restart:.1f} s)",
                    t_pg_restart,
                    t_pg_up,
                ),
                ("sau khi PostgreSQL chạy lại", t_pg_up, t_end),
            ],
        )
        served = sum(e[2] for e in rec.events)
        print(
            f"\nYêu cầu: {len(rec.events)} ({served} trả lời đúng, "
            f"{len(rec.events) / (t_end - t0):.0f}/s trong {t_end - t0:.0f} s)"
        )
        for fault, up, until in (
            ("Redis", t_redis_up, t_pg_restart),
            ("PostgreSQL", t_pg_up, t_end),
        ):
            last = last_error(rec, up, until)
            first = first_success(rec, up, ("miss", "write"))
            print(
                f"Phục hồi sau {fault}: {_fmt(recovery(rec, up))} (đến đầu 2 s liền không lỗi); "
                + (
                    f"lỗi cuối cùng {_fmt(last)} sau khi {fault} chạy lại"
                    if last is not None
                    else f"không lỗi nào sau khi {fault} chạy lại"
                )
                + f"; yêu cầu qua CSDL đầu tiên trả lời đúng sau {_fmt(first)}"
            )
        statuses = collections.Counter(e[3] for e in rec.events if not e[2])
        print(f"Các lỗi: {dict(statuses) or 'không có'}")
        titles = [
            t
            for t in pg.sql(
                "SELECT title FROM wagtailcore_page WHERE title LIKE 'Bài lưu %'"
            ).splitlines()
            if t
        ]
        present = collections.Counter(titles)
        acked = [t for t, s in rec.saves.items() if s == "ok"]
        failed = [t for t, s in rec.saves.items() if s == "failed"]
        lost = [t for t in acked if t not in present]
        dup = [t for t, n in present.items() if n > 1]
        print(
            f"Lưu bài: {len(acked)} thành công, {len(failed)} báo lỗi "
            f"({sum(t in present for t in failed)} trong số đó vẫn được lưu), "
            f"mất {len(lost)}, trùng {len(dup)}"
        )
    finally:
        stop.set()
        for server in servers:
            server.stop()
        if redis:
            redis.stop()
        if pg:
            pg.stop()
        if args.keep:
            print(f"Giữ lại {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


def _fmt(seconds, digits=1):
    return "–" if seconds is None else f"{seconds:.{digits}f} s"


def _median(values):
    return statistics.median(values) if values else None


if __name__ == "__main__":
    main(sys.argv[1:])
