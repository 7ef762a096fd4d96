"""A sample old school website (WordPress-like), generated page by page on request and
served on 127.0.0.1 by an in-process server: the demo imports it into a demo school
(`manage.py demo_old_site`) and the benchmark imports one of 2,000 articles and 5,000
images (`python -m bench.old_site`). Nothing is held in memory but the parameters: a
page, a photo or a PDF is made when asked for.

Articles: `/YYYY/MM/bai-viet-<n>/` (and `/?p=<n>` answering 301), category listings
`/category/<slug>/page/<k>/`, `/wp-sitemap.xml` (an index of 500-URL sitemaps),
`/feed/` (the latest 10), `/robots.txt`; every article has its photos inline (distinct
bytes each), every tenth a PDF plan.
"""

import contextlib
import datetime
import io
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from PIL import Image

CATEGORIES = (("tin-tuc", "Tin tức"), ("thong-bao", "Thông báo"), ("doan-doi", "Đoàn – Đội"))
PER_LISTING = 20
PER_SITEMAP = 500
FIRST_DAY = datetime.date(2015, 9, 5)
HOSTNAME = "truong-cu-mau.localhost"


def pdf_from_objects(objects):
    """A valid PDF from its numbered objects (bytes each; object 1 is the catalog), with
    the cross-reference table readers expect."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def text_pdf(text):
    """A one-page PDF showing `text` (ASCII)."""
    stream = b"BT /F1 12 Tf 20 100 Td (" + text.encode() + b") Tj ET"
    return pdf_from_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


class SampleSite:
    """`articles` articles with `images` photos in all (spread evenly)."""

    def __init__(self, articles=40, images=100, photo_size=(160, 120)):
        self.articles, self.images, self.photo_size = articles, images, photo_size
        self.base = ""

    # --- what the site holds ---

    def day(self, n):
        return FIRST_DAY + datetime.timedelta(days=n * 2)

    def path(self, n):
        day = self.day(n)
        return f"/{day:%Y}/{day:%m}/bai-viet-{n}/"

    def category(self, n):
        return CATEGORIES[n % len(CATEGORIES)]

    def photos(self, n):
        """Photo numbers of article `n`."""
        start = n * self.images // self.articles
        end = (n + 1) * self.images // self.articles
        return range(start, end)

    def title(self, n):
        return f"Hoạt động số {n} của nhà trường"

    # --- pages ---

    def _page(self, title, body, body_class):
        return (
            "<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'>"
            f"<title>{title} – Trường Tiểu học Mẫu</title>"
            "<meta name='generator' content='WordPress 6.4'>"
            f"<link rel='alternate' type='application/rss+xml' href='{self.base}/feed/'></head>"
            f"<body class='{body_class}'><header><nav><a href='/'>Trang chủ</a>"
            + "".join(f"<a href='/category/{slug}/'>{name}</a>" for slug, name in CATEGORIES)
            + f"</nav></header><main>{body}</main>"
            "<aside class='widget'><a href='/wp-login.php'>Đăng nhập</a></aside>"
            "<footer>© Trường Tiểu học Mẫu</footer></body></html>"
        )

    def article(self, n):
        slug, name = self.category(n)
        day = self.day(n)
        photos = "".join(
            f"<figure class='wp-caption'><img src='{self.base}/wp-content/uploads/anh-{p}.jpg' "
            f"alt='Ảnh {p}'><figcaption class='wp-caption-text'>Ảnh hoạt động {p}</figcaption>"
            "</figure>"
            for p in self.photos(n)
        )
        attachment = (
            f"<p>Tải <a href='{self.base}/wp-content/uploads/ke-hoach-{n}.pdf'>kế hoạch</a>.</p>"
            if n % 10 == 0
            else ""
        )
        previous = (
            f"<p>Xem bài trước: <a href='{self.base}{self.path(n - 1)}'>{self.title(n - 1)}</a></p>"
            if n
            else ""
        )
        body = (
            f"<article class='post'><h1 class='entry-title'>{self.title(n)}</h1>"
            f"<time class='entry-date published' datetime='{day.isoformat()}T08:00:00+07:00'>"
            f"{day:%d/%m/%Y}</time> <a rel='category tag' href='/category/{slug}/'>{name}</a>"
            "<div class='entry-content'>"
            f"<p>Ngày {day:%d/%m/%Y}, nhà trường tổ chức hoạt động số {n} với sự tham gia của "
            "giáo viên, học sinh và cha mẹ học sinh. Hoạt động diễn ra sôi nổi, an toàn.</p>"
            f"{photos}{attachment}{previous}"
            "<div class='sharedaddy'>Chia sẻ: Facebook, Zalo</div></div></article>"
        )
        return self._page(self.title(n), body, f"single single-post postid-{n}")

    def listing(self, slug, number):
        items = [n for n in range(self.articles - 1, -1, -1) if self.category(n)[0] == slug]
        chunk = items[(number - 1) * PER_LISTING : number * PER_LISTING]
        if not chunk:
            return None
        links = "".join(
            f"<article class='post'><h2 class='entry-title'><a href='{self.path(n)}'>"
            f"{self.title(n)}</a></h2></article>"
            for n in chunk
        )
        if number * PER_LISTING < len(items):
            links += (
                f"<a class='next' rel='next' href='/category/{slug}/page/{number + 1}/'>Sau</a>"
            )
        name = dict(CATEGORIES)[slug]
        return self._page(
            name, f"<h1 class='page-title'>Chuyên mục: {name}</h1>{links}", "archive category"
        )

    def sitemap_index(self):
        count = (self.articles + PER_SITEMAP - 1) // PER_SITEMAP
        entries = "".join(
            f"<sitemap><loc>{self.base}/wp-sitemap-posts-post-{k}.xml</loc></sitemap>"
            for k in range(1, count + 1)
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?><sitemapindex '
            f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>'
        )

    def sitemap(self, k):
        numbers = range((k - 1) * PER_SITEMAP, min(k * PER_SITEMAP, self.articles))
        if not numbers:
            return None
        urls = "".join(
            f"<url><loc>{self.base}{self.path(n)}</loc><lastmod>{self.day(n).isoformat()}</lastmod></url>"
            for n in numbers
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?><urlset '
            f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
        )

    def feed(self):
        items = "".join(
            f"<item><title>{self.title(n)}</title><link>{self.base}{self.path(n)}</link></item>"
            for n in range(self.articles - 1, max(-1, self.articles - 11), -1)
        )
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Trường</title>{items}</channel></rss>'

    def photo(self, p):
        width, height = self.photo_size
        image = Image.new("RGB", (width, height), ((p * 37) % 256, (p * 91) % 256, (p * 13) % 256))
        image.putpixel((p % width, (p // width) % height), (255, 255, 255))  # distinct bytes
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=80)
        return buffer.getvalue()

    # --- answering ---

    def respond(self, path):
        """(status, content type, body or Location) for a request path."""
        html = "text/html; charset=utf-8"
        if path == "/":
            latest = "".join(
                f"<li><a href='{self.path(n)}'>{self.title(n)}</a></li>"
                for n in range(self.articles - 1, max(-1, self.articles - 6), -1)
            )
            return 200, html, self._page("Trang chủ", f"<ul>{latest}</ul>", "home blog")
        if path == "/robots.txt":
            body = f"User-agent: *\nDisallow: /wp-admin/\nSitemap: {self.base}/wp-sitemap.xml\n"
            return 200, "text/plain", body
        if path == "/wp-sitemap.xml":
            return 200, "application/xml", self.sitemap_index()
        if path == "/feed/":
            return 200, "application/rss+xml", self.feed()
        match = re.fullmatch(r"/wp-sitemap-posts-post-(\d+)\.xml", path)
        if match:
            body = self.sitemap(int(match.group(1)))
            return (200, "application/xml", body) if body else (404, html, "")
        match = re.fullmatch(r"/\?p=(\d+)", path)
        if match and int(match.group(1)) < self.articles:
            return 301, html, self.base + self.path(int(match.group(1)))
        match = re.fullmatch(r"/\d{4}/\d{2}/bai-viet-(\d+)/", path)
        if match and int(match.group(1)) < self.articles and self.path(int(match.group(1))) == path:
            return 200, html, self.article(int(match.group(1)))
        match = re.fullmatch(r"/category/([\w-]+)/(?:page/(\d+)/)?", path)
        if match and match.group(1) in dict(CATEGORIES):
            body = self.listing(match.group(1), int(match.group(2) or 1))
            return (200, html, body) if body else (404, html, "")
        match = re.fullmatch(r"/wp-content/uploads/anh-(\d+)\.jpg", path)
        if match and int(match.group(1)) < self.images:
            return 200, "image/jpeg", self.photo(int(match.group(1)))
        match = re.fullmatch(r"/wp-content/uploads/ke-hoach-(\d+)\.pdf", path)
        if match:
            return 200, "application/pdf", text_pdf(f"Ke hoach {match.group(1)}")
        return 404, html, "<h1>Không tìm thấy</h1>"


class SampleServer:
    """Serves a SampleSite on 127.0.0.1 (a free port) from a background thread."""

    def __init__(self, site, hostname=HOSTNAME):
        self.site, self.hostname = site, hostname
        self.requests = 0
        sample = site
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                server.requests += 1
                status, content_type, body = sample.respond(self.path)
                data = b""
                self.send_response(status)
                if status in (301, 302):
                    self.send_header("Location", body)
                else:
                    data = body if isinstance(body, bytes) else body.encode()
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        site.base = f"http://{hostname}:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self):
        return self.site.base + "/"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

    def fetcher_options(self):
        """The allowance for this in-process server only: its hostname resolves to the
        loopback address it listens on, and that one address is accepted. Used by the
        demo command and the benchmark, never by an import of a real site."""
        return {
            "resolver": lambda host: ["127.0.0.1"] if host == self.hostname else [],
            "address_allowed": lambda address: address == "127.0.0.1",
        }
