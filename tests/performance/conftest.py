import pytest

from cms.demo.scale_data import create_scale_data


@pytest.fixture
def add_bulk_schools(office):
    """add_bulk_schools(n, news=2): synthetic schools through the benchmark bulk path."""

    def add(count, news=2):
        return create_scale_data(count, news, office=office, port=80)

    return add


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    return settings


@pytest.fixture
def page_cache_off(settings):
    settings.PAGE_CACHE_ENABLED = False
    return settings
