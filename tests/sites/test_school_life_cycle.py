"""A school's life after it was made (issue 22): renamed, re-levelled, given a new code,
moved, merged into another school, closed — through the service, the commands and what a
visitor and an office then see."""

import datetime
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from wagtail.models import Page

import pytest

from cms.schools.lifecycle import (
    close_school,
    merge_schools,
    plan_merge,
    plan_move,
    plan_rename,
    rename_school,
)
from cms.schools.provisioning import ProvisioningError, move_school
from home.models import DocumentRelease, NewsPage
from home.visitors import VisitorMessage
from publicity.compliance import visible_versions
from publicity.demo import publish_disclosure
from publicity.models import DisclosurePage
from sites.models import (
    School,
    SchoolChange,
    SchoolHostname,
    SchoolOfficeMembership,
    schools_of_office_on,
)
from sites.roles import OfficeRole, SchoolRole
from tests.factories import (
    DocumentFactory,
    ImageFactory,
    NewsPageFactory,
    make_office_user,
    make_school,
    make_school_user,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 8, 1)


@pytest.fixture(autouse=True)
def _real_hosts(settings):
    """Hosts checked as in production (sites.hosts), so aliases answer their 301."""
    settings.EXTRA_ALLOWED_HOSTS = []


def fresh(school):
    return School.objects.select_related("site", "office").get(pk=school.pk)


def follow_alias(client, host, path):
    """The 301 an old hostname answers, and what the new address then serves."""
    first = client.get(path, HTTP_HOST=host)
    assert first.status_code == 301, (host, path, first.status_code)
    target = first["Location"]
    new_host = target.split("/")[2]
    new_path = "/" + target.split("/", 3)[3]
    return target, client.get(new_path, HTTP_HOST=new_host)


# --- Rename, re-level, new code -------------------------------------------------------


def test_rename_and_relevel_keep_history_and_the_old_name_finds_the_school(client, province):
    _so, ward_a, _ward_b, schools = province
    school = schools["a2"]  # TH Lê Độ
    admin = make_office_user(ward_a, OfficeRole.ADMINISTRATOR)
    lines = plan_rename(school, name="TH-THCS Lê Độ", level="TH-THCS")
    assert [what for what, _b, _a in lines] == ["Tên trường", "Cấp học"]
    changes = rename_school(school, name="TH-THCS Lê Độ", level="TH-THCS", on=DAY, by=admin)
    assert [c.kind for c in changes] == [SchoolChange.Kind.RENAMED, SchoolChange.Kind.RELEVELLED]
    school = fresh(school)
    assert (school.name, school.level) == ("TH-THCS Lê Độ", "TH-THCS")
    assert school.former_names == "TH Lê Độ"
    assert school.home_page.title == "TH-THCS Lê Độ" and school.site.site_name == "TH-THCS Lê Độ"
    history = SchoolChange.objects.filter(school=school).order_by("pk")
    assert [(c.before, c.after, c.on, c.by) for c in history] == [
        ("TH Lê Độ", "TH-THCS Lê Độ", DAY, admin),
        ("Tiểu học", "Tiểu học và Trung học cơ sở", DAY, admin),
    ]
    # The address did not change; the old name still finds the school.
    assert client.get("/", HTTP_HOST=school.site.hostname).status_code == 200
    html = client.get("/truong-hoc/", {"q": "th le do"}, HTTP_HOST=ward_a.domain).content.decode()
    assert "TH-THCS Lê Độ" in html
    search = client.get("/tim-kiem/", {"q": "TH Lê Độ"}, HTTP_HOST=ward_a.domain).content.decode()
    assert "TH-THCS Lê Độ" in search
    # Nothing to change is said, not recorded.
    assert rename_school(school, name="TH-THCS Lê Độ") == []


def test_a_new_code_moves_the_address_and_the_old_one_answers_301(client, province):
    _so, ward_a, _ward_b, schools = province
    school = schools["a1"]
    news = NewsPageFactory.for_school(school, title="Lễ khai giảng")
    old_host = school.site.hostname
    rename_school(school, code="thcs-kim-dong-hoi-an")
    school = fresh(school)
    assert school.slug == "thcs-kim-dong-hoi-an"
    assert school.site.hostname == f"thcs-kim-dong-hoi-an.{ward_a.domain}"
    assert SchoolHostname.objects.get(hostname=old_host).reason == SchoolHostname.Reason.RENAMED
    target, page = follow_alias(client, old_host, f"/tin-tuc/{news.slug}/?trang=1")
    assert target == f"http://{school.site.hostname}/tin-tuc/{news.slug}/?trang=1"
    assert "Lễ khai giảng" in page.content.decode()


def test_rename_refuses_bad_input_and_changes_nothing(province):
    _so, _ward_a, _ward_b, schools = province
    school = schools["a1"]
    with pytest.raises(ProvisioningError) as error:
        rename_school(school, name="  ", level="XYZ", code=schools["b1"].slug)
    message = str(error.value)
    assert "không được để trống" in message and "XYZ" in message
    assert "đã được dùng" in message
    assert fresh(school).name == "THCS Kim Đồng" and not SchoolChange.objects.exists()


def test_rename_command(province):
    _so, _ward_a, _ward_b, schools = province
    out = StringIO()
    call_command(
        "rename_school",
        "--school",
        schools["b1"].slug,
        "--name",
        "THCS Nguyễn Du Hội An",
        stdout=out,
    )
    assert "Tên trường: THCS Nguyễn Du → THCS Nguyễn Du Hội An" in out.getvalue()
    with pytest.raises(CommandError, match="Không có trường"):
        call_command("rename_school", "--school", "khong-co", "--name", "X", stdout=StringIO())
    with pytest.raises(CommandError, match="không hợp lệ"):
        call_command(
            "rename_school", "--school", schools["b1"].slug, "--on", "1/8/2026", stdout=StringIO()
        )


# --- Move ------------------------------------------------------------------------------------


def test_move_is_recorded_and_planned(province):
    so, ward_a, ward_b, schools = province
    school = schools["a1"]
    lines = plan_move(school, ward_b)
    assert lines[0][1:] == (ward_a.name, ward_b.name)
    assert lines[1][2] == f"{school.slug}.{ward_b.domain}"
    with pytest.raises(ProvisioningError, match="đã thuộc"):
        plan_move(school, ward_a)
    move_school(school, ward_b, on=DAY)
    change = SchoolChange.objects.get(school=school)
    assert (change.kind, change.before, change.after, change.on) == (
        SchoolChange.Kind.MOVED,
        ward_a.name,
        ward_b.name,
        DAY,
    )


# --- Merge ------------------------------------------------------------------------------------


@pytest.fixture
def merge_world(province):
    """Kim Đồng (survivor) and Lê Độ (merged), both of ward A, with news (one of them at
    an address Kim Đồng already uses), media, a disclosure, a question, staff, an alias."""
    _so, ward_a, _ward_b, schools = province
    survivor, merged = schools["a1"], schools["a2"]
    NewsPageFactory.for_school(survivor, title="Khai giảng năm học mới", slug="khai-giang")
    clash = NewsPageFactory.for_school(merged, title="Lễ khai giảng của Lê Độ", slug="khai-giang")
    unique = NewsPageFactory.for_school(merged, title="Ngày hội đọc sách Lê Độ", slug="doc-sach")
    image = ImageFactory(title="Ảnh Lê Độ", collection=merged.collection)
    document = DocumentFactory(
        title="Kế hoạch Lê Độ",
        collection=merged.collection,
        file=ContentFile(b"%PDF-1.4", "kh.pdf"),
    )
    DocumentRelease.objects.create(document=document)
    disclosure = publish_disclosure(merged, "gen_name", "2025-2026", datetime.date(2025, 6, 20))
    own_disclosure = publish_disclosure(
        survivor, "gen_name", "2025-2026", datetime.date(2025, 6, 25)
    )
    questions = merged.home_page.get_children().get(slug="hoi-dap")
    VisitorMessage.objects.create(
        school=merged,
        page=questions,
        kind=VisitorMessage.Kind.QUESTION,
        name="Phụ huynh",
        contact="0900000000",
        text="Trường có bán trú không?",
        answer="Có.",
        consented_at=timezone.now(),
        status=VisitorMessage.Status.PUBLISHED,
    )
    editor = make_school_user(merged, SchoolRole.EDITOR, username="bientap.ledo")
    principal = make_school_user(merged, SchoolRole.PRINCIPAL, username="hieutruong.ledo")
    SchoolHostname.objects.create(
        school=merged, hostname=f"ledo.{ward_a.domain}", reason=SchoolHostname.Reason.ALIAS
    )
    admin = make_office_user(ward_a, OfficeRole.ADMINISTRATOR)
    return {
        "ward": ward_a,
        "survivor": survivor,
        "merged": merged,
        "old_host": merged.site.hostname,
        "clash": clash,
        "unique": unique,
        "image": image,
        "document": document,
        "disclosure": disclosure,
        "own_disclosure": own_disclosure,
        "editor": editor,
        "principal": principal,
        "admin": admin,
    }


def test_merge_moves_everything_and_every_old_url_answers_301(client, merge_world):
    w = merge_world
    survivor, merged = w["survivor"], w["merged"]
    plan = plan_merge(survivor, [merged])
    assert {(s.pk, title) for s, title, _n in plan.sections} >= {
        (merged.pk, "Thông tin, thông báo"),
        (merged.pk, "Công khai"),
    }
    assert plan.media == [(merged, 1, 1)]
    assert {u.username for _s, u, _r in plan.accounts} == {"bientap.ledo", "hieutruong.ledo"}

    result = merge_schools(survivor, [merged], on=DAY, by=w["admin"])
    assert result.pages >= 3 and (result.images, result.documents) == (1, 1)
    assert result.accounts_moved == 2
    assert result.redirects == 2  # the news at "khai-giang" and the same Công khai item
    survivor, merged = fresh(survivor), fresh(merged)

    # Pages, news and Công khai versions live under the survivor now.
    news_index = survivor.home_page.get_children().get(slug="tin-tuc")
    slugs = set(NewsPage.objects.child_of(news_index).values_list("slug", flat=True))
    assert {"khai-giang", f"khai-giang-{merged.slug}", "doc-sach"} <= slugs
    assert DisclosurePage.objects.get(pk=w["disclosure"].pk).path.startswith(
        survivor.home_page.path
    )
    assert not Page.objects.filter(path__startswith=merged.home_page.path, depth__gt=3).exists()
    # Media in the survivor's collection.
    w["image"].refresh_from_db()
    w["document"].refresh_from_db()
    assert w["image"].collection_id == w["document"].collection_id == survivor.collection_id

    # Every old URL answers 301: same path, or the moved page's new path.
    old = w["old_host"]
    target, page = follow_alias(client, old, "/tin-tuc/doc-sach/")
    assert target == f"http://{survivor.site.hostname}/tin-tuc/doc-sach/"
    assert "Ngày hội đọc sách Lê Độ" in page.content.decode()
    target, page = follow_alias(client, old, "/tin-tuc/khai-giang/")
    assert target.endswith(f"/tin-tuc/khai-giang-{merged.slug}/")
    assert "Lễ khai giảng của Lê Độ" in page.content.decode()
    for path in ("/", "/gioi-thieu/", "/cong-khai/", "/hoi-dap/"):
        target, page = follow_alias(client, old, path)
        assert page.status_code == 200, path
    target, _page = follow_alias(client, f"ledo.{w['ward'].domain}", "/tin-tuc/doc-sach/")
    assert target.startswith(f"http://{survivor.site.hostname}/")
    document_path = w["document"].url
    target, served = follow_alias(client, old, document_path)
    assert served.status_code == 200  # released or linked: served on the survivor's host
    for host in (old, f"ledo.{w['ward'].domain}"):
        assert SchoolHostname.objects.get(hostname=host).school_id == survivor.pk

    # The published question now shows on the survivor's Hỏi đáp.
    answers = client.get("/hoi-dap/", HTTP_HOST=survivor.site.hostname).content.decode()
    assert "Trường có bán trú không?" in answers

    # Accounts joined the survivor in the same role.
    User = get_user_model()
    editor = User.objects.get(username="bientap.ledo")
    assert editor.groups.filter(school_role__school=survivor, school_role__role="editor").exists()
    assert not editor.groups.filter(school_role__school=merged).exists()

    # The merged school: closed, merged into the survivor, its history kept.
    assert (merged.is_active, merged.closed_on, merged.merged_into_id) == (False, DAY, survivor.pk)
    assert SchoolChange.objects.get(school=merged).kind == SchoolChange.Kind.MERGED_INTO
    assert SchoolChange.objects.get(school=survivor).kind == SchoolChange.Kind.ABSORBED
    assert "TH Lê Độ" in survivor.former_names
    finder = client.get("/truong-hoc/", {"q": "le do"}, HTTP_HOST=w["ward"].domain).content.decode()
    assert "THCS Kim Đồng" in finder


def test_merge_keeps_each_schools_compliance_history_apart(client, merge_world):
    w = merge_world
    survivor, merged = w["survivor"], w["merged"]
    ward = w["ward"]
    before = datetime.date(2026, 7, 1)
    merge_schools(survivor, [merged], on=DAY)
    # The merged school's disclosure is still its own, for the period it existed.
    moved = DisclosurePage.objects.get(pk=w["disclosure"].pk)
    assert moved.disclosing_school_id == merged.pk and moved.live
    today = datetime.date.today()
    found = visible_versions("2025-2026", today, [survivor.pk, merged.pk])
    pages = {
        school_id: {v.page_id for v in versions} for (school_id, _r), versions in found.items()
    }
    assert pages[survivor.pk] == {w["own_disclosure"].pk}
    assert pages[merged.pk] == {w["disclosure"].pk}
    # Past reports list it under its office until the merge day, not after.
    assert merged.pk in set(schools_of_office_on(ward, before).values_list("pk", flat=True))
    assert merged.pk not in set(schools_of_office_on(ward, DAY).values_list("pk", flat=True))
    assert SchoolOfficeMembership.objects.get(school=merged).end == DAY
    # The survivor's Công khai shows the merged school's versions apart, never as its own.
    html = client.get("/cong-khai/", HTTP_HOST=fresh(survivor).site.hostname).content.decode()
    own_part, merged_part = html.split("Công khai của TH Lê Độ (trước khi sáp nhập)")
    assert moved.url_path.rstrip("/").rsplit("/", 1)[1] in merged_part
    assert moved.url_path.rstrip("/").rsplit("/", 1)[1] not in own_part.split("<h1>", 1)[1]
    data = client.get("/cong-khai/du-lieu/", HTTP_HOST=fresh(survivor).site.hostname).json()
    assert [m["name"] for m in data["merged_schools"]] == ["TH Lê Độ"]


def test_merge_can_close_the_accounts_and_refuses_bad_choices(merge_world):
    w = merge_world
    survivor, merged = w["survivor"], w["merged"]
    with pytest.raises(ProvisioningError, match="chính nó"):
        merge_schools(survivor, [survivor])
    with pytest.raises(ProvisioningError, match="ít nhất một trường"):
        merge_schools(survivor, [])
    result = merge_schools(survivor, [merged], close_accounts=True)
    assert (result.accounts_moved, result.accounts_closed) == (0, 2)
    editor = get_user_model().objects.get(username="bientap.ledo")
    assert not editor.is_active
    with pytest.raises(ProvisioningError, match="ngừng hoạt động"):
        merge_schools(survivor, [fresh(merged)])


def test_merge_command(merge_world):
    w = merge_world
    out = StringIO()
    call_command(
        "merge_schools",
        "--into",
        w["survivor"].slug,
        "--school",
        w["merged"].slug,
        "--on",
        "2026-08-01",
        stdout=out,
    )
    text = out.getvalue()
    assert "Đã sáp nhập TH Lê Độ vào THCS Kim Đồng" in text
    assert f"{w['old_host']} → {w['survivor'].site.hostname} (301)" in text
    with pytest.raises(CommandError, match="ngừng hoạt động"):
        call_command(
            "merge_schools",
            "--into",
            w["survivor"].slug,
            "--school",
            w["merged"].slug,
            stdout=StringIO(),
        )


# --- Close ------------------------------------------------------------------------------------


def test_a_closed_school_stays_online_as_a_read_only_archive(client, province):
    _so, ward_a, _ward_b, schools = province
    school = schools["b1"]
    news = NewsPageFactory.for_school(school, title="Tin cũ của trường")
    disclosure = publish_disclosure(school, "gen_name", "2025-2026", datetime.date(2025, 6, 20))
    editor = make_school_user(school, SchoolRole.EDITOR, username="bientap.nguyendu")
    closed = close_school(school, on=DAY, reason="Quyết định 12/QĐ-UBND")
    assert closed == 1
    school = fresh(school)
    assert (school.is_active, school.closed_on) == (False, DAY)
    change = SchoolChange.objects.get(school=school)
    assert (change.kind, change.note) == (SchoolChange.Kind.CLOSED, "Quyết định 12/QĐ-UBND")
    editor.refresh_from_db()
    assert not editor.is_active

    # Online, with a banner; Công khai still public.
    home = client.get("/", HTTP_HOST=school.site.hostname).content.decode()
    assert 'class="archive-banner"' in home and "ngừng hoạt động từ ngày 01/08/2026" in home
    page = client.get(f"/tin-tuc/{news.slug}/", HTTP_HOST=school.site.hostname)
    assert page.status_code == 200 and "archive-banner" in page.content.decode()
    assert DisclosurePage.objects.get(pk=disclosure.pk).live
    # Gone from the directory.
    finder = client.get("/truong-hoc/", {"q": "nguyen du"}, HTTP_HOST=school.office.domain)
    assert "THCS Nguyễn Du" not in finder.content.decode()
    # Nothing new comes in from visitors.
    questions = school.home_page.get_children().get(slug="hoi-dap")
    response = client.post(f"/gui-y-kien/{questions.pk}/", {}, HTTP_HOST=school.site.hostname)
    assert response.status_code in (400, 403)
    with pytest.raises(ProvisioningError, match="ngừng hoạt động"):
        close_school(school)
    with pytest.raises(ProvisioningError, match="ngừng hoạt động"):
        rename_school(school, name="Tên khác")


def test_office_staff_cannot_edit_a_closed_schools_pages_but_a_superuser_can(
    client, province, superuser, settings
):
    settings.EXTRA_ALLOWED_HOSTS = ["testserver"]  # the admin, on the test client's host
    _so, _ward_a, ward_b, schools = province
    school = schools["b1"]
    news = NewsPageFactory.for_school(school, title="Tin lưu trữ")
    close_school(school, on=DAY)
    admin = make_office_user(ward_b, OfficeRole.ADMINISTRATOR)
    client.force_login(admin)
    edit = client.get(f"/quan-tri/pages/{news.pk}/edit/")
    assert edit.status_code == 302 and edit["Location"].endswith(f"/pages/{school.home_page_id}/")
    index = school.home_page.get_children().get(slug="tin-tuc")
    add = client.get(f"/quan-tri/pages/add/home/newspage/{index.pk}/")
    assert add.status_code == 302
    delete = client.post(f"/quan-tri/pages/{news.pk}/delete/")
    assert delete.status_code == 302 and NewsPage.objects.filter(pk=news.pk).exists()
    client.force_login(superuser)
    assert client.get(f"/quan-tri/pages/{news.pk}/edit/").status_code == 200


def test_close_command(province):
    _so, _ward_a, _ward_b, schools = province
    out = StringIO()
    call_command("close_school", "--school", schools["b1"].slug, "--on", "2026-08-01", stdout=out)
    assert "ngừng hoạt động từ 01/08/2026" in out.getvalue()
    with pytest.raises(CommandError, match="ngừng hoạt động"):
        call_command("close_school", "--school", schools["b1"].slug, stdout=StringIO())
    assert make_school("THCS Mới", office=schools["b1"].office).is_active


# --- The office's screens ---------------------------------------------------------------------


@pytest.fixture
def admin_client(client, settings):
    settings.EXTRA_ALLOWED_HOSTS = ["testserver"]  # the admin, on the test client's host
    return client


def screen(name, school):
    from django.urls import reverse

    return reverse(f"truong_hoc:{name}", args=[school.pk])


def test_rename_screen_confirms_then_applies(admin_client, province):
    _so, ward_a, _ward_b, schools = province
    school = schools["a2"]
    admin = make_office_user(ward_a, OfficeRole.ADMINISTRATOR)
    admin_client.force_login(admin)
    form = admin_client.get(screen("rename", school))
    assert form.status_code == 200 and "Lịch sử thay đổi của trường" in form.content.decode()
    data = {"name": "TH Lê Độ Hội An", "level": "", "code": "", "on": "2026-08-01"}
    confirm = admin_client.post(screen("rename", school), data)
    html = confirm.content.decode()
    assert confirm.status_code == 200 and "Kiểm tra trước khi xác nhận" in html
    assert "<td>TH Lê Độ</td><td>TH Lê Độ Hội An</td>" in html
    assert fresh(school).name == "TH Lê Độ"  # nothing yet
    done = admin_client.post(screen("rename", school), {**data, "xac_nhan": "1"})
    assert done.status_code == 302
    assert fresh(school).name == "TH Lê Độ Hội An"
    change = SchoolChange.objects.get(school=school)
    assert (change.on, change.by) == (DAY, admin)
    history = admin_client.get(screen("rename", school)).content.decode()
    assert "Đổi tên" in history and "01/08/2026" in history
    # Bad input: a message, nothing saved.
    taken = schools["a1"].slug
    bad = admin_client.post(screen("rename", school), {"name": "", "level": "", "code": taken})
    assert bad.status_code == 200 and f"Mã trường “{taken}” đã được dùng" in bad.content.decode()
    assert fresh(school).slug != taken
    nothing = admin_client.post(screen("rename", school), {"name": "", "level": "", "code": ""})
    assert "Không có gì thay đổi" in nothing.content.decode()


def test_move_screen_offers_the_offices_the_user_manages(admin_client, province):
    so, ward_a, ward_b, schools = province
    school = schools["a1"]
    so_admin = make_office_user(so, OfficeRole.ADMINISTRATOR)
    admin_client.force_login(so_admin)
    form = admin_client.get(screen("move", school)).content.decode()
    assert ward_b.name in form and f'value="{ward_a.pk}"' not in form
    confirm = admin_client.post(screen("move", school), {"to_office": ward_b.pk})
    html = confirm.content.decode()
    assert f"{school.slug}.{ward_b.domain}" in html and "301" in html
    admin_client.post(screen("move", school), {"to_office": ward_b.pk, "xac_nhan": "1"})
    assert fresh(school).office_id == ward_b.pk
    # A ward's administrator manages no other office: nothing to move to, nothing moved.
    ward_admin = make_office_user(ward_b, OfficeRole.ADMINISTRATOR)
    admin_client.force_login(ward_admin)
    refused = admin_client.post(
        screen("move", fresh(school)), {"to_office": so.pk, "xac_nhan": "1"}
    )
    assert refused.status_code == 200 and fresh(school).office_id == ward_b.pk


def test_merge_screen_within_the_ward_only(admin_client, merge_world, province):
    w = merge_world
    _so, _ward_a, _ward_b, schools = province
    admin_client.force_login(w["admin"])
    form = admin_client.get(screen("merge", w["survivor"])).content.decode()
    assert "TH Lê Độ" in form and "THCS Nguyễn Du" not in form  # another ward's school
    foreign = admin_client.post(
        screen("merge", w["survivor"]), {"schools": [schools["b1"].pk], "xac_nhan": "1"}
    )
    assert foreign.status_code == 200 and fresh(schools["b1"]).is_active
    confirm = admin_client.post(screen("merge", w["survivor"]), {"schools": [w["merged"].pk]})
    html = confirm.content.decode()
    assert "bientap.ledo – Biên tập viên (TH Lê Độ)" in html
    assert f"{w['old_host']} → {w['survivor'].site.hostname}" in html
    done = admin_client.post(
        screen("merge", w["survivor"]), {"schools": [w["merged"].pk], "xac_nhan": "1"}
    )
    assert done.status_code == 302
    assert fresh(w["merged"]).merged_into_id == w["survivor"].pk


def test_close_screen(admin_client, province):
    _so, _ward_a, ward_b, schools = province
    school = schools["b1"]
    admin_client.force_login(make_office_user(ward_b, OfficeRole.ADMINISTRATOR))
    confirm = admin_client.post(screen("close", school), {"reason": "QĐ 12"})
    assert "giữ trên trang đủ 5 năm" in confirm.content.decode()
    admin_client.post(screen("close", school), {"reason": "QĐ 12", "xac_nhan": "1"})
    assert fresh(school).is_closed
    again = admin_client.get(screen("close", school)).content.decode()
    assert "không thay đổi được nữa" in again and "Xem trước thay đổi" not in again


@pytest.mark.parametrize("name", ["rename", "move", "merge", "close"])
def test_screens_are_for_the_administrators_who_manage_the_school(admin_client, province, name):
    so, ward_a, ward_b, schools = province
    inspector = make_office_user(ward_a, OfficeRole.INSPECTOR)
    other_admin = make_office_user(ward_b, OfficeRole.ADMINISTRATOR)
    editor = make_school_user(schools["a1"], SchoolRole.PRINCIPAL)
    url = screen(name, schools["a1"])
    for user, allowed in ((inspector, (302, 403)), (editor, (302, 403)), (other_admin, (404,))):
        admin_client.force_login(user)
        for response in (admin_client.get(url), admin_client.post(url, {"xac_nhan": "1"})):
            assert response.status_code in allowed, (user, response.status_code)
            if response.status_code == 302:
                assert response["Location"] == "/quan-tri/"  # Wagtail's PermissionDenied
    assert fresh(schools["a1"]).is_active and not SchoolChange.objects.exists()
