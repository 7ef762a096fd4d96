"""Issue 23: periods read as people say them, everywhere; editors pick them from a
labelled list, the current school year first."""

import re

from django.urls import reverse
from django.utils import timezone

import pytest

from publicity.models import DisclosureIndexPage, DisclosureRequirement
from publicity.periods import disclosure_year_of, period_choices, period_help, period_label

from .conftest import d


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("2026-2027", "Năm học 2026–2027"),
        ("2026-12", "Tháng 12/2026"),
        ("2026-09", "Tháng 9/2026"),
        ("2026-W50", "Tuần 50 (07/12–13/12/2026)"),
        ("2025-W50", "Tuần 50 (08/12–14/12/2025)"),
        # Weeks across the new year say both years.
        ("2026-W53", "Tuần 53 (28/12/2026–03/01/2027)"),
        ("2025-W01", "Tuần 1 (30/12/2024–05/01/2025)"),
        ("cu-2019", "cu-2019"),  # a legacy value stays as it was typed
    ],
)
def test_periods_read_as_people_say_them(code, label):
    assert period_label(code) == label


def test_the_list_starts_with_the_current_school_year():
    groups = period_choices("yearly", d("2026-12-07"))
    (years,) = groups
    codes = [code for code, _label in years[1]]
    assert codes[:3] == ["2026-2027", "2027-2028", "2025-2026"]
    assert dict(years[1])["2026-2027"] == "Năm học 2026–2027"
    assert "2023-2024" not in codes  # before the circular


def test_weekly_items_offer_the_weeks_of_this_school_year_first():
    groups = period_choices("weekly", d("2026-12-07"))
    first_label, weeks = groups[0]
    assert "2026–2027" in first_label
    assert ("2026-W50", "Tuần 50 (07/12–13/12/2026)") in weeks
    assert all(not code.startswith("2026-2") for code, _label in weeks)  # no school years
    assert "2025–2026" in groups[1][0]  # last year's weeks, for a late one


def test_the_help_gives_examples_of_the_current_year():
    text = period_help(d("2026-12-07"))
    assert "Năm học 2026–2027" in text and "Tháng 9/2026" in text
    assert not re.search(r"\d{4}-W\d\d|\d{4}-\d\d\b", text)  # no code to copy


def test_the_editor_picks_a_labelled_period_never_a_code(client, school, editor):
    client.force_login(editor)
    url = reverse(
        "wagtailadmin_pages:add",
        args=("publicity", "disclosurepage", DisclosureIndexPage.of_school(school).pk),
    )
    html = client.get(url, {"yeu_cau": "pt_menu", "ky": "2025-W41"}).content.decode()
    select = html.split('name="period"')[1].split("</select>")[0]
    assert '<option value="2025-W41" selected>Tuần 41 (06/10–12/10/2025)</option>' in select
    assert ">2025-W41<" not in select
    groups = re.findall(r'<optgroup label="([^"]+)"', select)
    # The weeks first; the school years last, for a "không áp dụng" mark (a conditional item).
    assert groups[0].startswith("Tuần – ") and groups[-1] == "Năm học"
    assert '<input type="text" name="period"' not in html


def test_public_pages_and_the_admin_show_labels(client, school, publish, superuser):
    publish(school, "pt_menu", "2025-W41", d("2025-10-03"), title="Thực đơn tuần")
    publish(school, "gen_name", "2025-2026", d("2025-06-20"), title="Tên trường")
    html = client.get("/cong-khai/", HTTP_HOST=school.site.hostname).content.decode()
    assert "Tuần 41 (06/10–12/10/2025)" in html and "Năm học 2025–2026" in html
    assert "2025-W41" not in html
    item = client.get("/cong-khai/muc/pt_menu/", HTTP_HOST=school.site.hostname)
    assert "Tuần 41 (06/10–12/10/2025)" in item.content.decode()
    client.force_login(superuser)
    html = client.get(
        reverse("publicity_school", args=[school.pk]),
        {"nam_hoc": "2025-2026", "ngay": "2025-10-10"},
    ).content.decode()
    assert "Tuần 41 (06/10–12/10/2025)" in html and ">2025-W41<" not in html
    requirement = DisclosureRequirement.objects.get(code="pt_menu")
    assert requirement.title in html


def test_a_deferral_and_a_calendar_take_a_school_year_from_a_labelled_list(client, school, editor):
    client.force_login(editor)
    form = client.get(reverse("chua-ban-hanh:add")).context["form"]
    choices = list(form.fields["school_year"].choices)
    current = disclosure_year_of(timezone.localdate())
    assert choices[0] == (current, period_label(current))
    assert all(label.startswith("Năm học ") for _code, label in choices)
