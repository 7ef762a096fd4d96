"""The school home shows the week's notices: pinned news, notices dated this week
(Monday to Sunday), and the office's notices for all schools."""

import datetime
import re

import pytest

from home.models import NewsCategory, current_week
from tests.factories import NewsPageFactory, OfficeNewsPageFactory

pytestmark = pytest.mark.django_db


def notices_section(client, school):
    html = client.get("/", HTTP_HOST=school.hostname).content.decode()
    match = re.search(r'<section aria-labelledby="thong-bao">(.*?)</section>', html, re.S)
    return match.group(1) if match else ""


def test_current_week_runs_monday_to_sunday():
    # 2026-12-03 is a Thursday.
    assert current_week(datetime.date(2026, 12, 3)) == (
        datetime.date(2026, 11, 30),
        datetime.date(2026, 12, 6),
    )
    assert current_week(datetime.date(2026, 11, 30))[0] == datetime.date(2026, 11, 30)
    assert current_week(datetime.date(2026, 12, 6))[1] == datetime.date(2026, 12, 6)


def test_notice_of_this_week_shown_last_weeks_not(client, school, office):
    monday, sunday = current_week()
    NewsPageFactory.for_school(
        school, title="Lịch họp phụ huynh tuần này", category=NewsCategory.NOTICE, date=monday
    )
    NewsPageFactory.for_school(
        school,
        title="Lịch họp phụ huynh tuần trước",
        category=NewsCategory.NOTICE,
        date=monday - datetime.timedelta(days=1),
    )
    NewsPageFactory.for_school(
        school, title="Hội thi văn nghệ", category=NewsCategory.SCHOOL_LIFE, date=monday
    )
    NewsPageFactory.for_school(
        school,
        title="Tuyển sinh lớp 6 (ghim)",
        is_pinned=True,
        date=monday - datetime.timedelta(days=30),
    )
    office_news = office.site.root_page.get_children().get(slug="tin-tuc")
    OfficeNewsPageFactory(
        parent=office_news, title="Thông báo của phòng cho mọi trường", for_all_schools=True
    )

    section = notices_section(client, school)
    assert "Lịch họp phụ huynh tuần này" in section
    assert "Tuyển sinh lớp 6 (ghim)" in section
    assert "Thông báo của phòng cho mọi trường" in section
    assert "Lịch họp phụ huynh tuần trước" not in section
    assert "Hội thi văn nghệ" not in section
