import pytest

from sites.roles import SchoolRole

from .factories import SuperuserFactory, make_office, make_school, make_school_user


@pytest.fixture
def office(db):
    return make_office()


@pytest.fixture
def school(office):
    return make_school("THCS Kim Đồng", level="THCS", office=office)


@pytest.fixture
def other_school(office):
    return make_school("TH Lê Độ", level="TH", office=office)


@pytest.fixture
def superuser(db):
    return SuperuserFactory(username="quantri")


@pytest.fixture
def school_user(school):
    """A user of `school` in a role: school_user(SchoolRole.EDITOR)."""

    def make(role=SchoolRole.EDITOR, target=None):
        return make_school_user(target or school, role)

    return make


@pytest.fixture
def editor(school):
    return make_school_user(school, SchoolRole.EDITOR)


@pytest.fixture
def other_editor(other_school):
    return make_school_user(other_school, SchoolRole.EDITOR)


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
