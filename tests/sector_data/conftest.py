import pytest

from sites.roles import SchoolRole
from tests.factories import make_school, make_school_user

SCHOOL_YEAR = "2026-2027"


@pytest.fixture
def secondary(office):
    return make_school("THCS Nguyễn Du", level="THCS", office=office)


@pytest.fixture
def primary(office):
    return make_school("TH Cẩm Châu", level="TH", office=office)


@pytest.fixture
def preschool(office):
    return make_school("MN Sơn Ca", level="MN", office=office)


@pytest.fixture
def principal(secondary):
    return make_school_user(secondary, SchoolRole.PRINCIPAL)


@pytest.fixture
def logged_in(client, principal):
    client.force_login(principal)
    return client
