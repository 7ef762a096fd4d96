import pytest

from sites.roles import SchoolRole

from .factories import (
    SuperuserFactory,
    make_child_office,
    make_office,
    make_school,
    make_school_user,
)


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
def _force_login_passes_second_factor(monkeypatch):
    """Tests about what a logged-in person may do log in with force_login, as if they
    had also entered their code; tests/sites/test_accounts.py goes through the real doors."""
    from django.test.client import Client

    from .factories import mark_second_factor_passed

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        mark_second_factor_passed(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    from sites.process_memo import forget_everything

    cache.clear()
    forget_everything()  # this process's copies of cache entries go with them
    yield
    cache.clear()
    forget_everything()


@pytest.fixture
def province(db):
    """A Sở with two wards: two schools in ward A, one in ward B, one under the Sở."""
    so = make_office("Sở Giáo dục và Đào tạo Đà Nẵng", "sogddanang.test")
    ward_a = make_child_office(so, "UBND phường Hội An", "hoian.sogddanang.test")
    ward_b = make_child_office(so, "UBND phường Hội An Tây", "hoiantay.sogddanang.test")
    schools = {
        "a1": make_school("THCS Kim Đồng", office=ward_a),
        "a2": make_school("TH Lê Độ", level="TH", office=ward_a),
        "b1": make_school("THCS Nguyễn Du", office=ward_b),
        "so": make_school("THPT Trần Quý Cáp", level="THPT", office=so),
    }
    return so, ward_a, ward_b, schools
