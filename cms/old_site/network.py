"""Fetching from a school's old website, politely and never from our own network.

`SiteFetcher` is the only road the import takes to the old site:

- **Only the old site's own hosts** (the host given and its www/bare twin): any other
  URL, and a redirect leaving them, is refused.
- **Never an internal or private address**: each hostname is resolved once, every
  address must pass `address_allowed` (by default: globally routable, the rule of the
  own-domain checks in `sites/domains.py`), and the connection goes to that checked
  address (the Host header and TLS name stay the hostname), so a second DNS answer
  cannot swap in 127.0.0.1. The resolver and the rule are injected: tests serve fixture
  sites on 127.0.0.1 by passing their own; no setting can relax it.
- **robots.txt** is read once per host and obeyed (RFC 9309: 4xx = no rules, an
  unreachable file = nothing allowed); a Crawl-delay slower than ours is honoured.
- **Polite and bounded**: one shared rate limit (requests per second), a connection
  pool no wider than the concurrency, connect/read timeouts and a whole-response time
  limit (a page that drips bytes is cut off), a size cap per response, retries with
  exponential back-off on network errors, 429 and 5xx (Retry-After honoured, capped).
"""

import ipaddress
import random
import socket
import threading
import time
import urllib.robotparser
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from django.utils.translation import gettext as _

import urllib3

USER_AGENT = "TruongSo-chuyen-trang-cu/1.0 (+nhap noi dung trang web cu cua truong)"
MAX_REDIRECTS = 5
RETRY_STATUSES = {429, 500, 502, 503, 504}
MAX_RETRY_AFTER = 30.0
MAX_CRAWL_DELAY = 10.0


class FetchRefused(Exception):
    """The URL may not be fetched (another host, a private address, robots.txt); the
    message is Vietnamese and safe to show."""


class FetchFailed(Exception):
    """The old site did not answer usably (timeout, error status, too large)."""

    def __init__(self, message, status=None):
        super().__init__(message)
        self.status = status


def is_public_address(address):
    """The own-domain checks' rule (sites/domains.py `public_address`): only globally
    routable addresses; loopback, private, link-local, CGNAT, multicast… are refused."""
    try:
        return ipaddress.ip_address(address).is_global
    except ValueError:
        return False


def system_resolver(hostname):
    """Every address `hostname` resolves to (IPv4 and IPv6), in the resolver's order."""
    try:
        infos = socket.getaddrinfo(hostname, None, proto=socket.IPPROTO_TCP)
    except OSError:
        return []
    return list(dict.fromkeys(info[4][0] for info in infos))


def site_hosts(url):
    """The host of `url` and its www/bare twin: the old site's own hosts."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    if not host:
        return set()
    twin = host[4:] if host.startswith("www.") else "www." + host
    return {host, twin}


@dataclass
class Response:
    url: str  # after redirects
    status: int
    headers: dict = field(default_factory=dict)  # lower-case names
    body: bytes = b""

    @property
    def content_type(self):
        return (self.headers.get("content-type") or "").split(";")[0].strip().lower()

    @property
    def charset(self):
        for part in (self.headers.get("content-type") or "").split(";")[1:]:
            name, _sep, value = part.strip().partition("=")
            if name.lower() == "charset" and value:
                return value.strip("\"' ")
        return None

    def text(self):
        charset = self.charset or "utf-8"
        try:
            return self.body.decode(charset, "replace")
        except LookupError:
            return self.body.decode("utf-8", "replace")


class RateLimit:
    """At most `rate` request starts per second across every thread (0 = unlimited)."""

    def __init__(self, rate, clock=time.monotonic, sleep=time.sleep):
        self.interval = 1.0 / rate if rate else 0.0
        self.clock, self.sleep = clock, sleep
        self._next = 0.0
        self._lock = threading.Lock()

    def slow_down_to(self, interval):
        with self._lock:
            self.interval = max(self.interval, interval)

    def wait(self):
        if not self.interval:
            return
        with self._lock:
            now = self.clock()
            start = max(now, self._next)
            self._next = start + self.interval
        if start > now:
            self.sleep(start - now)


class SiteFetcher:
    """GETs from the old site's hosts only, through the checks above. Thread-safe."""

    def __init__(
        self,
        start_url,
        *,
        resolver=system_resolver,
        address_allowed=is_public_address,
        rate=4.0,
        concurrency=2,
        connect_timeout=5.0,
        read_timeout=20.0,
        total_timeout=60.0,
        retries=3,
        backoff=1.0,
        max_bytes=30 * 1024 * 1024,
        obey_robots=True,
        user_agent=USER_AGENT,
        extra_hosts=(),
        sleep=time.sleep,
    ):
        self.hosts = site_hosts(start_url) | {h.lower() for h in extra_hosts}
        self.resolver, self.address_allowed = resolver, address_allowed
        self.rate_limit = RateLimit(rate, sleep=sleep)
        self.concurrency = max(1, int(concurrency))
        self.timeout = urllib3.Timeout(connect=connect_timeout, read=read_timeout)
        self.total_timeout = total_timeout
        self.retries, self.backoff = retries, backoff
        self.max_bytes = max_bytes
        self.obey_robots, self.user_agent = obey_robots, user_agent
        self.sleep = sleep
        self._addresses = {}  # hostname -> the checked address
        self._pools = {}
        self._robots = {}  # (scheme, netloc) -> RobotFileParser
        self._lock = threading.Lock()
        self.requests = 0  # sent, including retries and robots.txt

    # --- what may be fetched -----------------------------------------------------------

    def is_own(self, url):
        try:
            parts = urlsplit(url)
        except ValueError:
            return False
        return parts.scheme in ("http", "https") and (parts.hostname or "").lower() in self.hosts

    def check(self, url):
        """Raise FetchRefused unless `url` may be fetched (host and robots.txt)."""
        if not self.is_own(url):
            raise FetchRefused(_("Không tải %(url)s: ngoài trang web cũ.") % {"url": url})
        if self.obey_robots and not self.robots_allow(url):
            raise FetchRefused(_("Không tải %(url)s: robots.txt không cho phép.") % {"url": url})

    def allowed(self, url):
        try:
            self.check(url)
        except FetchRefused:
            return False
        return True

    def robots_allow(self, url):
        parts = urlsplit(url)
        key = (parts.scheme, parts.netloc.lower())
        with self._lock:
            parser = self._robots.get(key)
        if parser is None:
            parser = self._read_robots(f"{parts.scheme}://{parts.netloc}/robots.txt")
            with self._lock:
                self._robots[key] = parser
        return parser.can_fetch(self.user_agent, url)

    def robots_sitemaps(self, url):
        """The Sitemap: lines of the robots.txt of `url`'s host."""
        self.robots_allow(url)
        parts = urlsplit(url)
        parser = self._robots.get((parts.scheme, parts.netloc.lower()))
        return list(parser.site_maps() or []) if parser else []

    def _read_robots(self, robots_url):
        parser = urllib.robotparser.RobotFileParser(robots_url)
        try:  # FetchRefused (a private address…) goes up: the run cannot start
            response = self._get(robots_url, max_bytes=512 * 1024)
        except FetchFailed as error:
            if error.status is not None and 400 <= error.status < 500:
                parser.allow_all = True
            else:
                parser.disallow_all = True  # unreachable: assume nothing is allowed
            return parser
        parser.parse(response.text().splitlines())
        delay = parser.crawl_delay(self.user_agent)
        if delay:
            self.rate_limit.slow_down_to(min(float(delay), MAX_CRAWL_DELAY))
        return parser

    # --- the request ------------------------------------------------------------------

    def get(self, url, max_bytes=None):
        """The response for `url` (following redirects within the old site), or
        FetchRefused / FetchFailed."""
        self.check(url)
        return self._get(url, max_bytes=max_bytes, obey_robots=self.obey_robots)

    def _get(self, url, max_bytes=None, obey_robots=False):
        for _hop in range(MAX_REDIRECTS + 1):
            response = self._get_with_retries(url, max_bytes or self.max_bytes)
            if response.status in (301, 302, 303, 307, 308):
                location = response.headers.get("location")
                if not location:
                    raise FetchFailed(_("Chuyển hướng không có đích."), response.status)
                url = urljoin(url, location.strip())
                if not self.is_own(url):
                    raise FetchRefused(
                        _("Không theo chuyển hướng ra ngoài trang web cũ: %(url)s") % {"url": url}
                    )
                if obey_robots:
                    self.check(url)
                continue
            if response.status >= 400:
                raise FetchFailed(
                    _("Trang cũ trả lời lỗi %(status)d.") % {"status": response.status},
                    response.status,
                )
            return response
        raise FetchFailed(_("Quá nhiều lần chuyển hướng."))

    def _get_with_retries(self, url, max_bytes):
        attempt = 0
        while True:
            try:
                response = self._request(url, max_bytes)
            except FetchFailed:
                if attempt >= self.retries:
                    raise
                self._back_off(attempt)
                attempt += 1
                continue
            if response.status in RETRY_STATUSES and attempt < self.retries:
                self._back_off(attempt, response.headers.get("retry-after"))
                attempt += 1
                continue
            return response

    def _back_off(self, attempt, retry_after=None):
        delay = self.backoff * (2**attempt) * (1 + random.random() / 4)  # noqa: S311
        if retry_after and retry_after.strip().isdigit():
            delay = max(delay, min(float(retry_after), MAX_RETRY_AFTER))
        self.sleep(delay)

    def _address(self, hostname):
        """The one checked address `hostname` is fetched from (resolved once)."""
        with self._lock:
            if hostname in self._addresses:
                return self._addresses[hostname]
        try:
            ipaddress.ip_address(hostname)
            addresses = [hostname]
        except ValueError:
            addresses = self.resolver(hostname)
        if not addresses:
            raise FetchFailed(_("Không tìm thấy địa chỉ của %(host)s.") % {"host": hostname})
        if not all(self.address_allowed(address) for address in addresses):
            raise FetchRefused(
                _("Không tải từ %(host)s: tên miền trỏ tới địa chỉ nội bộ.") % {"host": hostname}
            )
        with self._lock:
            self._addresses[hostname] = addresses[0]
        return addresses[0]

    def _pool(self, scheme, hostname, port):
        key = (scheme, hostname, port)
        with self._lock:
            pool = self._pools.get(key)
        if pool is not None:
            return pool
        address = self._address(hostname)
        options = {"maxsize": self.concurrency, "block": True, "timeout": self.timeout}
        if scheme == "https":
            pool = urllib3.HTTPSConnectionPool(
                address,
                port,
                server_hostname=hostname,
                assert_hostname=hostname,
                cert_reqs="CERT_REQUIRED",
                **options,
            )
        else:
            pool = urllib3.HTTPConnectionPool(address, port, **options)
        with self._lock:
            return self._pools.setdefault(key, pool)

    def _request(self, url, max_bytes):
        parts = urlsplit(url)
        hostname = (parts.hostname or "").lower()
        port = parts.port or (443 if parts.scheme == "https" else 80)
        pool = self._pool(parts.scheme, hostname, port)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        default_port = port == (443 if parts.scheme == "https" else 80)
        headers = {
            "Host": hostname if default_port else f"{hostname}:{port}",
            "User-Agent": self.user_agent,
            "Accept": "*/*",
            "Accept-Encoding": "gzip, deflate",
        }
        self.rate_limit.wait()
        with self._lock:
            self.requests += 1
        started = time.monotonic()
        try:
            raw = pool.urlopen(
                "GET",
                path,
                headers=headers,
                redirect=False,
                retries=False,
                preload_content=False,
                assert_same_host=False,
            )
        except urllib3.exceptions.HTTPError as error:
            raise FetchFailed(_("Không kết nối được: %(error)s") % {"error": error}) from None
        try:
            chunks, size = [], 0
            for chunk in raw.stream(64 * 1024, decode_content=True):
                size += len(chunk)
                if size > max_bytes:
                    raise FetchFailed(
                        _("Tệp quá lớn (hơn %(mb)d MB).") % {"mb": max_bytes // (1024 * 1024)}
                    )
                if time.monotonic() - started > self.total_timeout:
                    raise FetchFailed(_("Trang cũ trả lời quá chậm."))
                chunks.append(chunk)
            body = b"".join(chunks)
        except urllib3.exceptions.HTTPError as error:
            raise FetchFailed(_("Kết nối bị ngắt: %(error)s") % {"error": error}) from None
        finally:
            raw.release_conn()
        headers = {name.lower(): value for name, value in raw.headers.items()}
        return Response(url=url, status=raw.status, headers=headers, body=body)
