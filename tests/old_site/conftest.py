import pytest

from cms.old_site import runner
from cms.old_site.network import SiteFetcher
from cms.old_site.runner import Importer, Limits, prepare_run

from .server import FixtureServer, Site
from .sites import NV_HOST, PLAIN_HOST, WP_HOST, build_nukeviet, build_plain, build_wordpress

LOCAL = "127.0.0.1"


@pytest.fixture(scope="session")
def old_sites():
    """The three fixture sites, built once and served on 127.0.0.1 for the whole run."""
    sites = [Site(WP_HOST), Site(NV_HOST), Site(PLAIN_HOST)]
    server = FixtureServer(sites)
    build_wordpress(sites[0])
    build_nukeviet(sites[1])
    build_plain(sites[2])
    server.start()
    server.site = {site.host: site for site in sites}
    yield server
    server.stop()


@pytest.fixture
def served(old_sites):
    old_sites.clear()
    return old_sites


def local_fetcher(url, **options):
    """The test-only allowance: the fixture hostnames resolve to 127.0.0.1 and that one
    address is accepted. Production code never passes these."""
    options = {
        "resolver": lambda host: [LOCAL],
        "address_allowed": lambda address: address == LOCAL,
        "rate": 0,
        "concurrency": 2,
        "retries": 1,
        "backoff": 0.01,
        "read_timeout": 0.5,
        "total_timeout": 5,
        **options,
    }
    return SiteFetcher(url, **options)


@pytest.fixture
def local_network(monkeypatch):
    """Commands and the admin's task build their fetcher with runner.default_fetcher;
    tests swap in the local one there."""
    monkeypatch.setattr(runner, "default_fetcher", lambda url, limits: local_fetcher(url))


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def import_site(media_root):
    """import_site(school, url, **options) -> the finished run."""

    def run(
        school,
        url,
        *,
        wxr=None,
        fetcher=None,
        dry_run=False,
        since=None,
        max_pages=300,
        fresh=False,
    ):
        record, _resumed = prepare_run(
            school,
            url,
            wxr_file=str(wxr or ""),
            dry_run=dry_run,
            since=since,
            max_pages=max_pages,
            fresh=fresh,
        )
        if not dry_run:
            record.save()
        importer = Importer(
            record,
            fetcher=fetcher or local_fetcher(url),
            limits=Limits(max_pages=max_pages, rate=0),
        )
        return importer.start(wxr_path=str(wxr) if wxr else None)

    return run


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker, old_sites, tmp_path_factory):
    """Build one school and import an old site into it once for the whole module, inside
    a transaction rolled back afterwards; each test runs in a savepoint of it, so what a
    test changes is undone too. imported(host) -> (school, run, paths the import requested)."""
    from django.db import transaction
    from django.test.utils import override_settings

    from tests.factories import make_office, make_school

    done = {}
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    media.enable()
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:

            def get(host, **options):
                if host not in done:
                    office = make_office() if not done else done[next(iter(done))][0].office
                    school = make_school(f"TH Trường Cũ {len(done) + 1}", level="TH", office=office)
                    url = old_sites.site[host].url("/")
                    record, _resumed = prepare_run(school, url, max_pages=300)
                    record.save()
                    old_sites.clear()
                    Importer(
                        record, fetcher=local_fetcher(url), limits=Limits(max_pages=300, rate=0)
                    ).start()
                    done[host] = (school, record, old_sites.paths(host))
                return done[host]

            yield get
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            media.disable()
