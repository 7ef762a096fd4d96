"""Two app servers sharing one PostgreSQL database and one Redis: what one process
changes, the other serves at once (page cache and site routing are not per process)."""

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]
PG = ("127.0.0.1", 5432)
REDIS = ("127.0.0.1", 6379)
# Unique per run: several test runs may share this machine's PostgreSQL and Redis.
DB_NAME = f"truongso_multi_server_{os.getpid()}"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
REDIS_URL = "redis://127.0.0.1:6379/13"
SCHOOL_HOST = "thcs-kim-dong.bench.test"


def reachable(address):
    try:
        with socket.create_connection(address, timeout=1):
            return True
    except OSError:
        return False


def env():
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": DB_NAME,
        "PAGE_CACHE_ENABLED": "1",
    }


def manage(*args, code=None, timeout=240):
    cmd = [sys.executable, "manage.py", *args]
    if code is not None:
        cmd += ["-c", code]
    result = subprocess.run(
        cmd, cwd=ROOT, env=env(), capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port, host, path="/"):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers={"Host": host})
    response = conn.getresponse()
    body = response.read().decode()
    conn.close()
    return response.status, response.getheader("X-Cache"), body


def start_server():
    port = free_port()
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "cms.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--preload",
            "--log-level",
            "error",
        ],
        cwd=ROOT,
        env=env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read().decode()
        try:
            get(port, "bench.test", "/robots.txt")
            return process, port
        except OSError:
            time.sleep(0.2)
    stop_server(process)
    pytest.fail("gunicorn did not answer within 40 s")


def stop_server(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def until(check, seconds=1.0):
    """Poll `check` for up to `seconds`; return its last result."""
    deadline = time.monotonic() + seconds
    result = check()
    while not result and time.monotonic() < deadline:
        time.sleep(0.05)
        result = check()
    return result


@pytest.fixture(scope="module")
def shared_database():
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        # Once per CI run is enough (~80 s): the PostgreSQL leg runs it.
        pytest.skip("chạy ở lượt PostgreSQL (DATABASE_URL=postgres://...)")
    if not reachable(PG):
        pytest.skip("PostgreSQL không chạy ở 127.0.0.1:5432 (cần cho thử nghiệm nhiều máy chủ)")
    if not reachable(REDIS):
        pytest.skip("Redis không chạy ở 127.0.0.1:6379 (cần cho thử nghiệm nhiều máy chủ)")
    import psycopg2

    conn = psycopg2.connect(host=PG[0], port=PG[1], user="postgres", dbname="postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{DB_NAME}"')
    manage("migrate", "--noinput", "-v0", timeout=600)
    manage("collectstatic", "--noinput", "-v0")  # production-like static (manifest)
    manage(
        "shell",
        code=(
            "from cms.schools.provisioning import *\n"
            "from tests.factories import NewsPageFactory\n"
            "office = provision_office('Phòng GD thử', 'bench.test', port=80)\n"
            "school, _ = provision_school(office, SchoolSpec(name='THCS Kim Đồng', level='THCS'))\n"
            "NewsPageFactory.for_school(school, title='Tin cũ của trường')\n"
        ),
    )
    yield
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
    conn.close()


@pytest.fixture
def two_servers(shared_database):
    servers = []
    try:
        servers.append(start_server())
        servers.append(start_server())
        yield [port for _process, port in servers]
    finally:
        for process, _port in servers:
            stop_server(process)


def test_publish_through_one_server_is_served_fresh_by_the_other(two_servers):
    one, other = two_servers
    for port in (one, other):
        status, _cache, body = get(port, SCHOOL_HOST)
        assert status == 200 and "Tin cũ của trường" in body
    assert get(other, SCHOOL_HOST)[1] == "HIT"
    manage(
        "shell",
        code=(
            "from sites.models import School\n"
            "from tests.factories import NewsPageFactory\n"
            "school = School.objects.get(slug='thcs-kim-dong')\n"
            "page = NewsPageFactory.for_school(school, title='Tin mới đăng', live=False)\n"
            "page.save_revision().publish()\n"
        ),
    )
    assert until(lambda: "Tin mới đăng" in get(other, SCHOOL_HOST)[2], seconds=1.0)
    assert "Tin mới đăng" in get(one, SCHOOL_HOST)[2]


def test_school_added_through_one_server_is_routed_by_the_other(two_servers):
    one, other = two_servers
    host = "truong-moi-them.bench.test"
    # Before it exists the portal (default site) answers, and both servers cache that.
    for port in (one, other):
        assert "Trường Mới Thêm" not in get(port, host)[2]
    manage(
        "shell",
        code=(
            "from sites.models import Office\n"
            "from cms.schools.provisioning import SchoolSpec, provision_school\n"
            "provision_school(Office.objects.order_by('pk').first(), SchoolSpec(name='Trường Mới Thêm', level='TH',"
            " slug='truong-moi-them'))\n"
        ),
    )
    status, _cache, body = get(other, host)  # at once: no waiting, no retry
    assert status == 200
    assert "Trường Mới Thêm" in body
    assert "Trường Mới Thêm" in get(one, host)[2]
