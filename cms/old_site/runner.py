"""One import run: find the old site's pages, read them, import the articles, then join
the links between them. Used by `manage.py import_old_site` and the admin's background
task alike.

Crawl: robots.txt, the sitemaps and feeds seed a frontier stored in the database
(`CrawlUrl`), then pages are read breadth-first — listings followed page by page
(pagination does not count as depth), only the old site's hosts, at most `max_pages`
pages and `max_depth` links from the home page. Pages are fetched by a small thread pool
(the fetcher's rate limit is shared); everything that touches the database happens on
the calling thread. An interrupted run resumes from its frontier; every item is keyed
by its old URL anyway, so any run can be repeated.

A dry run reads the same pages but keeps its frontier in memory, downloads no file and
writes nothing but (from the admin) its own report.
"""

import contextlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .addresses import is_page_link, url_key
from .discovery import feed_entries, sitemap_pages
from .files import FileStore
from .models import CrawlUrl, ImportEvent, OldSiteImport, target_for
from .network import FetchFailed, FetchRefused, SiteFetcher
from .pages import PageWriter, listing_route
from .reading import parse_html, read_page
from .wxr import articles as wxr_articles
from .wxr import attachments as wxr_attachments
from .wxr import counts as wxr_counts

Status, Stage, State = OldSiteImport.Status, OldSiteImport.Stage, CrawlUrl.State
HTML_TYPES = ("text/html", "application/xhtml+xml", "")


@dataclass
class Limits:
    max_pages: int = 5000
    max_depth: int = 8
    concurrency: int = 2
    rate: float = 4.0  # requests per second


def default_fetcher(url, limits):
    """The fetcher of a real run: public addresses only (tests pass their own)."""
    return SiteFetcher(url, rate=limits.rate, concurrency=limits.concurrency)


# --- the frontier ----------------------------------------------------------------------


class Frontier:
    """The pages still to read, in the database (so a run resumes)."""

    def __init__(self, run, max_pages):
        self.run, self.max_pages = run, max_pages
        self.seen = set(CrawlUrl.objects.filter(run=run).values_list("key", flat=True))
        self.full = False

    def add(self, entries):
        """`entries`: (url, depth, day). Returns how many were new."""
        rows = []
        for url, depth, day in entries:
            key = url_key(url)
            if key in self.seen:
                continue
            if len(self.seen) >= self.max_pages:
                self.full = True
                break
            self.seen.add(key)
            rows.append(CrawlUrl(run=self.run, key=key, url=url[:2000], depth=depth, hint_date=day))
        self._store(rows)
        return len(rows)

    def _store(self, rows):
        CrawlUrl.objects.bulk_create(rows, ignore_conflicts=True)

    def pending(self, limit):
        return list(
            CrawlUrl.objects.filter(run=self.run, state=State.PENDING).order_by("depth", "pk")[
                :limit
            ]
        )

    def finish(self, row, state, kind="", note=""):
        row.state, row.kind, row.note = state, kind, note[:300]
        row.save(update_fields=["state", "kind", "note"])

    def done_count(self):
        return CrawlUrl.objects.filter(run=self.run).exclude(state=State.PENDING).count()

    def total(self):
        return len(self.seen)


class MemoryFrontier(Frontier):
    """A dry run's frontier: nothing is written."""

    def __init__(self, run, max_pages):
        self.run, self.max_pages = run, max_pages
        self.seen, self.rows, self.full = set(), [], False

    def _store(self, rows):
        self.rows += rows

    def pending(self, limit):
        waiting = [r for r in self.rows if r.state == State.PENDING]
        return sorted(waiting, key=lambda r: r.depth)[:limit]

    def finish(self, row, state, kind="", note=""):
        row.state, row.kind, row.note = state, kind, note

    def done_count(self):
        return sum(1 for r in self.rows if r.state != State.PENDING)


# --- the run ---------------------------------------------------------------------------


class Importer:
    def __init__(self, run, *, fetcher=None, limits=None, user=None, out=None):
        self.run = run
        self.limits = limits or Limits(max_pages=run.max_pages)
        self.fetcher = fetcher or default_fetcher(run.source_url, self.limits)
        self.user = user or run.requested_by
        self.out = out or (lambda message: None)
        self.pool = None
        files = FileStore(
            run.school, self.user, self._fetch_many, self._file_refused, self.fetcher.is_own
        )
        self.writer = PageWriter(
            run, files, self.fetcher.is_own, user=self.user, dry_run=run.dry_run
        )
        self.files = files

    # --- bookkeeping ---

    def _save(self, *fields):
        if self.run.pk:
            self.run.save(update_fields=[*fields, "updated_at"])

    def _progress(self, done, total):
        counts = dict(self.writer.counts)
        counts.update(self.files.stored)
        counts.update(done=done, total=total, requests=self.fetcher.requests)
        self.run.counts = counts
        self._save("counts")

    def _stage(self, stage):
        self.run.stage = stage
        self._save("stage")
        self.out(str(Stage(stage).label))

    def _file_refused(self, url, message):
        self.writer.report(ImportEvent.Kind.FILE_REFUSED, url, message)

    def _get(self, url):
        try:
            return self.fetcher.get(url)
        except (FetchFailed, FetchRefused) as error:
            return error

    def _fetch_many(self, urls):
        if self.pool is None:
            return {url: self._get(url) for url in urls}
        return dict(zip(urls, self.pool.map(self._get, urls), strict=True))

    # --- entry point ---

    def start(self, wxr_path=None):
        run = self.run
        run.status, run.started_at, run.error = Status.RUNNING, run.started_at or timezone.now(), ""
        self._save("status", "started_at", "error")
        try:
            with ThreadPoolExecutor(max_workers=self.limits.concurrency) as pool:
                self.pool = pool
                if wxr_path:
                    self._import_export(wxr_path)
                else:
                    self._crawl()
                self._stage(Stage.LINKING)
                if not run.dry_run:
                    self.writer.link_pass()
        except (KeyboardInterrupt, SystemExit):
            run.status = Status.INTERRUPTED
            self._save("status")
            raise
        except Exception as error:
            run.status, run.error = Status.FAILED, f"{type(error).__name__}: {error}"[:2000]
            run.finished_at = timezone.now()
            self._save("status", "error", "finished_at")
            raise
        finally:
            self.pool = None
        run.status, run.stage, run.finished_at = Status.DONE, Stage.FINISHED, timezone.now()
        done, total = run.progress()
        self._progress(total, total)
        self._save("status", "stage", "finished_at")
        return run

    # --- a crawl ---

    def _crawl(self):
        run, limits = self.run, self.limits
        frontier = (MemoryFrontier if run.dry_run else Frontier)(run, limits.max_pages)
        home = run.source_url
        if not run.discovered or run.dry_run:
            self._stage(Stage.DISCOVERING)
            frontier.add([(home, 0, None)])
            home_tree = None
            with contextlib.suppress(FetchFailed):  # refused (private address…): the run fails
                home_tree = parse_html(self.fetcher.get(home))
            for found in sitemap_pages(self.fetcher, home):
                if self.fetcher.is_own(found.url) and is_page_link(found.url):
                    frontier.add([(found.url, 1, found.day)])
            for found in feed_entries(self.fetcher, home, home_tree):
                if self.fetcher.is_own(found.url):
                    frontier.add([(found.url, 1, found.day)])
            run.discovered = True
            self._save("discovered")
        self._stage(Stage.IMPORTING)
        batch_size = limits.concurrency * 3
        while True:
            rows = frontier.pending(batch_size)
            if not rows:
                break
            since = run.since
            futures = []
            for row in rows:
                if since and row.hint_date and row.hint_date < since and row.depth > 0:
                    frontier.finish(row, State.SKIPPED, note="cũ hơn ngày chọn")
                    self.writer.count("skipped")
                    continue
                futures.append((row, self.pool.submit(self._read, row.url)))
            for row, future in futures:
                self._handle(frontier, row, future.result())
                self._progress(frontier.done_count(), frontier.total())
        if frontier.full:
            self.writer.report(
                ImportEvent.Kind.SKIPPED,
                "",
                f"Đã đạt giới hạn {limits.max_pages} trang; các trang sau không được đọc.",
            )

    def _read(self, url):
        """Fetch and read one page (on a pool thread: no database here)."""
        try:
            response = self.fetcher.get(url)
        except (FetchFailed, FetchRefused) as error:
            return error
        if response.content_type not in HTML_TYPES:
            return None
        reading = read_page(response.url, response)
        if url_key(response.url) != url_key(url):
            reading.aliases.append(url)
        return reading

    def _handle(self, frontier, row, reading):
        if isinstance(reading, FetchFailed | FetchRefused):
            frontier.finish(row, State.FAILED, note=str(reading))
            self.writer.count("failed")
            self.writer.report(ImportEvent.Kind.FAILED, row.url, str(reading))
            return
        if reading is None:
            frontier.finish(row, State.SKIPPED, note="không phải trang HTML")
            return
        since, follow = self.run.since, True
        final_key = url_key(reading.url)
        if final_key != row.key and final_key in frontier.seen:
            # `?p=12` answered with a redirect to a page the crawl reads anyway (the
            # article's own aliases give the old address its redirect).
            frontier.finish(row, State.DONE, kind="alias")
            return
        if reading.kind == "article":
            if since and reading.published and reading.published.date() < since:
                self.writer.count("skipped")
                follow = False
            else:
                try:
                    self.writer.import_article(reading)
                except Exception as error:  # one bad article must not stop the school
                    self.writer.count("failed")
                    self.writer.report(
                        ImportEvent.Kind.FAILED, reading.url, f"{type(error).__name__}: {error}"
                    )
        elif reading.kind == "listing" and row.depth > 0 and not self.run.dry_run:
            self._listing_redirect(reading)
        if follow:
            depth = row.depth + 1
            frontier.add(
                (url, row.depth if paginated else depth, None)
                for url, paginated in reading.links
                if (paginated or depth <= self.limits.max_depth)
                and self.fetcher.is_own(url)
                and is_page_link(url)
                and self.fetcher.allowed(url)
            )
        frontier.finish(row, State.DONE, kind=reading.kind)

    def _listing_redirect(self, reading):
        rules = self.writer.rules
        matched = any(rule.matches(reading.category or "") for rule in rules)
        section, route = (
            listing_route(target_for(reading.category, rules)) if matched else ("news", "")
        )
        page = self.writer.sections.get(section) or self.writer.sections["news"]
        if page is not None:
            with transaction.atomic():
                self.writer.address(
                    reading.url,
                    page=page,
                    route=route if page is self.writer.sections["news"] else "",
                )

    # --- a WordPress export ---

    def _import_export(self, path):
        self._stage(Stage.DISCOVERING)
        total, _all = wxr_counts(path)
        files = wxr_attachments(path)
        self._stage(Stage.IMPORTING)
        articles = wxr_articles(path, self.run.source_url, files, self.run.since)
        for done, reading in enumerate(articles, start=1):
            if reading is None:
                self.writer.count("skipped")
            else:
                try:
                    self.writer.import_article(reading)
                except Exception as error:
                    self.writer.count("failed")
                    self.writer.report(
                        ImportEvent.Kind.FAILED, reading.url, f"{type(error).__name__}: {error}"
                    )
            self._progress(done, total)


def resumable_run(school, source_url, wxr_file=""):
    """The latest unfinished (interrupted or failed) real run of the same source."""
    return (
        OldSiteImport.objects.filter(
            school=school,
            source_url=source_url,
            wxr_file=wxr_file,
            dry_run=False,
            status__in=[Status.RUNNING, Status.INTERRUPTED, Status.FAILED],
        )
        .order_by("-created_at")
        .first()
    )


def prepare_run(
    school,
    source_url="",
    *,
    wxr_file="",
    dry_run=False,
    since=None,
    max_pages=5000,
    user=None,
    fresh=False,
    batch=None,
):
    """The run to go on with (an unfinished one of the same source) or a new one. A dry
    run from the command line is never stored (`save=False`)."""
    if not dry_run and not fresh:
        previous = resumable_run(school, source_url, wxr_file)
        if previous is not None:
            previous.since, previous.max_pages = since, max_pages
            previous.requested_by = previous.requested_by or user
            previous.save(update_fields=["since", "max_pages", "requested_by", "updated_at"])
            return previous, True
    run = OldSiteImport(
        school=school,
        source_url=source_url,
        wxr_file=wxr_file,
        dry_run=dry_run,
        since=since,
        max_pages=max_pages,
        requested_by=user,
        batch=batch,
    )
    return run, False


SUMMARY = (
    ("created", "Trang mới"),
    ("updated", "Cập nhật"),
    ("unchanged", "Không đổi"),
    ("left_alone", "Giữ nguyên vì biên tập viên đã sửa hoặc xoá"),
    ("drafts", "Để bản nháp chờ hiệu trưởng duyệt"),
    ("skipped", "Bỏ qua (cũ hơn ngày chọn, hoặc chuyên mục không nhập)"),
    ("images", "Ảnh đã lưu"),
    ("documents", "Tệp đã lưu"),
    ("reused", "Ảnh/tệp trùng nội dung, dùng lại"),
    ("refused", "Ảnh/tệp bị từ chối"),
    ("links_removed", "Liên kết ẩn hoặc bị chặn đã bỏ"),
    ("redirects", "Chuyển hướng mới từ địa chỉ cũ"),
    ("links_rewritten", "Bài được nối lại liên kết"),
    ("failed", "Trang không đọc được"),
)


def summary(run):
    """(label, number) of what the run did, in Vietnamese."""
    counts = run.counts or {}
    return [(label, counts.get(key, 0)) for key, label in SUMMARY]
