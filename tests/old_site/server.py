"""A local web server for old-site fixtures: several sites on one port, chosen by the Host
header, every request recorded (so a test can say what was never fetched)."""

import contextlib
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Resource:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    delay: float = 0.0
    location: str = ""


class Site:
    def __init__(self, host):
        self.host = host
        self.resources = {}
        self.base = ""  # http://host:port, set when served

    def add(self, path, body, content_type="text/html; charset=utf-8", **options):
        data = body.encode() if isinstance(body, str) else body
        self.resources[path] = Resource(data, content_type, **options)

    def redirect(self, path, target, status=301):
        self.resources[path] = Resource(b"", "text/html", status, location=target)

    def url(self, path="/"):
        return self.base + path


class FixtureServer:
    def __init__(self, sites):
        self.sites = {site.host: site for site in sites}
        self.requests = []  # (host, path)
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                host = (self.headers.get("Host") or "").split(":")[0]
                with server._lock:
                    server.requests.append((host, self.path))
                site = server.sites.get(host)
                resource = site.resources.get(self.path) if site else None
                if resource is None:
                    resource = Resource(b"<h1>404</h1>", status=404)
                if resource.delay:
                    time.sleep(resource.delay)
                self.send_response(resource.status)
                if resource.location:
                    location = resource.location
                    if location.startswith("/") and site:
                        location = site.base + location
                    self.send_header("Location", location)
                self.send_header("Content-Type", resource.content_type)
                self.send_header("Content-Length", str(len(resource.body)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(resource.body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        for site in sites:
            site.base = f"http://{site.host}:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def paths(self, host):
        with self._lock:
            return [path for h, path in self.requests if h == host]

    def clear(self):
        with self._lock:
            self.requests.clear()
