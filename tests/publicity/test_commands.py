import csv
import io

from django.core import mail
from django.core.management import CommandError, call_command

import pytest

from publicity.compliance import Status, compute
from publicity.demo import seed_disclosures
from publicity.figures import COLUMNS
from publicity.models import DisclosurePage, DisclosureRequirement
from sites.roles import OfficeRole, SchoolRole
from tests.factories import UserFactory, make_office_user, make_school

from .conftest import d

YEAR = "2025-2026"


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


# --- compliance_report ---------------------------------------------------------------


def test_report_prints_csv_one_row_per_school(school, other_school, publish):
    publish(school, "gen_name", YEAR, d("2025-07-02"))
    out, _err = run(
        "compliance_report", "--period", YEAR, "--format", "csv", "--as-of", "2025-09-01"
    )
    rows = list(csv.reader(io.StringIO(out)))
    assert len(rows) == 3
    assert len(rows[0]) == 2 + len(COLUMNS) + DisclosureRequirement.objects.in_force().count()
    row = next(r for r in rows if r[0] == school.name)
    assert "Trễ hạn" in row
    assert "Chưa công khai – quá hạn" in row


def test_report_writes_xlsx(tmp_path, school):
    from openpyxl import load_workbook

    target = tmp_path / "bao-cao.xlsx"
    run("compliance_report", "--period", YEAR, "--format", "xlsx", "--output", str(target))
    book = load_workbook(target)
    cover = [row for row in book["Bìa"].iter_rows(values_only=True) if row]
    assert ("Đơn vị", school.office.name) in [row[:2] for row in cover]
    rows = list(book["Xếp hạng trường"].iter_rows(values_only=True))
    assert rows[2][0] == school.name


@pytest.mark.parametrize(
    "args",
    [
        ("--period", "2025"),
        ("--as-of", "30/06/2025"),
        ("--format", "xlsx"),
    ],
)
def test_report_refuses_bad_input_in_vietnamese(db, args):
    with pytest.raises(CommandError) as error:
        run("compliance_report", *args)
    assert any(word in str(error.value) for word in ("không hợp lệ", "cần --output"))


# --- Reminders -------------------------------------------------------------------------


@pytest.fixture
def people(school, other_school, school_user):
    editor = school_user(SchoolRole.EDITOR)
    principal = school_user(SchoolRole.PRINCIPAL)
    teacher = school_user(SchoolRole.TEACHER)
    other = school_user(SchoolRole.EDITOR, target=other_school)
    inspector = make_office_user(school.office, OfficeRole.INSPECTOR, "thanhtra")
    return editor, principal, teacher, other, inspector


def test_reminders_go_to_editors_and_principal_and_office_summary(people, school, publish):
    editor, principal, teacher, other, inspector = people
    publish(school, "gen_name", YEAR, d("2025-06-10"))
    run("send_disclosure_reminders", "--as-of", "2025-07-05")
    to_school = next(m for m in mail.outbox if editor.email in m.to)
    assert principal.email in to_school.to and teacher.email not in to_school.to
    assert other.email not in to_school.to
    assert "Chưa công khai – đã quá hạn" in to_school.body
    assert "Tóm tắt quá trình hình thành và phát triển" in to_school.body
    assert "Tên cơ sở giáo dục" not in to_school.body  # published on time
    summary = next(m for m in mail.outbox if inspector.email in m.to)
    assert school.name in summary.body and "Tỷ lệ đã công khai" in summary.body
    assert len(mail.outbox) == 3  # two schools, one summary


def test_reminders_list_items_due_soon(people, office):
    preschool = make_school("MN Sen Hồng", level="MN", office=office)
    editor = UserFactory(email="bientap-mn@example.test")
    editor.groups.add(preschool.group_for(SchoolRole.EDITOR))
    run("send_disclosure_reminders", "--as-of", "2025-09-20")
    message = next(m for m in mail.outbox if editor.email in m.to)
    assert (
        "Sắp đến hạn" in message.body and "Kế hoạch giáo dục tháng (Tháng 10/2025)" in message.body
    )
    assert "2025-10" not in message.body and "2025-W" not in message.body


def test_dry_run_sends_nothing(people):
    out, _err = run("send_disclosure_reminders", "--dry-run", "--as-of", "2025-07-05")
    assert mail.outbox == []
    assert "Sẽ gửi 3 thư." in out and "[Công khai]" in out


def test_background_task_sends_the_same_digests(people):
    from publicity.tasks import send_disclosure_reminders

    result = send_disclosure_reminders.enqueue(as_of="2025-07-05")
    assert result.return_value == 3
    assert len(mail.outbox) == 3


# --- Open data --------------------------------------------------------------------------


def test_open_data_summarises_every_school(client, school, other_school, publish):
    publish(school, "gen_name", YEAR, d("2025-06-10"))
    response = client.get("/du-lieu-mo/cong-khai.json", {"nam_hoc": YEAR, "ngay": "2025-07-05"})
    assert response.status_code == 200
    data = response.json()
    assert data["school_year"] == YEAR and data["catalogue"] == "TT09/2024"
    assert {s["slug"] for s in data["schools"]} == {school.slug, other_school.slug}
    mine = next(s for s in data["schools"] if s["slug"] == school.slug)
    assert mine["figures"]["on_time"] == 1 and mine["statuses"][Status.ON_TIME] == 1
    assert mine["figures"]["published"] == 1
    assert data["office"]["schools"] == 2


def test_open_data_is_served_by_the_portal_only(client, school):
    response = client.get("/du-lieu-mo/cong-khai.json", HTTP_HOST=school.site.hostname)
    assert response.status_code == 404
    portal = client.get("/du-lieu-mo/cong-khai.json", HTTP_HOST=school.office.domain)
    assert portal.status_code == 200


# --- Demo data ----------------------------------------------------------------------------


def test_demo_seed_gives_a_realistic_mix(office):
    schools = [
        make_school(f"Trường Mẫu {n}", level=level, office=office)
        for n, level in enumerate(["THCS", "TH", "MN", "THCS", "TH-THCS", "MN"])
    ]
    today = d("2025-11-20")
    assert seed_disclosures(schools, today=today) > 0
    matrix = compute(YEAR, today, schools=schools)
    percents = [matrix.school_summary(s).percent_published for s in schools]
    assert 100 in percents and any(p < 100 for p in percents)
    figures = matrix.office_summary()
    assert figures.on_time and figures.late and figures.overdue and figures.not_applicable
    assert DisclosurePage.objects.filter(live=True).count() > 0
