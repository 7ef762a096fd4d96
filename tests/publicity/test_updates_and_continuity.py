"""Issue 23: the last two rules, on dates that put Tết and a swapped working day inside
the windows.

* A later version of a period that carries its own "ngày thông tin thay đổi" is an
  update: that date opens its own window of the item's working days, as a recorded
  change does. A version without one is a correction.
* Continuity: a period published on time that stays disclosed without a gap (the
  replacement went live before the original was taken down) stays on time, the removal
  reported as a retention breach; a gap is judged from the removal.
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from wagtail.log_actions import LogContext
from wagtail.models import PageLogEntry

import pytest

from publicity.compliance import Status, compute
from publicity.models import DisclosureRequirement
from publicity.rules import Basis
from sites.roles import SchoolRole

from .conftest import d

YEAR = "2025-2026"


def cell(school, code, today, year=YEAR):
    requirement = DisclosureRequirement.objects.get(code=code)
    return compute(year, d(today), schools=[school]).cell(school, requirement)


def take_down(page, day, superuser, hour=17):
    """Unpublish `page` (only a superuser may, within 5 years) as if on `day`."""
    with LogContext(user=superuser):
        page.unpublish()
    moment = timezone.make_aware(datetime.datetime.combine(d(day), datetime.time(hour)))
    PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.unpublish").update(
        timestamp=moment
    )


# --- A version with its own change date is an update --------------------------------------


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        # Changed Friday 6/2/2026: 9–13/2, then Tết (16–20/2/2026), then 23–27/2: due 27/2.
        ("2026-02-27", Status.ON_TIME),
        ("2026-03-02", Status.LATE),
    ],
)
def test_a_later_version_with_a_change_date_opens_its_own_window_across_tet(
    school, publish, published, expected
):
    publish(school, "gen_name", YEAR, d("2025-06-20"))
    publish(school, "gen_name", YEAR, d(published), changed_on=d("2026-02-06"))
    result = cell(school, "gen_name", "2026-03-10")
    assert result.status == expected
    (yearly, update) = result.periods
    assert yearly.status == Status.ON_TIME and yearly.deadline == d("2025-06-30")
    assert update.basis == Basis.UPDATE and update.deadline == d("2026-02-27")
    text = update.explain(d("2026-03-10"))
    assert "06/02/2026" in text and "27/02/2026" in text
    if expected == Status.LATE:
        assert "trễ 3 ngày" in text


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        # Changed Friday 25/4/2025: Saturday 26/4 is worked, 30/4, 1/5 and the swapped
        # Friday 2/5 are not: 10 working days end on 13/5/2025.
        ("2025-05-13", Status.ON_TIME),
        ("2025-05-14", Status.LATE),
    ],
)
def test_an_update_window_counts_the_swapped_working_day(school, publish, published, expected):
    publish(school, "gen_name", "2024-2025", d("2024-07-25"))
    publish(school, "gen_name", "2024-2025", d(published), changed_on=d("2025-04-25"))
    result = cell(school, "gen_name", "2025-05-20", "2024-2025")
    assert result.status == expected
    assert result.periods[-1].deadline == d("2025-05-13")


def test_the_first_version_no_longer_stretches_the_deadline_for_an_update(school, publish):
    # Before issue 23 the later version's date was read as "the information came into
    # being on 1/7", which moved the 30/6 deadline to 15/7 and made this late first
    # version look on time.
    publish(school, "gen_history", YEAR, d("2025-07-10"))
    publish(school, "gen_history", YEAR, d("2025-07-12"), changed_on=d("2025-07-01"))
    result = cell(school, "gen_history", "2025-08-01")
    assert result.status == Status.LATE
    yearly, update = result.periods
    assert yearly.deadline == d("2025-06-30") and yearly.status == Status.LATE
    assert update.status == Status.ON_TIME and update.deadline == d("2025-07-15")


def test_the_first_versions_own_date_still_means_it_came_into_being_late(school, publish):
    publish(school, "pt_res_enrollment", YEAR, d("2025-07-10"), changed_on=d("2025-07-01"))
    result = cell(school, "pt_res_enrollment", "2025-08-01")
    assert result.status == Status.ON_TIME
    assert [p.basis for p in result.periods] == [Basis.CAME_INTO_BEING]


def test_a_version_without_a_change_date_stays_a_correction(school, publish):
    publish(school, "gen_name", YEAR, d("2025-06-20"))
    publish(school, "gen_name", YEAR, d("2026-03-02"), title="Đính chính lỗi chính tả")
    result = cell(school, "gen_name", "2026-03-10")
    assert result.status == Status.ON_TIME
    assert len(result.periods) == 1


def test_two_versions_with_the_same_date_are_one_update_and_its_correction(school, publish):
    publish(school, "gen_name", YEAR, d("2025-06-20"))
    publish(school, "gen_name", YEAR, d("2026-02-26"), changed_on=d("2026-02-06"))
    publish(school, "gen_name", YEAR, d("2026-03-05"), changed_on=d("2026-02-06"))
    result = cell(school, "gen_name", "2026-03-10")
    assert result.status == Status.ON_TIME  # the first version carrying the date decides
    assert len(result.periods) == 2


# --- Continuity ------------------------------------------------------------------------


def test_a_replacement_live_before_the_removal_keeps_the_period_on_time(
    client, school, publish, superuser, school_user
):
    original = publish(school, "gen_name", YEAR, d("2025-06-20"))
    publish(school, "gen_name", YEAR, d("2026-02-10"), title="Tên trường (bản thay thế)")
    take_down(original, "2026-02-12", superuser)
    result = cell(school, "gen_name", "2026-03-01")
    assert result.status == Status.ON_TIME
    (period,) = result.periods
    (removal,) = period.removals
    assert removal.replaced and removal.removed_on == d("2026-02-12")
    text = period.explain(d("2026-03-01"))
    assert "vi phạm thời gian lưu giữ" in text
    assert "20/06/2025" in text and "12/02/2026" in text
    assert "không bị tính trễ hạn" in text
    # The principal's screen says the same.
    client.force_login(school_user(SchoolRole.PRINCIPAL))
    html = client.get(
        reverse("publicity_school", args=[school.pk]), {"nam_hoc": YEAR, "ngay": "2026-03-01"}
    ).content.decode()
    assert "vi phạm thời gian lưu giữ" in html


def test_a_gap_across_tet_is_judged_from_the_removal(school, publish, superuser):
    original = publish(school, "gen_name", YEAR, d("2025-06-20"))
    take_down(original, "2026-02-13", superuser)  # the Friday before Tết
    during = cell(school, "gen_name", "2026-02-20")
    assert during.status == Status.MISSING
    assert "quá hạn tính từ ngày gỡ" in during.periods[0].explain(d("2026-02-20"))
    publish(school, "gen_name", YEAR, d("2026-02-23"), title="Tên trường (đăng lại)")
    result = cell(school, "gen_name", "2026-03-01")
    assert result.status == Status.LATE
    (period,) = result.periods
    assert period.decided_on == d("2025-06-20")  # the original was on time...
    (removal,) = period.removals
    assert not removal.replaced and removal.resumed_on == d("2026-02-23")
    assert removal.late_days == 10  # ...but nothing was visible from 13/2 to 23/2
    text = period.explain(d("2026-03-01"))
    assert "13/02/2026" in text and "23/02/2026" in text and "trễ 10 ngày" in text


def test_a_removal_before_the_deadline_is_owed_again_by_the_deadline(school, publish, superuser):
    original = publish(school, "gen_history", YEAR, d("2025-06-01"))
    take_down(original, "2025-06-10", superuser)
    assert cell(school, "gen_history", "2025-06-20").status == Status.NOT_DUE
    assert cell(school, "gen_history", "2025-07-01").status == Status.MISSING
    publish(school, "gen_history", YEAR, d("2025-06-25"))
    result = cell(school, "gen_history", "2025-07-05")
    assert result.status == Status.ON_TIME
    (removal,) = result.periods[0].removals
    assert removal.resumed_on == d("2025-06-25") and removal.late_days == 0


def test_continuity_today_reads_the_history_of_pages_taken_down(school, publish, superuser):
    """Not looking back: the engine reads the log of the pages ever taken down only."""
    original = publish(school, "gen_name", YEAR, d("2025-06-20"))
    publish(school, "gen_name", YEAR, d("2025-12-01"), title="Tên trường (bản mới)")
    with LogContext(user=superuser):
        original.unpublish()
    today = timezone.localdate()
    result = compute(YEAR, today, schools=[school]).cell(
        school, DisclosureRequirement.objects.get(code="gen_name")
    )
    assert result.status == Status.ON_TIME
    (removal,) = result.periods[0].removals
    assert removal.replaced and removal.removed_on == today
