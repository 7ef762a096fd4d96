"""`make bench` (python -m bench): public pages under gunicorn at 50, 500 and 5,000 schools.

For each scale: build (or reuse) a database under var/bench/ (or DATABASE_URL with the
scale appended to its name), start gunicorn (2 sync workers) on loopback, put each
page under a bounded load (wrk -t2 -c16 when installed, else a small threaded Python
client) and print req/s, CPU ms per request (the workers' own CPU time from /proc),
SQL queries per request (X-Bench-Queries header, see bench/middleware.py) and req/s as a
share of a static file's. Nothing here is asserted; the figures go in the closing notes.

    python -m bench                 # 50, 500, 5000 schools, 5 s per page
    python -m bench --quick         # 50 and 500 schools, 2 s per page
    python -m bench --scales 5000 --duration 10 --redis
    python -m bench --fresh         # rebuild the databases
"""

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
CLK_TCK = os.sysconf("SC_CLK_TCK")
NEWS_PER_SCHOOL = 20
PORTAL = "bench.test"
SCHOOL = "quy-mo-1.bench.test"  # a bulk school with 20 news items


def targets(static_path):
    # (name, host, path, page cache on?, logged in?)
    return [
        ("tệp tĩnh (static)", PORTAL, static_path, True, False),
        ("trang chủ trường, không cache", SCHOOL, "/", False, False),
        ("trang chủ trường, có cache", SCHOOL, "/", True, False),
        ("tin bài", SCHOOL, "/tin-tuc/tin-so-1/", False, False),
        ("tin bài, có cache", SCHOOL, "/tin-tuc/tin-so-1/", True, False),
        ("trang chủ cổng phòng", PORTAL, "/", False, False),
        ("danh bạ trường học", PORTAL, "/truong-hoc/", False, False),
        ("tìm kiếm", SCHOOL, "/tim-kiem/?q=ngoai+khoa", False, False),
        ("bảng theo dõi công khai", PORTAL, "/quan-tri/cong-khai/", False, True),
    ]


# --- Databases -----------------------------------------------------------------------


def base_env(extra=None):
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "PYTHONPATH": str(ROOT),
            "PAGE_CACHE_ENABLED": "1",
            "LOG_LEVEL": "ERROR",
        }
    )
    env.update(extra or {})
    return env


def database_url(scale):
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{VAR / f'scale-{scale}.sqlite3'}"
    base, _, name = url.rpartition("/")
    return f"{base}/{name.split('?')[0]}_bench_{scale}"


def recreate_postgres(url):
    import dj_database_url
    import psycopg2

    cfg = dj_database_url.parse(url)
    conn = psycopg2.connect(
        host=cfg["HOST"],
        port=cfg["PORT"] or 5432,
        user=cfg["USER"],
        password=cfg["PASSWORD"] or None,
        dbname="postgres",
    )
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{cfg["NAME"]}"')
        cursor.execute(f'CREATE DATABASE "{cfg["NAME"]}"')
    conn.close()


def prepare(scale, fresh):
    """Build the database for `scale` schools unless a finished one is there."""
    VAR.mkdir(parents=True, exist_ok=True)
    state = VAR / f"scale-{scale}{'-pg' if os.environ.get('DATABASE_URL') else ''}.json"
    url = database_url(scale)
    if state.exists() and not fresh:
        # A database built before the latest migrations gets them (a no-op when current).
        run(
            [PYTHON, "manage.py", "migrate", "--noinput", "-v0"],
            env=base_env({"DATABASE_URL": url}),
        )
        if not json.loads(state.read_text()).get("second_factor"):
            run(
                [PYTHON, "-m", "bench.prepare", "--session", str(state)],
                env=base_env({"DATABASE_URL": url}),
            )
        return json.loads(state.read_text())
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        template = VAR / "migrated.sqlite3"
        if fresh:
            template.unlink(missing_ok=True)
        # A new template, or the latest migrations on the one kept (a no-op when current).
        print("  chuẩn bị CSDL mẫu (migrate)...", flush=True)
        run(
            [PYTHON, "manage.py", "migrate", "--noinput", "-v0"],
            env=base_env({"DATABASE_URL": f"sqlite:///{template}"}),
        )
        with __import__("sqlite3").connect(template) as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copyfile(template, path)
    else:
        recreate_postgres(url)
    print(f"  tạo {scale} trường × {NEWS_PER_SCHOOL} tin...", flush=True)
    state.unlink(missing_ok=True)
    run(
        [PYTHON, "-m", "bench.prepare", str(scale), str(NEWS_PER_SCHOOL), str(state)],
        env=base_env({"DATABASE_URL": url}),
    )
    return json.loads(state.read_text())


def collectstatic():
    run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
        env=base_env({"DATABASE_URL": "sqlite:///:memory:"}),
    )
    css = sorted((ROOT / "static" / "css").glob("*.css"))
    return f"/static/css/{css[0].name}" if css else "/static/css/site.css"


def run(cmd, env):
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"Lỗi khi chạy: {' '.join(cmd)}")
    return result


# --- The server ----------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    def __init__(self, url, page_cache, redis):
        self.port = free_port()
        extra = {
            "DATABASE_URL": url,
            "PAGE_CACHE_ENABLED": "1" if page_cache else "0",
            "DB_CONN_MAX_AGE": "600",
        }
        if redis:
            extra["REDIS_URL"] = "redis://127.0.0.1:6379/14"
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "cms.wsgi:application",
                "--workers",
                "2",
                "--worker-class",
                "sync",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "error",
                "--timeout",
                "60",
                "--preload",
            ],
            cwd=ROOT,
            env=base_env(extra),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(
                    "gunicorn không khởi động được:\n" + self.process.stderr.read().decode()
                )
            try:
                fetch(self.port, PORTAL, "/robots.txt")
                break
            except OSError:
                time.sleep(0.2)
        else:
            self.stop()
            raise SystemExit("gunicorn không trả lời sau 30 giây")

    def workers(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        if children.exists():
            return [int(pid) for pid in children.read_text().split()]
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == self.process.pid:
                    pids.append(int(stat.parent.name))
            except (OSError, IndexError, ValueError):
                continue
        return pids

    def cpu_seconds(self):
        total = 0
        for pid in self.workers():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except FileNotFoundError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime + stime
        return total / CLK_TCK

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def fetch(port, host, path, cookie=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": host}
    if cookie:
        headers["Cookie"] = cookie
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, dict(response.getheaders()), body


# --- Load ----------------------------------------------------------------------------


def load_with_wrk(port, host, path, duration, cookie):
    cmd = [
        "wrk",
        "-t2",
        "-c16",
        f"-d{duration}s",
        "-H",
        f"Host: {host}",
        f"http://127.0.0.1:{port}{path}",
    ]
    if cookie:
        cmd[4:4] = ["-H", f"Cookie: {cookie}"]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 30)
    found = re.search(r"(\d+) requests in", result.stdout)
    if not found:
        raise SystemExit(f"wrk: {result.stdout}{result.stderr}")
    requests = int(found.group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    return requests, int(errors.group(1)) if errors else 0


def load_with_threads(port, host, path, duration, cookie, threads=16):
    done, errors = [0], [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + duration

    def worker():
        while time.monotonic() < stop_at:
            try:
                status, _headers, _body = fetch(port, host, path, cookie)
                ok = status < 400
            except OSError:
                ok = False
            with lock:
                done[0] += 1
                errors[0] += not ok

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(duration + 30)
    return done[0], errors[0]


def measure(server, host, path, duration, cookie):
    status, headers, body = fetch(server.port, host, path, cookie)
    for _ in range(5):  # warm: routing entries, settings, templates, page cache
        fetch(server.port, host, path, cookie)
    status, headers, body = fetch(server.port, host, path, cookie)
    latencies = []
    for _ in range(5):
        started = time.perf_counter()
        fetch(server.port, host, path, cookie)
        latencies.append((time.perf_counter() - started) * 1000)
    cpu_before = server.cpu_seconds()
    started = time.monotonic()
    if shutil.which("wrk"):
        requests, errors = load_with_wrk(server.port, host, path, duration, cookie)
    else:
        requests, errors = load_with_threads(server.port, host, path, duration, cookie)
    elapsed = time.monotonic() - started
    cpu = server.cpu_seconds() - cpu_before
    return {
        "status": status,
        "queries": headers.get("X-Bench-Queries", "–"),
        "cache": headers.get("X-Cache", ""),
        "bytes": len(body),
        "rps": requests / elapsed if elapsed else 0,
        "errors": errors,
        "cpu_ms": cpu * 1000 / requests if requests else 0,
        "latency_ms": statistics.median(latencies),
        "body": body,
    }


def page_weight(server, body):
    """HTML + CSS + JS of a page (images excluded), in bytes."""
    html = body.decode("utf-8", "replace")
    assets = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html)
    assets += re.findall(r'<script[^>]+src="([^"]+)"', html)
    total = len(body)
    for url in assets:
        if url.startswith("/"):
            status, _headers, asset = fetch(server.port, PORTAL, url)
            total += len(asset) if status == 200 else 0
    return total, len(assets)


# --- Report --------------------------------------------------------------------------


def run_scale(scale, args, static_path):
    print(f"\n== {scale} trường ==", flush=True)
    state = prepare(scale, args.fresh)
    url = database_url(scale)
    cookie = f"sessionid={state['session']}"
    rows, weight = [], None
    for page_cache in (False, True):
        server = Gunicorn(url, page_cache, args.redis)
        try:
            for name, host, path, cached, logged_in in targets(static_path):
                if cached != page_cache or (args.only and args.only not in name):
                    continue
                result = measure(server, host, path, args.duration, cookie if logged_in else None)
                if result["status"] == 404 and logged_in:
                    result = None  # the dashboard is not there yet
                rows.append((name, result))
                if name.startswith("trang chủ trường, không") and result:
                    weight = page_weight(server, result["body"])
        finally:
            server.stop()
    order = [t[0] for t in targets(static_path)]
    rows.sort(key=lambda row: order.index(row[0]))
    static = next((r for n, r in rows if n.startswith("tệp tĩnh") and r), None)
    print(
        f"{'trang':34} {'req/s':>8} {'CPU ms/req':>11} {'SQL':>4} {'ms (1 khách)':>13}"
        f" {'so với tĩnh':>12} {'KB':>6}  ghi chú"
    )
    for name, r in rows:
        if r is None:
            print(f"{name:34} {'n/a':>8}")
            continue
        ratio = f"{r['rps'] / static['rps'] * 100:.1f}%" if static and static["rps"] else "–"
        note = f"HTTP {r['status']}" + (f", {r['cache']}" if r["cache"] else "")
        if r["errors"]:
            note += f", {r['errors']} lỗi"
        print(
            f"{name:34} {r['rps']:8.1f} {r['cpu_ms']:11.2f} {r['queries']:>4} "
            f"{r['latency_ms']:13.1f} {ratio:>12} {r['bytes'] / 1024:6.1f}  {note}"
        )
    if weight:
        print(
            f"trang chủ trường lần đầu: {weight[0] / 1024:.1f} KB HTML+CSS+JS "
            f"({weight[1]} tệp CSS/JS, không tính ảnh)"
        )
    print(
        f"(CSDL: {state.get('seconds', '?')} s để tạo; tải bằng "
        f"{'wrk -t2 -c16' if shutil.which('wrk') else 'Python 16 luồng'}, "
        f"{args.duration} s mỗi trang, cache {'Redis' if args.redis else 'bộ nhớ tiến trình'}; "
        f"tải máy trung bình 1 phút: {os.getloadavg()[0]:.1f} trên {os.cpu_count()} lõi)",
        flush=True,
    )


def run_others(args):
    """Other engineers' benchmarks (bench/provisioning.py, bench/dashboard.py), each in its
    own process (each sets Django up with its own database)."""
    others = [
        ("bench.provisioning", ["--schools", "100" if args.quick else "500"]),
        ("bench.dashboard", ["--quick"] if args.quick else []),
        ("bench.links", ["--pages", "100" if args.quick else "300"]),
        ("bench.faces", ["--photos", "20"]),
        ("bench.old_site", ["--sizes", "100,400" if args.quick else "500,2000"]),
        ("bench.sector_data", ["--sizes", "3000:150" if args.quick else "3000:150,12000:600"]),
    ]
    # The old-site import of 2,500 articles takes most of an hour on a busy 2-core machine.
    timeouts = {"bench.old_site": 7200}
    for module, extra in others:
        if not (ROOT / (module.replace(".", "/") + ".py")).exists():
            print(f"\n== {module}: chưa có ==")
            continue
        print(f"\n== {module} ==", flush=True)
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        try:
            timeout = timeouts.get(module, 600)
            subprocess.run([PYTHON, "-m", module, *extra], cwd=ROOT, env=env, timeout=timeout)
        except subprocess.TimeoutExpired:
            print(f"{module}: quá {timeout // 60} phút, dừng.")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="50 và 500 trường, 2 giây mỗi trang")
    parser.add_argument("--scales", default=None, help="ví dụ 50,500,5000")
    parser.add_argument("--duration", type=int, default=None, help="giây tải mỗi trang (5)")
    parser.add_argument("--fresh", action="store_true", help="tạo lại CSDL")
    parser.add_argument("--redis", action="store_true", help="cache Redis ở 127.0.0.1:6379/14")
    parser.add_argument("--only", default="", help="chỉ các trang có tên chứa chuỗi này")
    parser.add_argument(
        "--pages-only", action="store_true", help="bỏ qua bench.provisioning và bench.dashboard"
    )
    args = parser.parse_args(argv)
    args.duration = args.duration or (2 if args.quick else 5)
    scales = [
        int(s) for s in (args.scales or ("50,500" if args.quick else "50,500,5000")).split(",")
    ]
    started = time.monotonic()
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    static_path = collectstatic()
    for scale in scales:
        run_scale(scale, args, static_path)
    if not args.pages_only:
        run_others(args)
    print(f"\nTổng thời gian: {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
