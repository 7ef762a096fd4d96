import pytest

from tests import seaweedfs


@pytest.fixture(scope="session")
def weed(tmp_path_factory):
    """One real SeaweedFS per test session (per xdist worker), on free ports."""
    try:
        server = seaweedfs.start(tmp_path_factory.mktemp("seaweedfs"))
    except OSError as exc:  # not installed, or cannot execute on this machine
        pytest.skip(f"SeaweedFS cannot run here, S3 tests skipped: {exc}")
    yield server
    server.stop()


def use_s3_media(settings, weed):
    """Point default storage at `weed` (MEDIA_S3 first: changing STORAGES resets it)."""
    settings.MEDIA_S3 = weed.media_settings()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "cms.ops.storage.MediaStorage"},
    }


@pytest.fixture
def s3_media(settings, weed):
    """Media (default storage) on the real SeaweedFS for one test; buckets emptied after."""
    use_s3_media(settings, weed)
    yield weed
    weed.empty_buckets()
