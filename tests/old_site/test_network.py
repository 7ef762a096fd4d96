"""The fetcher never reaches our own network, stays on the old site's hosts, obeys
robots.txt and is polite; an interrupted run resumes."""

from django.core.management import CommandError, call_command

import pytest

from cms.old_site.models import CrawlUrl, OldSiteImport
from cms.old_site.network import FetchFailed, FetchRefused, RateLimit, SiteFetcher
from cms.old_site.runner import Importer, Limits, prepare_run
from home.models import NewsPage

from .conftest import LOCAL, local_fetcher
from .server import FixtureServer, Site
from .sites import PLAIN_ARTICLES, PLAIN_HOST, WP_HOST


def test_private_addresses_are_refused_by_default(served):
    site = served.site[WP_HOST]
    for url in (f"http://{LOCAL}:{served.port}/", f"http://localhost:{served.port}/"):
        with pytest.raises(FetchRefused, match="địa chỉ nội bộ"):
            SiteFetcher(url, obey_robots=False).get(url)
    # A public-looking name that resolves to a private address: refused before connecting.
    for address in ("10.0.0.5", "192.168.1.10", "169.254.169.254", "::1", "fd00::1"):
        fetcher = SiteFetcher("http://truong.example.vn/", resolver=lambda host, a=address: [a])
        with pytest.raises(FetchRefused):
            fetcher.get("http://truong.example.vn/")
    # Even one private address among public ones.
    fetcher = SiteFetcher("http://truong.example.vn/", resolver=lambda host: ["8.8.8.8", LOCAL])
    with pytest.raises(FetchRefused):
        fetcher.get("http://truong.example.vn/")
    assert served.paths(WP_HOST) == [] and served.paths(LOCAL) == [] and served.requests == []
    assert site.base  # the fixture site was there all along


@pytest.mark.django_db
def test_the_command_without_the_test_allowance_fetches_nothing(school, served, media_root):
    with pytest.raises(CommandError, match="địa chỉ nội bộ"):
        call_command("import_old_site", school.slug, f"http://{LOCAL}:{served.port}/")
    assert served.requests == []
    assert not NewsPage.objects.exists()
    run = OldSiteImport.objects.get(school=school)
    assert run.status == run.Status.FAILED and "địa chỉ nội bộ" in run.error


def test_the_resolved_address_is_the_one_connected_to(served):
    calls = []

    def resolver(host):
        calls.append(host)
        return [LOCAL] if len(calls) == 1 else ["10.0.0.1"]  # a rebinding DNS answer

    fetcher = local_fetcher(served.site[WP_HOST].url("/"), resolver=resolver)
    fetcher.get(served.site[WP_HOST].url("/"))
    fetcher.get(served.site[WP_HOST].url("/feed/"))
    assert calls == [WP_HOST]  # resolved once, then the checked address is reused


def test_other_hosts_and_redirects_off_the_site_are_refused(served):
    site = served.site[WP_HOST]
    site.redirect("/ra-ngoai/", f"http://{PLAIN_HOST}:{served.port}/")
    try:
        fetcher = local_fetcher(site.url("/"))
        with pytest.raises(FetchRefused, match="ngoài trang web cũ"):
            fetcher.get(served.site[PLAIN_HOST].url("/"))
        with pytest.raises(FetchRefused, match="ngoài trang web cũ"):
            fetcher.get(site.url("/ra-ngoai/"))
    finally:
        del site.resources["/ra-ngoai/"]
    assert served.paths(PLAIN_HOST) == []


def test_robots_txt_is_obeyed(served):
    site = served.site[WP_HOST]
    fetcher = local_fetcher(site.url("/"))
    with pytest.raises(FetchRefused, match="robots.txt"):
        fetcher.get(site.url("/noi-bo/danh-sach/"))
    assert "/noi-bo/danh-sach/" not in served.paths(WP_HOST)


def test_unreachable_robots_txt_means_nothing_is_fetched():
    site = Site("loi.truongcu.test")
    server = FixtureServer([site]).start()
    try:
        site.add("/robots.txt", "lỗi", status=503)
        site.add("/", "<h1>Trường</h1>")
        fetcher = local_fetcher(site.url("/"))
        with pytest.raises(FetchRefused, match="robots.txt"):
            fetcher.get(site.url("/"))
        assert "/" not in server.paths(site.host)
    finally:
        server.stop()


def test_retries_back_off_and_give_up(served):
    site = Site("cham.truongcu.test")
    server = FixtureServer([site]).start()
    waits = []
    try:
        site.add("/robots.txt", "", status=404)
        site.add("/ban/", "bận", status=503)
        site.add("/cham/", "<p>chậm</p>", delay=1.0)
        site.add("/to/", b"x" * 4096, "application/pdf")
        fetcher = local_fetcher(site.url("/"), retries=3, backoff=0.5, sleep=waits.append)
        with pytest.raises(FetchFailed, match="503"):
            fetcher.get(site.url("/ban/"))
        assert server.paths(site.host).count("/ban/") == 4  # once and three retries
        assert [round(w, 1) >= b for w, b in zip(waits, (0.5, 1.0, 2.0), strict=True)] == [True] * 3
        with pytest.raises(FetchFailed):
            local_fetcher(site.url("/"), retries=0).get(site.url("/cham/"))  # read timeout 0.5 s
        with pytest.raises(FetchFailed, match="quá lớn"):
            local_fetcher(site.url("/"), max_bytes=1024).get(site.url("/to/"))
    finally:
        server.stop()


def test_rate_limit_spaces_requests():
    now, slept = [0.0], []

    def sleep(seconds):
        slept.append(seconds)
        now[0] += seconds

    limit = RateLimit(4, clock=lambda: now[0], sleep=sleep)
    for _ in range(5):
        limit.wait()
    assert slept == [0.25, 0.25, 0.25, 0.25]


class Interrupting(SiteFetcher):
    """A fetcher whose process is stopped (Ctrl-C, a deploy) after `after` requests."""

    def __init__(self, url, at, **options):
        super().__init__(url, **options)
        self.at = at

    def get(self, url, max_bytes=None):
        if url.endswith(self.at):
            raise KeyboardInterrupt
        return super().get(url, max_bytes)


@pytest.mark.django_db
def test_an_interrupted_run_resumes_where_it_stopped(school, served, media_root):
    url = served.site[PLAIN_HOST].url("/")
    run, _resumed = prepare_run(school, url, max_pages=100)
    run.save()
    options = {
        "resolver": lambda host: [LOCAL],
        "address_allowed": lambda a: a == LOCAL,
        "rate": 0,
        "read_timeout": 0.5,
        "retries": 0,
    }
    with pytest.raises(KeyboardInterrupt):
        Importer(
            run,
            fetcher=Interrupting(url, "/tin-tuc/bai-4.html", **options),
            limits=Limits(max_pages=100, rate=0),
        ).start()
    run.refresh_from_db()
    assert run.status == run.Status.INTERRUPTED and run.discovered
    first = NewsPage.objects.count()
    done_before = set(run.urls.exclude(state=CrawlUrl.State.PENDING).values_list("url", flat=True))
    assert 0 < first < PLAIN_ARTICLES and run.urls.filter(state=CrawlUrl.State.PENDING).exists()
    served.clear()
    again, resumed = prepare_run(school, url, max_pages=100)
    assert resumed and again.pk == run.pk
    Importer(again, fetcher=local_fetcher(url), limits=Limits(max_pages=100, rate=0)).start()
    again.refresh_from_db()
    assert again.status == again.Status.DONE
    assert NewsPage.objects.count() == PLAIN_ARTICLES
    refetched = {served.site[PLAIN_HOST].url(p) for p in served.paths(PLAIN_HOST)}
    assert not (refetched & done_before)  # pages read before the stop are not read again
    assert "/sitemap.xml" not in served.paths(PLAIN_HOST)  # discovery is not repeated
