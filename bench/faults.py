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
import collections
import contextlib
import http.client
import json
import os
import random
import shutil
import signal
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
        subprocess.run(
            ["runuser", "-u", "postgres", "--", *map(str, args)], check=True, capture_output=True
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
        self._as_postgres(PG_BIN / "pg_ctl", "-D", self.dir, "-w", "-m", "fast", "restart")

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
    def __init__(self, env):
        self.port = free_port()
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
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
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


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.events = []  # (time, kind, ok, status, vietnamese_503)
        self.saves = {}  # title -> "ok" | "failed"

    def add(self, kind, ok, status, v503=False):
        with self.lock:
            self.events.append((time.monotonic(), kind, ok, status, v503))


def reader(stop, servers, host, paths, rec):
    conn = None
    while not stop.is_set():
        server = random.choice(servers)
        try:
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
            conn.request("GET", random.choice(paths), headers={"Host": host})
            response = conn.getresponse()
            body = response.read().decode(errors="replace")
            rec.add(
                "read",
                response.status == 200,
                response.status,
                response.status == 503 and VIETNAMESE_503 in body,
            )
        except OSError as exc:
            rec.add("read", False, type(exc).__name__)
        finally:
            if conn:
                conn.close()


def writer(stop, servers, host, index, session, number, rec):
    cookie = f"sessionid={session}; csrftoken=benchcsrftoken0123456789abcdefgh"
    seq = 0
    while not stop.is_set():
        seq += 1
        title = f"Bài lưu {number}-{seq}"
        form = {  # the admin's add form, as Wagtail's form_data helpers encode it
            "title": title,
            "slug": f"bai-luu-{number}-{seq}",
            "date": "2026-12-01",
            "category": "hoat-dong-nha-truong",
            "summary": "Tóm tắt.",
            "body-count": 0,
            "attachments-count": 0,
            "comments-TOTAL_FORMS": 0,
            "comments-INITIAL_FORMS": 0,
            "comments-MIN_NUM_FORMS": 0,
            "comments-MAX_NUM_FORMS": 1000,
            "csrfmiddlewaretoken": "benchcsrftoken0123456789abcdefgh",
        }
        body = urllib.parse.urlencode(form)
        server = random.choice(servers)
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
            response.read()
            ok = response.status == 302 and "/edit/" in (response.getheader("Location") or "")
            rec.add("write", ok, response.status)
            with rec.lock:
                rec.saves[title] = "ok" if ok else "failed"
            conn.close()
        except OSError as exc:
            rec.add("write", False, type(exc).__name__)
            with rec.lock:
                rec.saves[title] = "failed"
        time.sleep(0.5)


def summarise(rec, phases, t0):
    print(f"{'giai đoạn':<34}{'đọc':>8}{'lỗi đọc':>9}{'503 VN':>8}{'ghi':>6}{'ghi lỗi':>9}")
    for name, start, end in phases:
        rows = [e for e in rec.events if start <= e[0] < end]
        reads = [e for e in rows if e[1] == "read"]
        writes = [e for e in rows if e[1] == "write"]
        print(
            f"{name:<34}{len(reads):>8}{sum(not e[2] for e in reads):>9}"
            f"{sum(e[4] for e in reads):>8}{len(writes):>6}{sum(not e[2] for e in writes):>9}"
        )


def recovery(rec, since):
    """Seconds from `since` until every request in a 2 s window succeeded."""
    events = sorted(e for e in rec.events if e[0] >= since)
    if not events:
        return None
    window = 2.0
    for i, event in enumerate(events):
        later = [e for e in events[i:] if e[0] < event[0] + window]
        if later and all(e[2] for e in later) and events[-1][0] > event[0] + window:
            return event[0] - since
    return None


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--writers", type=int, default=10)
    parser.add_argument("--outage", type=float, default=10)
    args = parser.parse_args(argv)
    need(os.geteuid() == 0, "cần quyền root (PostgreSQL chạy bằng người dùng postgres)")
    need((PG_BIN / "initdb").exists(), f"không có {PG_BIN}/initdb")
    need(shutil.which("redis-server"), "không có redis-server")
    root = tempfile.mkdtemp(prefix="truongso-faults-")
    os.chmod(root, 0o755)
    pg = redis = None
    servers = []
    try:
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
        print("Chuẩn bị dữ liệu (migrate)…", flush=True)
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
        servers = [Server(env), Server(env)]
        rec = Recorder()
        stop = threading.Event()
        paths = ["/", "/tin-tuc/", "/gioi-thieu/", "/tin-tuc/tin-that-so-1/"]
        threads = [
            threading.Thread(
                target=reader, args=(stop, servers, state["host"], paths, rec), daemon=True
            )
            for _ in range(args.clients - args.writers)
        ]
        threads += [
            threading.Thread(
                target=writer,
                args=(stop, servers, state["host"], state["index"], session, n, rec),
                daemon=True,
            )
            for n, session in enumerate(state["sessions"])
        ]
        t0 = time.monotonic()
        for thread in threads:
            thread.start()
        time.sleep(10)
        t_redis_down = time.monotonic()
        redis.stop()
        time.sleep(args.outage)
        redis.start()
        t_redis_up = time.monotonic()
        time.sleep(10)
        t_pg_restart = time.monotonic()
        pg.restart()
        t_pg_up = time.monotonic()
        time.sleep(15)
        stop.set()
        t_end = time.monotonic()
        for thread in threads:
            thread.join(20)
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
            t0,
        )
        print(
            f"\nPhục hồi sau Redis: {_fmt(recovery(rec, t_redis_up))}; "
            f"sau PostgreSQL: {_fmt(recovery(rec, t_pg_up))} (đến khi 2 s liền không lỗi)"
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
        for server in servers:
            server.stop()
        if redis:
            redis.stop()
        if pg:
            pg.stop()
        shutil.rmtree(root, ignore_errors=True)


def _fmt(seconds):
    return "–" if seconds is None else f"{seconds:.1f} s"


if __name__ == "__main__":
    main(sys.argv[1:])
