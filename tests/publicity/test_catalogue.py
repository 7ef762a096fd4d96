from django.core.management import call_command

import pytest

from publicity.models import DisclosureCatalogue, DisclosureRequirement, TimingRule
from sites.levels import Stage
from tests.factories import make_school


def codes_for(school):
    return {r.code for r in DisclosureRequirement.objects.in_force() if r.applies_to(school.stages)}


@pytest.mark.django_db
def test_fresh_database_has_the_tt09_catalogue():
    catalogue = DisclosureCatalogue.objects.current()
    assert catalogue.version == "TT09/2024"
    assert catalogue.requirements.count() == 73
    menu = DisclosureRequirement.objects.get(code="mn_menu")
    assert menu.timing == TimingRule.WEEKLY and menu.is_conditional
    assert DisclosureRequirement.objects.get(code="mn_monthly_plan").deadline_day == 25


@pytest.mark.django_db
def test_loading_again_creates_nothing_and_keeps_office_edits():
    requirement = DisclosureRequirement.objects.get(code="gen_name")
    requirement.title = "Tên trường (đã sửa)"
    requirement.save()
    call_command("load_disclosure_catalogue")
    assert DisclosureRequirement.objects.count() == 73
    requirement.refresh_from_db()
    assert requirement.title == "Tên trường (đã sửa)"


def test_multi_level_school_gets_both_levels_items(office):
    school = make_school("TH và THCS Cẩm Hà", level="TH-THCS", office=office)
    assert set(school.stages) == {Stage.PRIMARY, Stage.LOWER_SECONDARY}
    codes = codes_for(school)
    assert {
        "gen_name",
        "fin_fees_charges",
        "pt_enrollment_plan",
        "pt_menu",
        "annual_report",
    } <= codes
    assert not any(code.startswith(("mn_", "tx_")) for code in codes)


def test_preschool_gets_menu_and_monthly_and_weekly_plans(preschool):
    codes = codes_for(preschool)
    assert {"mn_menu", "mn_monthly_plan", "mn_weekly_plan", "gen_name"} <= codes
    assert not any(code.startswith(("pt_", "tx_")) for code in codes)


def test_retired_requirement_leaves_the_checklist(school):
    DisclosureRequirement.objects.filter(code="pt_menu").update(is_retired=True)
    assert "pt_menu" not in codes_for(school)
