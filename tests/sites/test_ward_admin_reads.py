"""Issue 21 (Low): admin screens that showed other wards' and the Sở's draft titles,
usernames and mail subjects to a ward's staff. Each test attacks as ward A's
administrator and inspector: ward B's school, ward B's portal, the Sở's portal and the
Sở's school carry a marker in a draft title, a username and a failed mail's subject."""

from django.utils import timezone

from wagtail.log_actions import log

import pytest
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from home.models import OfficeNewsPage
from sites.roles import OfficeRole, SchoolRole
from tests.factories import NewsPageFactory, make_office_user, make_school_user

pytestmark = pytest.mark.django_db

MARKER = "zqxngoai"
ROLES = [OfficeRole.ADMINISTRATOR, OfficeRole.INSPECTOR]


def failed_mail(subject, to):
    return DBTaskResult.objects.create(
        task_path="cms.ops.mail.send_email",
        queue_name="default",
        backend_name="default",
        status=TaskResultStatus.FAILED,
        priority=0,
        args_kwargs={"args": [{"subject": subject, "to": [to], "cc": []}], "kwargs": {}},
        finished_at=timezone.now(),
        traceback="SMTPRecipientsRefused",
        exception_class_path="smtplib.SMTPRecipientsRefused",
    )


@pytest.fixture
def ward(province):
    """Ward A's staff, ward A's own draft, and the others' secrets."""
    so, ward_a, ward_b, schools = province
    w = type("Ward", (), {})()
    w.so, w.ward_a, w.ward_b, w.schools = so, ward_a, ward_b, schools
    w.staff = {role: make_office_user(ward_a, role, username=f"ward-a-{role}") for role in ROLES}
    w.own_user = make_school_user(schools["a1"], SchoolRole.EDITOR, username="bientap-a1")
    w.own_draft = NewsPageFactory.for_school(schools["a1"], title="Nháp của A1", live=False)
    w.own_draft.save_revision(user=w.own_user)
    w.other_drafts, w.other_users = [], []
    for key in ("b1", "so"):
        user = make_school_user(schools[key], SchoolRole.EDITOR, username=f"{MARKER}-{key}")
        page = NewsPageFactory.for_school(schools[key], title=f"Nháp {MARKER} {key}", live=False)
        page.save_revision(user=user)
        log(instance=page, action="wagtail.edit", user=user)  # in the site history
        page.locked, page.locked_by = True, user
        page.save(update_fields=["locked", "locked_by"])
        w.other_drafts.append(page)
        w.other_users.append(user)
        failed_mail(f"Thư {MARKER} {key}", user.email)
    for office in (so, ward_b):
        user = make_office_user(
            office, OfficeRole.ADMINISTRATOR, username=f"{MARKER}-qt{office.pk}"
        )
        index = office.site.root_page.get_children().get(slug="tin-tuc")
        page = OfficeNewsPage(title=f"Nháp cổng {MARKER} {office.pk}", live=False, summary="x")
        index.add_child(instance=page)
        page.save_revision(user=user)
        log(instance=page, action="wagtail.edit", user=user)
        w.other_drafts.append(page)
        w.other_users.append(user)
        failed_mail(f"Thư {MARKER} cổng {office.pk}", user.email)
    failed_mail("Thư gửi A1", w.own_user.email)
    return w


def login(client, ward, role):
    client.force_login(ward.staff[role])
    return client


def text(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_bulk_action_confirmations_refuse_other_tenants_pages(client, ward, role):
    login(client, ward, role)
    for action in ("delete", "move", "publish", "unpublish"):
        for page in ward.other_drafts:
            response = client.get(
                f"/quan-tri/bulk/wagtailcore/page/{action}/",
                {"id": [page.pk], "childOf": page.get_parent().pk},
            )
            assert response.status_code == 403, (action, page.title)
            assert MARKER not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_move_confirmation_and_chosen_multiple_refuse_other_tenants_pages(client, ward, role):
    login(client, ward, role)
    own_index = ward.own_draft.get_parent()
    for page in ward.other_drafts:
        for url in (
            f"/quan-tri/pages/{page.pk}/move/{own_index.pk}/confirm/",
            f"/quan-tri/pages/{ward.own_draft.pk}/move/{page.get_parent().pk}/confirm/",
            f"/quan-tri/pages/{page.get_parent().pk}/",  # the explorer lists the draft
            f"/quan-tri/pages/{page.pk}/history/",
        ):
            response = client.get(url)
            assert response.status_code == 403, url
        response = client.get("/quan-tri/choose-page/chosen-multiple/", {"id": [page.pk]})
        assert response.status_code == 403 and MARKER not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_user_filters_and_reports_show_only_the_wards_people_and_pages(client, ward, role):
    """Explorer and report filters ("Khoá bởi", "Người sửa", "Chủ sở hữu") and the
    reports' rows: ward A's people and pages, none of the others'."""
    login(client, ward, role)
    seen = {}
    for url in (
        f"/quan-tri/pages/{ward.own_draft.get_parent().pk}/",
        "/quan-tri/pages/search/?q=tin",
        "/quan-tri/reports/locked/",
        "/quan-tri/reports/site-history/",
        "/quan-tri/reports/aging-pages/",
        "/quan-tri/reports/page-types-usage/",
        "/quan-tri/pages/usage/home/newspage/",
        "/quan-tri/pages/usage/home/officenewspage/",
    ):
        response = client.get(url)
        seen[url] = response.status_code
        assert response.status_code in (200, 302, 403), url  # 302/403: not this role's
        assert MARKER not in response.content.decode(), url
    if role == OfficeRole.ADMINISTRATOR:
        # The administrator's own screens answer (the checks above are not vacuous).
        assert seen[f"/quan-tri/pages/{ward.own_draft.get_parent().pk}/"] == 200, seen
        assert seen["/quan-tri/reports/locked/"] == 200, seen


def test_failed_tasks_list_only_mail_to_the_wards_people(client, ward):
    login(client, ward, OfficeRole.ADMINISTRATOR)
    html = text(client.get("/quan-tri/tac-vu-nen/"))
    assert "Thư gửi A1" in html and MARKER not in html


def test_the_sos_administrator_still_sees_every_failed_mail(client, ward):
    client.force_login(make_office_user(ward.so, OfficeRole.ADMINISTRATOR, username="qt-so"))
    html = text(client.get("/quan-tri/tac-vu-nen/"))
    assert "Thư gửi A1" in html and f"Thư {MARKER} b1" in html


@pytest.mark.parametrize("role", ROLES)
def test_sites_list_shows_only_the_wards_sites(client, ward, role):
    login(client, ward, role)
    response = client.get("/quan-tri/sites/")
    if role == OfficeRole.INSPECTOR:
        assert response.status_code in (302, 403)  # not an inspector's screen
        return
    html = text(response)
    assert ward.schools["a1"].site.hostname in html
    for key in ("b1", "so"):
        assert ward.schools[key].site.hostname not in html
    assert ward.ward_b.site.hostname not in html and f">{ward.so.site.hostname}<" not in html


@pytest.mark.parametrize("role", ROLES)
def test_school_history_and_usage_refuse_other_wards_schools(client, ward, role):
    login(client, ward, role)
    for key in ("b1", "so"):
        school = ward.schools[key]
        for url in (
            f"/quan-tri/truong-hoc/history/{school.pk}/",
            f"/quan-tri/truong-hoc/history-results/{school.pk}/",
            f"/quan-tri/truong-hoc/usage/{school.pk}/",
        ):
            response = client.get(url)
            assert response.status_code in (403, 404), url
            assert MARKER not in response.content.decode()


def test_the_page_create_url_is_no_crash_for_a_ward_administrator(client, ward):
    login(client, ward, OfficeRole.ADMINISTRATOR)
    for model in ("newspage", "officenewspage", "schoolhomepage", "eventpage"):
        response = client.get(f"/quan-tri/pages/create/home/{model}", follow=True)
        assert response.status_code in (200, 403), (model, response.status_code)
