import datetime

from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.log_actions import LogContext

import pytest

from publicity.compliance import Status, compute, scheduled_periods
from publicity.models import DisclosureRequirement, TimingRule
from publicity.working_days import add_working_days
from tests.factories import SuperuserFactory, make_school

from .conftest import d

YEAR = "2025-2026"


def status(school, code, today, year=YEAR):
    requirement = DisclosureRequirement.objects.get(code=code)
    return compute(year, d(today), schools=[school]).cell(school, requirement)


def period_status(school, code, period, today):
    cell = status(school, code, today)
    return next(p.status for p in cell.periods if p.period == period)


# --- Yearly: due 30/6 of the year the school year starts -----------------------------


def test_yearly_deadline_is_30_june_before_the_school_year(school):
    requirement = DisclosureRequirement.objects.get(code="gen_name")
    assert [row[:2] for row in scheduled_periods(requirement, YEAR)] == [(YEAR, d("2025-06-30"))]


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        ("2025-06-29", Status.NOT_DUE),
        ("2025-06-30", Status.NOT_DUE),
        ("2025-07-01", Status.MISSING),
        ("2026-05-01", Status.MISSING),
    ],
)
def test_yearly_missing_item_becomes_overdue_the_day_after_30_june(school, today, expected):
    assert status(school, "gen_name", today).status == expected


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2025-03-01", Status.ON_TIME),
        ("2025-06-30", Status.ON_TIME),
        ("2025-07-01", Status.LATE),
        ("2025-12-01", Status.LATE),
    ],
)
def test_yearly_publication_on_or_before_30_june_is_on_time(school, publish, published, expected):
    publish(school, "gen_name", YEAR, d(published))
    assert status(school, "gen_name", "2026-01-10").status == expected


def test_published_early_counts_as_on_time_before_the_deadline(school, publish):
    publish(school, "gen_name", YEAR, d("2025-05-02"))
    assert status(school, "gen_name", "2025-05-03").status == Status.ON_TIME


def test_deadline_changed_by_the_office_moves_the_status(school, publish):
    publish(school, "gen_name", YEAR, d("2025-07-10"))
    assert status(school, "gen_name", "2025-08-01").status == Status.LATE
    DisclosureRequirement.objects.filter(code="gen_name").update(deadline_month=7, deadline_day=15)
    assert status(school, "gen_name", "2025-08-01").status == Status.ON_TIME


# --- Within 10 working days of a change --------------------------------------------


def test_working_days_skip_weekends():
    assert add_working_days(d("2025-07-01"), 10) == d("2025-07-15")  # Tue -> Tue
    assert add_working_days(d("2025-07-04"), 10) == d("2025-07-18")  # Fri -> Fri
    assert add_working_days(d("2025-07-05"), 1) == d("2025-07-07")  # Sat -> Mon


def test_holidays_are_one_setting(settings):
    settings.DISCLOSURE_HOLIDAYS = ["2025-09-01", "2025-09-02"]
    assert add_working_days(d("2025-08-29"), 1) == d("2025-09-03")


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2025-07-14", Status.ON_TIME),
        ("2025-07-15", Status.ON_TIME),
        ("2025-07-16", Status.LATE),
    ],
)
def test_information_available_after_30_june_has_ten_working_days(
    school, publish, published, expected
):
    publish(school, "fin_prev_year_status", YEAR, d(published), changed_on=d("2025-07-01"))
    assert status(school, "fin_prev_year_status", "2025-08-01").status == expected


def test_working_day_window_follows_the_requirement(school, publish):
    DisclosureRequirement.objects.filter(code="fin_prev_year_status").update(working_days=5)
    publish(school, "fin_prev_year_status", YEAR, d("2025-07-10"), changed_on=d("2025-07-01"))
    assert status(school, "fin_prev_year_status", "2025-08-01").status == Status.LATE


def test_on_change_item_is_judged_from_the_change_date(school, publish):
    requirement = DisclosureRequirement.objects.get(code="fin_other_by_law")
    assert requirement.timing == TimingRule.ON_CHANGE
    # Optional ("khác theo quy định, nếu có"): nothing recorded is never overdue (rule 8).
    assert status(school, "fin_other_by_law", "2025-12-01").status == Status.OPTIONAL
    publish(school, requirement, YEAR, d("2025-11-20"), changed_on=d("2025-11-03"))
    assert status(school, "fin_other_by_law", "2025-12-01").status == Status.LATE


def test_later_update_does_not_change_the_status(school, publish):
    publish(school, "gen_name", YEAR, d("2025-06-20"))
    publish(school, "gen_name", YEAR, d("2025-10-20"), title="Tên trường (cập nhật)")
    cell = status(school, "gen_name", "2025-11-01")
    assert cell.status == Status.ON_TIME
    assert cell.published_on == d("2025-10-20")


# --- Monthly plan: by the 25th of the previous month --------------------------------


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2025-09-24", Status.ON_TIME),
        ("2025-09-25", Status.ON_TIME),
        ("2025-09-26", Status.LATE),
    ],
)
def test_monthly_plan_due_by_the_25th_of_the_month_before(preschool, publish, published, expected):
    publish(preschool, "mn_monthly_plan", "2025-10", d(published))
    assert period_status(preschool, "mn_monthly_plan", "2025-10", "2025-10-15") == expected


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        ("2025-09-25", Status.NOT_DUE),
        ("2025-09-26", Status.MISSING),
    ],
)
def test_missing_monthly_plan_is_overdue_after_the_25th(preschool, today, expected):
    assert period_status(preschool, "mn_monthly_plan", "2025-10", today) == expected


def test_monthly_cell_counts_the_months_due(preschool, publish):
    publish(preschool, "mn_monthly_plan", "2025-09", d("2025-08-20"))
    publish(preschool, "mn_monthly_plan", "2025-10", d("2025-09-27"))
    cell = status(preschool, "mn_monthly_plan", "2025-10-10")
    assert cell.status == Status.LATE
    assert (cell.done_count, cell.due_count) == (2, 2)
    assert cell.next_deadline == d("2025-10-25")


# --- Weekly plan and menu: by the Saturday before -------------------------------------


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2025-10-03", Status.ON_TIME),
        ("2025-10-04", Status.ON_TIME),  # Saturday
        ("2025-10-05", Status.LATE),
        ("2025-10-06", Status.LATE),
    ],
)
def test_weekly_items_due_by_the_saturday_before(preschool, publish, published, expected):
    # ISO week 2025-W41 starts on Monday 6/10/2025.
    publish(preschool, "mn_menu", "2025-W41", d(published))
    assert period_status(preschool, "mn_menu", "2025-W41", "2025-10-08") == expected


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        ("2025-10-04", Status.NOT_DUE),
        ("2025-10-05", Status.MISSING),
    ],
)
def test_missing_weekly_plan_is_overdue_from_sunday(preschool, today, expected):
    assert period_status(preschool, "mn_weekly_plan", "2025-W41", today) == expected


def test_secondary_school_menu_is_weekly_too(school, publish):
    publish(school, "pt_menu", "2025-W41", d("2025-10-04"))
    assert period_status(school, "pt_menu", "2025-W41", "2025-10-08") == Status.ON_TIME


# --- Không áp dụng --------------------------------------------------------------------


def test_conditional_item_marked_not_applicable(preschool, publish):
    publish(
        preschool,
        "mn_menu",
        YEAR,
        d("2025-08-15"),
        not_applicable=True,
        reason="Trường không tổ chức bán trú.",
    )
    cell = status(preschool, "mn_menu", "2025-12-01")
    assert cell.status == Status.NOT_APPLICABLE
    assert cell.is_done


def test_not_applicable_needs_a_conditional_item_and_a_reason(school):
    from publicity.models import DisclosurePage

    gen_name = DisclosureRequirement.objects.get(code="gen_name")
    page = DisclosurePage(
        title="x",
        slug="x",
        requirement=gen_name,
        period=YEAR,
        not_applicable=True,
        not_applicable_reason="",
    )
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "not_applicable" in error.value.message_dict
    assert "not_applicable_reason" in error.value.message_dict


def test_period_must_fit_the_timing_rule(preschool):
    from publicity.models import DisclosurePage

    monthly = DisclosureRequirement.objects.get(code="mn_monthly_plan")
    page = DisclosurePage(title="x", slug="x", requirement=monthly, period=YEAR, content="<p>a</p>")
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "period" in error.value.message_dict


# --- Looking back, levels, and query budget -----------------------------------------


def test_looking_back_ignores_later_publications(school, publish):
    publish(school, "gen_name", YEAR, d("2025-08-10"))
    assert status(school, "gen_name", "2025-08-01").status == Status.MISSING
    assert status(school, "gen_name", "2025-08-11").status == Status.LATE


def test_requirements_of_other_levels_have_no_cell(school, preschool):
    matrix = compute(YEAR, d("2025-12-01"), schools=[school, preschool])
    menu = DisclosureRequirement.objects.get(code="mn_menu")
    assert matrix.cell(school, menu) is None
    assert matrix.cell(preschool, menu) is not None


def test_unpublished_pages_do_not_count(school, publish):
    page = publish(school, "gen_name", YEAR, d("2025-06-10"))
    with LogContext(user=SuperuserFactory()):  # only a superuser may (rule 11)
        page.unpublish()
    today = timezone.localdate().isoformat()
    assert status(school, "gen_name", today).status == Status.MISSING
    # Looking back is looking at history (rule 5): it was online on 1/8/2025.
    assert status(school, "gen_name", "2025-08-01").status == Status.ON_TIME


def test_query_count_does_not_grow_with_schools(office, publish):
    schools = [make_school(f"THCS Số {n}", level="THCS", office=office) for n in range(2)]
    publish(schools[0], "gen_name", YEAR, d("2025-06-10"))

    def count():
        with CaptureQueriesContext(connection) as ctx:
            compute(YEAR, d("2025-12-01"))
        return len(ctx.captured_queries)

    small = count()
    schools += [make_school(f"TH Số {n}", level="TH", office=office) for n in range(4)]
    for school in schools[2:]:
        publish(school, "gen_name", YEAR, d("2025-07-10"))
    # Rules 2, 3, 5, 7 and 9 read changes, deferrals, publication history, calendars and
    # view restrictions: one query each, still flat in the number of schools.
    assert count() == small <= 8


def test_figures_count_published_over_due(school, publish):
    publish(school, "gen_name", YEAR, d("2025-06-10"))
    publish(school, "gen_history", YEAR, d("2025-07-10"))
    matrix = compute(YEAR, d("2025-07-20"), schools=[school])
    figures = matrix.school_summary(school)
    assert (figures.on_time, figures.late, figures.published) == (1, 1, 2)
    assert figures.due == figures.required - figures.not_due
    assert figures.total == len(matrix.school_cells(school))
    assert figures.percent_published == 100 * 2 // figures.due
    assert figures.percent_on_time == 100 // figures.due


def test_due_soon_lists_deadlines_within_30_days(preschool):
    matrix = compute(YEAR, d("2025-09-10"), schools=[preschool])
    rows = matrix.due_soon(30)
    assert rows and all(d("2025-09-10") <= row[0] <= d("2025-10-10") for row in rows)
    codes = {row[2].code for row in rows}
    assert {"mn_monthly_plan", "mn_weekly_plan", "mn_menu"} <= codes
    assert datetime.date(2025, 9, 25) in {row[0] for row in rows}


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2025-05-31", "2024-2025"),
        ("2025-06-01", "2025-2026"),
        ("2025-07-31", "2025-2026"),
        ("2025-08-01", "2025-2026"),
        ("2026-01-15", "2025-2026"),
    ],
)
def test_default_period_switches_in_june(day, expected):
    from publicity.models import disclosure_year_of

    assert disclosure_year_of(d(day)) == expected


def test_default_period_is_used_when_none_is_given(school, publish):
    publish(school, "gen_name", YEAR, d("2025-06-20"))
    matrix = compute(today=d("2025-07-05"), schools=[school])
    assert matrix.school_year == YEAR
    assert matrix.cell(school, DisclosureRequirement.objects.get(code="gen_name")).status == (
        Status.ON_TIME
    )
