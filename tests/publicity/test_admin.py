import csv
import io

from django.urls import reverse
from django.utils import timezone

import pytest

from publicity.figures import COLUMNS
from publicity.models import DisclosurePage, DisclosureRequirement
from publicity.periods import disclosure_year_of
from sites.roles import OfficeRole, SchoolRole
from tests.factories import make_office_user

from .conftest import d

YEAR = "2025-2026"
AS_OF = "2025-10-10"


@pytest.fixture
def inspector(office):
    return make_office_user(office, OfficeRole.INSPECTOR)


@pytest.fixture
def office_admin(office):
    return make_office_user(office, OfficeRole.ADMINISTRATOR)


def dashboard(client, **params):
    return client.get(reverse("publicity_dashboard"), {"nam_hoc": YEAR, "ngay": AS_OF, **params})


# --- Permissions ---------------------------------------------------------------------


def test_office_roles_open_the_dashboard(client, school, inspector, office_admin, superuser):
    for user in (inspector, office_admin, superuser):
        client.force_login(user)
        response = dashboard(client)
        assert response.status_code == 200
        assert school.name in response.content.decode()


@pytest.mark.parametrize("role", list(SchoolRole))
def test_school_users_get_403_on_the_dashboard(client, school_user, role):
    client.force_login(school_user(role))
    assert dashboard(client).status_code == 403
    assert dashboard(client, format="xlsx").status_code == 403


def test_school_user_sees_only_their_own_school(client, school, other_school, editor):
    client.force_login(editor)
    own = client.get(reverse("publicity_school", args=[school.pk]))
    assert own.status_code == 200
    # 404: another school's object, refused by sites/admin_guard.py before the view.
    assert client.get(reverse("publicity_school", args=[other_school.pk])).status_code == 404


def test_inspector_drills_down_into_any_school(client, school, other_school, inspector, publish):
    publish(other_school, "gen_name", YEAR, d("2025-06-20"), title="Tên trường Lê Độ")
    client.force_login(inspector)
    html = client.get(
        reverse("publicity_school", args=[other_school.pk]), {"nam_hoc": YEAR, "ngay": AS_OF}
    ).content.decode()
    assert "Tên trường Lê Độ" in html  # history
    assert "Đúng hạn" in html and "Chưa công khai – quá hạn" in html


def test_inspector_sees_no_post_buttons_the_principal_does(client, school, inspector, school_user):
    """Only what a person may do: the inspector reads a school's Công khai, and is not
    offered "Đăng" buttons that end in "Bạn không có quyền…"; the principal is."""
    add = reverse("wagtailadmin_pages:add", args=("publicity", "disclosurepage", 1))
    add_prefix = add.rsplit("/", 3)[0]  # …/pages/add/publicity
    url = reverse("publicity_school", args=[school.pk])
    client.force_login(inspector)
    html = client.get(url, {"nam_hoc": YEAR, "ngay": AS_OF}).content.decode()
    assert "Chưa công khai – quá hạn" in html  # the items are there to read
    assert add_prefix not in html
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert add_prefix not in home
    assert "record_compliance_snapshot" not in html + home  # no developer's hint

    client.force_login(school_user(SchoolRole.PRINCIPAL))
    html = client.get(url, {"nam_hoc": YEAR, "ngay": AS_OF}).content.decode()
    assert add_prefix in html


def test_dashboard_menu_item_only_for_office_staff(rf, editor, inspector):
    from publicity.wagtail_hooks import register_dashboard_menu_item

    item = register_dashboard_menu_item()
    request = rf.get("/quan-tri/")
    request.user = editor
    assert not item.is_shown(request)
    request.user = inspector
    assert item.is_shown(request)


def test_catalogue_is_office_admin_only(client, editor, office_admin, inspector):
    requirement = DisclosureRequirement.objects.get(code="gen_name")
    edit_url = reverse("muc-cong-khai:edit", args=[requirement.pk])
    client.force_login(editor)
    assert client.get(reverse("muc-cong-khai:index")).status_code in (302, 403)
    assert client.get(edit_url).status_code in (302, 403)
    client.force_login(inspector)
    assert client.get(reverse("muc-cong-khai:index")).status_code == 200
    assert client.get(edit_url).status_code in (302, 403)
    client.force_login(office_admin)
    assert client.get(edit_url).status_code == 200


def test_office_admin_rewords_and_moves_a_deadline_without_code(
    client, office_admin, school, publish
):
    publish(school, "gen_name", YEAR, d("2025-07-10"))
    requirement = DisclosureRequirement.objects.get(code="gen_name")
    client.force_login(office_admin)
    response = client.post(
        reverse("muc-cong-khai:edit", args=[requirement.pk]),
        {
            "catalogue": requirement.catalogue_id,
            "code": "gen_name",
            "order": 10,
            "title": "Tên trường (chính thức)",
            "description": "",
            "group": "thong_tin_chung",
            "legal_basis": "Điều 4",
            "stages": ["tieu_hoc", "thcs"],
            "timing": "yearly",
            "deadline_day": 15,
            "deadline_month": 7,
            "working_days": 10,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    requirement.refresh_from_db()
    assert requirement.title == "Tên trường (chính thức)"
    assert (requirement.deadline_day, requirement.deadline_month) == (15, 7)
    html = dashboard(client, cap_hoc="THCS").content.decode()
    assert "Đúng hạn" in html


# --- Matrix, filters, exports ----------------------------------------------------------


def test_filters_by_level_and_status(client, school, other_school, inspector, publish):
    publish(school, "gen_name", YEAR, d("2025-07-20"))  # late
    client.force_login(inspector)
    html = dashboard(client, cap_hoc="TH").content.decode()
    assert other_school.name in html and school.name not in html
    html = dashboard(client, trang_thai="tre_han").content.decode()
    assert school.name in html and other_school.name not in html


def test_csv_export_has_one_row_per_school_and_one_column_per_requirement(
    client, school, other_school, inspector, publish
):
    publish(school, "gen_name", YEAR, d("2025-06-20"))
    client.force_login(inspector)
    response = dashboard(client, format="csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    requirements = list(DisclosureRequirement.objects.in_force())
    header, body = rows[0], rows[1:]
    # School, level, the figures (publicity.figures), then one column per item.
    assert len(header) == 2 + len(COLUMNS) + len(requirements)
    assert sorted(r[0] for r in body) == sorted([school.name, other_school.name])
    row = next(r for r in body if r[0] == school.name)
    # Items are headed by their Vietnamese names, not their codes (issue 11).
    by_code = {r.code: r.title for r in requirements}
    column = header.index(by_code["gen_name"])
    assert row[column] == "Đúng hạn"
    menu_column = header.index(by_code["mn_menu"])
    assert row[menu_column] == ""  # preschool item: not for a THCS


def test_xlsx_export_matches_the_matrix(client, school, other_school, inspector):
    from openpyxl import load_workbook

    client.force_login(inspector)
    response = dashboard(client, format="xlsx")
    book = load_workbook(io.BytesIO(response.content))
    parts = [name for name in book.sheetnames if name[0].isdigit()]
    # One sheet per part of the circular; parts 3 and 4 for the level of these schools.
    assert parts == [
        "1. Thông tin chung",
        "2. Thu chi tài chính",
        "3. Điều kiện – Phổ thông",
        "4. Kế hoạch – Phổ thông",
        "5. Báo cáo thường niên",
    ]
    titles = []
    for name in parts:
        rows = list(book[name].iter_rows(values_only=True))
        assert "Năm học 2025–2026" in rows[0][0]
        titles += [t for t in rows[2][2:] if t]  # row 2 is the legend, row 3 the header
        assert {r[0] for r in rows[3:]} == {school.name, other_school.name}
    owed = [
        r.title
        for r in DisclosureRequirement.objects.in_force()
        if r.applies_to(school.stages) or r.applies_to(other_school.stages)
    ]
    assert sorted(titles) == sorted(owed)


def test_dashboard_query_count_does_not_grow_with_schools(
    client, office, inspector, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_school

    make_school("THCS Một", level="THCS", office=office)
    client.force_login(inspector)
    dashboard(client)
    connection.queries_log.clear()  # the log is capped; keep indexes valid
    with CaptureQueriesContext(connection) as first:
        dashboard(client)
    baseline = len(first.captured_queries)
    assert baseline > 0
    for n in range(4):
        make_school(f"MN Số {n}", level="MN", office=office)
    dashboard(client)  # new sites reset the site-routing cache once
    with django_assert_max_num_queries(baseline):
        assert dashboard(client).status_code == 200


# --- Admin home panel and the "create it" link -------------------------------------------


def test_school_user_home_shows_own_missing_items_with_create_links(
    client, school, other_school, editor
):
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Công khai của trường" in html
    assert school.name in html and other_school.name not in html
    assert "yeu_cau=" in html


def test_create_link_preselects_the_requirement(client, school, editor):
    from publicity.models import DisclosureIndexPage

    index = DisclosureIndexPage.of_school(school)
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:add", args=("publicity", "disclosurepage", index.pk))
    html = client.get(url, {"yeu_cau": "pt_enrollment_plan", "ky": YEAR}).content.decode()
    requirement = DisclosureRequirement.objects.get(code="pt_enrollment_plan")
    assert f'<option value="{requirement.pk}" selected>' in html
    assert 'value="2025-2026"' in html
    assert "Kế hoạch giáo dục tuần" not in html  # preschool requirement is not offered


def test_server_refuses_a_requirement_of_another_level(client, school, editor):
    from publicity.models import DisclosureIndexPage

    index = DisclosureIndexPage.of_school(school)
    client.force_login(editor)
    menu = DisclosureRequirement.objects.get(code="mn_monthly_plan")
    url = reverse("wagtailadmin_pages:add", args=("publicity", "disclosurepage", index.pk))
    response = client.post(
        url,
        {
            "title": "Kế hoạch tháng",
            "slug": "ke-hoach-thang",
            "requirement": menu.pk,
            "period": "2025-10",
            "content": '{"blocks":[],"entityMap":{}}',
            "tables-count": 0,
            "attachments-count": 0,
        },
    )
    assert response.status_code == 200
    assert not DisclosurePage.objects.exists()


# --- Retention -------------------------------------------------------------------------


def test_principal_cannot_delete_or_unpublish_a_recent_disclosure(
    client, school, school_user, publish
):
    page = publish(school, "gen_name", YEAR)
    principal = school_user(SchoolRole.PRINCIPAL)
    tester = page.permissions_for_user(principal)
    assert not tester.can_delete() and not tester.can_unpublish()
    client.force_login(principal)
    client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    assert DisclosurePage.objects.filter(pk=page.pk, live=True).exists()


def test_disclosures_older_than_five_years_may_be_removed(school, school_user, publish, superuser):
    old = publish(school, "gen_name", "2019-2020", d("2019-06-20"))
    assert not old.is_within_retention()
    principal = school_user(SchoolRole.PRINCIPAL)
    assert old.permissions_for_user(principal).can_unpublish()
    recent = publish(school, "gen_name", YEAR)
    assert recent.permissions_for_user(superuser).can_delete()


# --- Creating a disclosure through the admin ----------------------------------------------


def disclosure_form(**fields):
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        rich_text,
        streamfield,
    )

    data = {
        "title": "Kế hoạch tuyển sinh 2025-2026",
        "slug": "",
        "period": YEAR,
        "content": rich_text("<p>Chỉ tiêu tuyển sinh lớp 6: 180 học sinh.</p>"),
        "tables": streamfield([]),
        "attachments": streamfield([]),
        "changed_on": "",
        "not_applicable_reason": "",
        "comments": inline_formset([]),
    }
    data.update(fields)
    return nested_form_data(data)


def add_url_for(school):
    from publicity.models import DisclosureIndexPage

    index = DisclosureIndexPage.of_school(school)
    return reverse("wagtailadmin_pages:add", args=("publicity", "disclosurepage", index.pk))


def test_editor_saves_a_disclosure_draft_for_the_school(client, school, editor):
    requirement = DisclosureRequirement.objects.get(code="pt_enrollment_plan")
    client.force_login(editor)
    response = client.post(add_url_for(school), disclosure_form(requirement=requirement.pk))
    assert response.status_code == 302, response.content.decode()[-3000:]
    page = DisclosurePage.objects.get()
    assert page.disclosing_school == school and page.school_year == YEAR
    assert not page.live  # an editor submits; the principal publishes
    # A second version with the same title is a new page with its own slug.
    response = client.post(add_url_for(school), disclosure_form(requirement=requirement.pk))
    assert response.status_code == 302
    assert sorted(DisclosurePage.objects.values_list("slug", flat=True)) == [
        "ke-hoach-tuyen-sinh-2025-2026",
        "ke-hoach-tuyen-sinh-2025-2026-2",
    ]


def test_principal_publishes_and_the_item_is_on_time(client, school, school_user):
    from publicity.compliance import compute

    requirement = DisclosureRequirement.objects.get(code="pt_enrollment_plan")
    client.force_login(school_user(SchoolRole.PRINCIPAL))
    # The year after the current one: its 30/6 deadline is still ahead.
    start = int(disclosure_year_of(timezone.localdate())[:4]) + 1
    coming = f"{start}-{start + 1}"
    response = client.post(
        add_url_for(school),
        disclosure_form(requirement=requirement.pk, period=coming, **{"action-publish": "publish"}),
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    page = DisclosurePage.objects.get()
    assert page.live and page.published_on is not None
    cell = compute(coming, schools=[school]).cell(school, requirement)
    assert cell.status == "dung_han"


def test_not_applicable_only_for_conditional_items_with_a_reason(client, school, editor):
    client.force_login(editor)
    gen_name = DisclosureRequirement.objects.get(code="gen_name")
    response = client.post(
        add_url_for(school),
        disclosure_form(
            requirement=gen_name.pk, not_applicable="on", not_applicable_reason="Không có"
        ),
    )
    assert response.status_code == 200
    assert "Chỉ mục có điều kiện" in response.content.decode()
    menu = DisclosureRequirement.objects.get(code="pt_menu")
    response = client.post(
        add_url_for(school),
        disclosure_form(requirement=menu.pk, not_applicable="on", not_applicable_reason=""),
    )
    assert response.status_code == 200
    assert "Hãy ghi lý do không áp dụng." in response.content.decode()
    response = client.post(
        add_url_for(school),
        disclosure_form(
            requirement=menu.pk,
            not_applicable="on",
            content=rich_text_empty(),
            not_applicable_reason="Trường không tổ chức bán trú.",
        ),
    )
    assert response.status_code == 302
    assert DisclosurePage.objects.get().not_applicable


def rich_text_empty():
    from wagtail.test.utils.form_data import rich_text

    return rich_text("")


def test_office_staff_home_shows_the_office_summary(client, school, inspector):
    client.force_login(inspector)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Công khai của các trường" in html
    assert reverse("publicity_school", args=[school.pk]) in html
    assert "Công khai của trường" not in html.replace("Công khai của các trường", "")


@pytest.mark.parametrize("action", ["delete", "unpublish"])
def test_bulk_actions_cannot_remove_recent_disclosures(
    client, school, school_user, publish, action
):
    page = publish(school, "gen_name", YEAR)
    client.force_login(school_user(SchoolRole.PRINCIPAL))
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", action))
    client.post(f"{url}?id={page.pk}", {"include_descendants": ""})
    page.refresh_from_db()
    assert page.live
    assert DisclosurePage.objects.filter(pk=page.pk).exists()
