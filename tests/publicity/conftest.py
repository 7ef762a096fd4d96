import datetime

import pytest

from publicity.demo import publish_disclosure
from tests.factories import make_school


@pytest.fixture
def preschool(office):
    return make_school("MN Hoa Sen", level="MN", office=office)


@pytest.fixture
def publish():
    """publish(school, "gen_name", "2025-2026", date(2025, 6, 20), changed_on=...)."""
    return publish_disclosure


def d(text):
    return datetime.date.fromisoformat(text)
