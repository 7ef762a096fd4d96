"""Issue 11: one test (at least) per rule the engine must follow, on dates that cross Tết,
30/4–1/5, Quốc khánh and a swapped day, in more than one year."""

import datetime
import io

from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.log_actions import LogContext
from wagtail.models import Page, PageLogEntry, PageViewRestriction

import pytest

from publicity.compliance import Status, compute
from publicity.models import (
    DisclosureChange,
    DisclosureDeferral,
    DisclosureIndexPage,
    DisclosurePage,
    DisclosureRequirement,
    SchoolBreak,
    SchoolYearCalendar,
)
from publicity.reminders import build_digests
from publicity.school_calendar import national_default
from publicity.visibility import backfill_publication_history
from publicity.working_days import add_working_days, holiday_name, is_working_day
from sites.roles import SchoolRole
from tests.factories import SuperuserFactory

from .conftest import d


def cell(school, code, today, year):
    requirement = DisclosureRequirement.objects.get(code=code)
    return compute(year, d(today), schools=[school]).cell(school, requirement)


# --- Rule 1: Vietnamese working days ------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "expected", "why"),
    [
        # 30/4, 1/5 and the swapped Friday 2/5/2025 off; Saturday 26/4/2025 is worked.
        ("2025-04-25", "2025-05-13", "30/4–1/5 2025 + swapped day"),
        # 2024: Monday 29/4 off (swapped), worked on Saturday 4/5/2024.
        ("2024-04-26", "2024-05-14", "30/4–1/5 2024 + swapped day"),
        ("2025-01-24", "2025-02-14", "Tết Ất Tỵ 2025"),
        ("2026-02-13", "2026-03-06", "Tết Bính Ngọ 2026"),
        ("2025-08-29", "2025-09-16", "Quốc khánh 2025 (1–2/9)"),
        ("2024-08-30", "2024-09-17", "Quốc khánh 2024 (2–3/9)"),
    ],
)
def test_ten_working_days_follow_the_vietnamese_calendar(start, expected, why):
    assert add_working_days(d(start), 10) == d(expected), why


def test_make_up_saturday_is_a_working_day_and_the_swapped_friday_is_not():
    assert is_working_day(d("2025-04-26"))  # Saturday, worked
    assert not is_working_day(d("2025-05-02"))  # Friday, off
    assert not is_working_day(d("2026-02-17"))  # Tết, lunar date computed
    assert holiday_name(d("2026-02-17"))


def test_local_days_off_are_added_to_the_national_ones(settings):
    settings.DISCLOSURE_HOLIDAYS = ["2025-05-05"]
    assert add_working_days(d("2025-04-25"), 10) == d("2025-05-14")
    settings.DISCLOSURE_HOLIDAYS = []
    assert add_working_days(d("2025-04-25"), 10) == d("2025-05-13")


def test_a_change_window_is_judged_in_working_days(school, publish):
    # Changed Friday 29/8/2025, 10 working days across Quốc khánh: due 16/9/2025.
    publish(school, "gen_name", "2025-2026", d("2025-06-20"))
    change = DisclosureChange.objects.create(
        school=school,
        requirement=DisclosureRequirement.objects.get(code="gen_name"),
        changed_on=d("2025-08-29"),
        description="Đổi tên trường",
    )
    publish(school, "gen_name", "2025-2026", d("2025-09-16"), change=change)
    assert cell(school, "gen_name", "2025-10-01", "2025-2026").status == Status.ON_TIME


# --- Rule 2: every change is its own event ------------------------------------------------


def test_each_recorded_change_opens_its_own_window(school, publish):
    code = "gen_org_leader_appointments"
    requirement = DisclosureRequirement.objects.get(code=code)
    publish(school, code, "2025-2026", d("2025-06-20"))
    principal = DisclosureChange.objects.create(
        school=school,
        requirement=requirement,
        changed_on=d("2025-08-29"),
        description="Bổ nhiệm hiệu trưởng mới",
    )
    deputy = DisclosureChange.objects.create(
        school=school,
        requirement=requirement,
        changed_on=d("2026-04-24"),
        description="Bổ nhiệm phó hiệu trưởng",
    )
    # Deputy: 24/4/2026 + 10 working days across Giỗ Tổ (27/4), 30/4 and 1/5 = 13/5/2026.
    publish(school, code, "2025-2026", d("2026-05-13"), change=deputy)
    assert cell(school, code, "2026-05-20", "2025-2026").status == Status.MISSING  # principal
    publish(school, code, "2025-2026", d("2025-09-17"), change=principal)  # one day late
    result = cell(school, code, "2026-05-20", "2025-2026")
    assert result.status == Status.LATE
    (late,) = result.worst()
    assert late.change_id == principal.pk
    assert "Bổ nhiệm hiệu trưởng mới" in late.explain(d("2026-05-20"))
    assert "16/09/2025" in late.explain(d("2026-05-20"))


def test_a_version_tied_to_no_change_is_a_correction(school, publish):
    code = "gen_history"
    publish(school, code, "2025-2026", d("2025-06-20"))
    publish(school, code, "2025-2026", d("2025-12-01"), title="Đính chính")
    assert cell(school, code, "2025-12-05", "2025-2026").status == Status.ON_TIME


def test_a_change_not_yet_published_is_not_due_inside_its_window(school, publish):
    code = "gen_name"
    publish(school, code, "2024-2025", d("2024-07-25"))
    DisclosureChange.objects.create(
        school=school,
        requirement=DisclosureRequirement.objects.get(code=code),
        changed_on=d("2025-01-24"),
        description="Sáp nhập điểm trường",
    )
    # Across Tết 2025 the window closes on 14/2/2025.
    inside = cell(school, code, "2025-02-14", "2024-2025")
    assert inside.status == Status.ON_TIME  # nothing is wrong yet
    assert [p.status for p in inside.periods if p.change_id] == [Status.NOT_DUE]
    assert cell(school, code, "2025-02-15", "2024-2025").status == Status.MISSING


# --- Rule 3: information that did not exist by 30/6 --------------------------------------


def test_not_yet_issued_is_not_due_then_due_after_it_came_into_being(school, publish):
    code = "pt_school_education_plan"
    requirement = DisclosureRequirement.objects.get(code=code)
    DisclosureDeferral.objects.create(
        school=school,
        requirement=requirement,
        school_year="2025-2026",
        expected_on=d("2025-08-15"),
        reason="Chờ Sở phê duyệt",
        declared_on=d("2025-06-20"),
    )
    assert cell(school, code, "2025-07-01", "2025-2026").status == Status.NOT_DUE
    # Expected 15/8: due 29/8; nothing published by 1/9 → overdue.
    missing = cell(school, code, "2025-09-01", "2025-2026")
    assert missing.status == Status.MISSING
    assert "Chờ Sở phê duyệt" in missing.periods[0].explain(d("2025-09-01"))
    # Adopted 20/8: 10 working days across Quốc khánh → 5/9/2025.
    publish(school, code, "2025-2026", d("2025-09-05"), changed_on=d("2025-08-20"))
    assert cell(school, code, "2025-09-10", "2025-2026").status == Status.ON_TIME


def test_came_into_being_in_another_year_crosses_tet(school, publish):
    code = "pt_res_enrollment"
    publish(school, code, "2026-2027", d("2026-07-15"), changed_on=d("2026-07-01"))
    assert cell(school, code, "2026-08-01", "2026-2027").status == Status.ON_TIME
    publish(school, "pt_enrollment_plan", "2026-2027", d("2026-07-16"), changed_on=d("2026-06-01"))
    # Existed before 30/6: the 30/6 deadline stands.
    assert cell(school, "pt_enrollment_plan", "2026-08-01", "2026-2027").status == Status.LATE


# --- Rule 4: the circular's own start ------------------------------------------------------


@pytest.mark.parametrize(
    ("published", "today", "expected"),
    [
        (None, "2024-06-30", Status.NOT_DUE),
        (None, "2024-07-18", Status.NOT_DUE),
        (None, "2024-08-02", Status.NOT_DUE),
        (None, "2024-08-03", Status.MISSING),
        ("2024-08-02", "2024-09-01", Status.ON_TIME),
        ("2024-08-05", "2024-09-01", Status.LATE),
    ],
)
def test_first_year_items_are_due_ten_working_days_after_19_july_2024(
    school, publish, published, today, expected
):
    if published:
        publish(school, "gen_name", "2024-2025", d(published))
    result = cell(school, "gen_name", today, "2024-2025")
    assert result.status == expected
    assert result.periods[0].deadline == d("2024-08-02")
    assert "19/07/2024" in result.periods[0].explain(d(today))


def test_the_second_year_is_due_on_30_june(school):
    assert cell(school, "gen_name", "2025-07-01", "2025-2026").status == Status.MISSING


# --- Rule 5: history -----------------------------------------------------------------------


def test_status_as_of_a_past_day_is_what_was_online_then(school, publish, superuser):
    page = publish(school, "gen_name", "2025-2026", d("2025-06-20"))
    with LogContext(user=superuser):
        page.unpublish()
    today = timezone.localdate().isoformat()
    assert cell(school, "gen_name", "2025-09-03", "2025-2026").status == Status.ON_TIME
    assert cell(school, "gen_name", today, "2025-2026").status == Status.MISSING


def test_a_draft_never_published_never_counts(school):
    index = DisclosureIndexPage.of_school(school)
    requirement = DisclosureRequirement.objects.get(code="gen_name")
    draft = DisclosurePage(
        title="Bản nháp",
        requirement=requirement,
        period="2025-2026",
        content="<p>x</p>",
        live=False,
    )
    index.add_child(instance=draft)
    draft.save_revision()
    assert cell(school, "gen_name", "2025-09-03", "2025-2026").status == Status.MISSING


def test_disclosures_without_history_get_it_backfilled(school, publish):
    page = publish(school, "gen_name", "2025-2026", d("2025-06-20"), with_revision=False)
    assert PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.publish").exists()
    PageLogEntry.objects.filter(page_id=page.pk).delete()
    assert cell(school, "gen_name", "2025-09-03", "2025-2026").status == Status.MISSING
    assert backfill_publication_history() == 1
    assert cell(school, "gen_name", "2025-09-03", "2025-2026").status == Status.ON_TIME


# --- Rule 6: versions ----------------------------------------------------------------------


def test_a_newer_version_keeps_the_on_time_original_and_its_archive(client, school, publish):
    publish(school, "gen_name", "2025-2026", d("2025-06-20"), title="Tên trường (bản gốc)")
    publish(school, "gen_name", "2025-2026", d("2026-02-13"), title="Tên trường (bản mới)")
    result = cell(school, "gen_name", "2026-03-01", "2025-2026")
    assert result.status == Status.ON_TIME
    assert result.periods[0].decided_on == d("2025-06-20")
    html = client.get("/cong-khai/muc/gen_name/", HTTP_HOST=school.site.hostname).content.decode()
    assert "Tên trường (bản gốc)" in html and "Tên trường (bản mới)" in html


# --- Rule 7: weeks and months with no school -----------------------------------------------


@pytest.mark.parametrize(
    ("year", "tet_week"),
    [("2024-2025", "2025-W05"), ("2025-2026", "2026-W08")],
)
def test_the_tet_week_is_not_owed(preschool, year, tet_week):
    result = cell(preschool, "mn_weekly_plan", "2026-07-01", year)
    periods = [p.period for p in result.periods]
    assert tet_week not in periods
    assert len(periods) > 30


def test_the_office_calendar_sets_the_teaching_weeks_and_months(preschool, office):
    calendar = SchoolYearCalendar.objects.create(
        office=office,
        school_year="2025-2026",
        first_day=d("2025-09-08"),
        semester_one_end=d("2026-01-16"),
        last_day=d("2026-05-22"),
    )
    SchoolBreak.objects.create(
        calendar=calendar, name="Nghỉ Tết dài", start=d("2026-02-09"), end=d("2026-02-27")
    )
    weekly = [
        p.period for p in cell(preschool, "mn_weekly_plan", "2026-07-01", "2025-2026").periods
    ]
    assert "2025-W36" not in weekly  # before the first day (8/9)
    assert "2025-W37" in weekly
    assert not {"2026-W07", "2026-W08", "2026-W09"} & set(weekly)  # the break
    monthly = [
        p.period for p in cell(preschool, "mn_monthly_plan", "2026-07-01", "2025-2026").periods
    ]
    assert monthly[0] == "2025-09" and monthly[-1] == "2026-05"


def test_a_break_never_stretches_a_working_day_window(school, office, publish):
    calendar = SchoolYearCalendar.objects.create(
        office=office,
        school_year="2025-2026",
        first_day=d("2025-09-05"),
        semester_one_end=d("2026-01-16"),
        last_day=d("2026-05-29"),
    )
    SchoolBreak.objects.create(
        calendar=calendar, name="Nghỉ Tết dài", start=d("2026-02-09"), end=d("2026-02-27")
    )
    requirement = DisclosureRequirement.objects.get(code="gen_name")
    publish(school, requirement, "2025-2026", d("2025-06-20"))
    DisclosureChange.objects.create(
        school=school,
        requirement=requirement,
        changed_on=d("2026-02-06"),
        description="Đổi tên",
    )
    # 9–13/2 count (a break is not a holiday), 16–20/2 is Tết: due 27/2/2026.
    inside = cell(school, "gen_name", "2026-02-27", "2025-2026")
    assert [p.deadline for p in inside.periods if p.change_id] == [d("2026-02-27")]
    assert cell(school, "gen_name", "2026-02-28", "2025-2026").status == Status.MISSING


def test_national_default_calendar_defines_the_semesters():
    calendar = national_default("2025-2026")
    assert calendar.semester_range("hk1") == (d("2025-09-05"), d("2026-01-17"))
    assert calendar.semester_range("hk2") == (d("2026-01-18"), d("2026-05-31"))


# --- Rule 8: optional and conditional items ------------------------------------------------


def test_optional_items_are_never_overdue_when_absent(school):
    result = cell(school, "gen_other_documents", "2026-05-01", "2025-2026")
    assert result.status == Status.OPTIONAL and not result.is_due


def test_conditional_items_are_owed_unless_marked_not_applicable(school, publish):
    assert cell(school, "pt_menu", "2025-10-01", "2025-2026").status == Status.MISSING
    publish(
        school,
        "pt_menu",
        "2025-2026",
        d("2025-08-20"),
        not_applicable=True,
        reason="Trường không tổ chức bán trú",
    )
    result = cell(school, "pt_menu", "2025-10-01", "2025-2026")
    assert result.status == Status.NOT_APPLICABLE
    assert "Trường không tổ chức bán trú" in result.periods[0].explain(d("2025-10-01"))


# --- Rule 9: disclosed means publicly visible -----------------------------------------------


def test_restricted_or_expired_disclosures_are_not_disclosed(client, school, publish, superuser):
    today = timezone.localdate()
    year = "2025-2026"
    page = publish(school, "gen_name", year, d("2025-06-20"))
    other = publish(school, "gen_history", year, d("2025-06-20"))
    assert cell(school, "gen_name", today.isoformat(), year).status == Status.ON_TIME
    with LogContext(user=superuser):
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="bimat"
        )
    assert cell(school, "gen_name", today.isoformat(), year).status == Status.MISSING
    DisclosurePage.objects.filter(pk=other.pk).update(expired=True)
    assert cell(school, "gen_history", today.isoformat(), year).status == Status.MISSING
    # The open data says the same.
    data = client.get(
        "/du-lieu-mo/cong-khai.json", {"nam_hoc": year}, HTTP_HOST=school.office.domain
    ).json()
    mine = next(s for s in data["schools"] if s["slug"] == school.slug)
    assert mine["items"]["gen_name"] == Status.MISSING
    assert mine["items"]["gen_history"] == Status.MISSING


def test_a_restriction_on_an_ancestor_hides_the_disclosure(school, publish, superuser):
    publish(school, "gen_name", "2025-2026", d("2025-06-20"))
    with LogContext(user=superuser):
        PageViewRestriction.objects.create(
            page=DisclosureIndexPage.of_school(school), restriction_type=PageViewRestriction.LOGIN
        )
    today = timezone.localdate().isoformat()
    assert cell(school, "gen_name", today, "2025-2026").status == Status.MISSING


def test_reminders_count_a_restricted_disclosure_as_missing(school, publish, superuser):
    page = publish(school, "gen_name", "2025-2026", d("2025-06-20"))
    with LogContext(user=superuser):
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    _matrix, digests = build_digests(timezone.localdate())
    digest = next(x for x in digests if x.school == school)
    assert "gen_name" in {r.code for r, _p, _d in digest.missing}


# --- Rule 10: every verdict explains itself -------------------------------------------------


def test_every_cell_explains_rule_deadline_and_date(client, school, publish, school_user):
    publish(school, "gen_name", "2025-2026", d("2025-07-03"))
    result = cell(school, "gen_name", "2025-08-01", "2025-2026").periods[0]
    text = result.explain(d("2025-08-01"))
    assert "30/06/2025" in text and "03/07/2025" in text and "trễ 3 ngày" in text
    principal = school_user(SchoolRole.PRINCIPAL)
    client.force_login(principal)
    html = client.get(
        reverse("publicity_school", args=[school.pk]),
        {"nam_hoc": "2025-2026", "ngay": "2025-08-01"},
    ).content.decode()
    assert "trễ 3 ngày" in html


# --- Rule 11: five years means five years ---------------------------------------------------


def test_scheduled_expiry_never_takes_a_disclosure_offline(school, publish):
    page = publish(school, "gen_name", "2025-2026", d("2025-06-20"))
    past = timezone.now() - datetime.timedelta(hours=1)
    DisclosurePage.objects.filter(pk=page.pk).update(expire_at=past)  # a legacy row
    out = io.StringIO()
    call_command("publish_scheduled", stdout=out)
    assert "chưa đủ 5 năm" in out.getvalue()
    page.refresh_from_db()
    assert page.live and page.expire_at is None


def test_an_expiry_inside_five_years_is_refused_by_the_model(school, publish):
    page = publish(school, "gen_name", "2025-2026", d("2025-06-20"))
    page.expire_at = timezone.now() + datetime.timedelta(days=30)
    with pytest.raises(Exception, match="5 năm"):
        page.full_clean()
    page.save()
    page.refresh_from_db()
    assert page.expire_at is None


def test_unpublish_by_script_or_plain_page_is_refused(school, publish):
    page = publish(school, "gen_name", "2025-2026", d("2025-06-20"))
    with pytest.raises(PermissionDenied):
        Page.objects.get(pk=page.pk).unpublish()
    assert DisclosurePage.objects.get(pk=page.pk).live


def test_moving_a_disclosure_away_is_refused(school, other_school, publish, superuser):
    page = publish(school, "gen_name", "2025-2026", d("2025-06-20"))
    with pytest.raises(PermissionDenied):
        page.move(DisclosureIndexPage.of_school(other_school), pos="last-child")
    with LogContext(user=superuser):
        page.move(DisclosureIndexPage.of_school(other_school), pos="last-child")


def test_view_restriction_above_a_disclosure_is_refused(school, publish):
    publish(school, "gen_name", "2025-2026", d("2025-06-20"))
    with pytest.raises(PermissionDenied):
        PageViewRestriction.objects.create(
            page=school.home_page, restriction_type=PageViewRestriction.LOGIN
        )


def test_principal_has_no_move_or_privacy_on_a_recent_disclosure(school, school_user, publish):
    page = publish(school, "gen_name", "2025-2026", d("2025-06-20"))
    principal = school_user(SchoolRole.PRINCIPAL)
    tester = page.permissions_for_user(principal)
    assert not tester.can_move() and not tester.can_set_view_restrictions()
    index_tester = DisclosureIndexPage.of_school(school).permissions_for_user(principal)
    assert not index_tester.can_set_view_restrictions()
    assert page.permissions_for_user(SuperuserFactory()).can_set_view_restrictions()


def test_admin_unpublish_and_bulk_unpublish_are_refused(client, school, school_user, publish):
    page = publish(school, "gen_name", "2025-2026", d("2025-06-20"))
    client.force_login(school_user(SchoolRole.PRINCIPAL))
    response = client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))
    assert response.status_code in (302, 403)
    assert DisclosurePage.objects.get(pk=page.pk).live
    bulk = (
        reverse("wagtail_bulk_action", args=("wagtailcore", "page", "unpublish")) + f"?id={page.pk}"
    )
    response = client.post(bulk, {"include_descendants": "on"})
    assert response.status_code == 302
    notes = [str(m) for m in get_messages(response.wsgi_request)]
    # Refused by the permission tester (or, for plain pages, by the hook): nothing unpublished.
    assert any("5 năm" in note or " 0 trang" in note for note in notes), notes
    assert DisclosurePage.objects.get(pk=page.pk).live
