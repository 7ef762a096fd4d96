"""The office administrator brings one school, or all of them, over from the admin."""

import datetime
import re

from django.urls import reverse

import pytest

from cms.old_site.models import OldSiteImport
from home.models import NewsPage
from sites.roles import OfficeRole, SchoolRole
from tests.factories import make_office_user, make_school, make_school_user

from .sites import PLAIN_ARTICLES, PLAIN_HOST, WP_HOST, WP_POSTS

pytestmark = pytest.mark.django_db

INDEX, START = "/quan-tri/trang-web-cu/", "/quan-tri/trang-web-cu/nhap/"


@pytest.fixture
def schools(province, served):
    _so, ward_a, ward_b, schools = province
    schools["a1"].legacy_url = served.site[WP_HOST].url("/")
    schools["a2"].legacy_url = served.site[PLAIN_HOST].url("/")
    schools["b1"].legacy_url = served.site[PLAIN_HOST].url("/")
    for school in schools.values():
        school.save()
    return schools


def refused(response):
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def admin_of(office, client):
    client.force_login(make_office_user(office, OfficeRole.ADMINISTRATOR))
    return client


def test_office_imports_all_its_schools_with_progress_and_a_report(
    schools, client, local_network, media_root
):
    a1, a2 = schools["a1"], schools["a2"]
    admin_of(a1.office, client)
    form = client.get(START)
    assert form.status_code == 200
    html = form.content.decode()
    assert a1.name in html and a2.name in html and schools["b1"].name not in html
    response = client.post(START, {"schools": [a1.pk, a2.pk], "max_pages": 300})
    assert response.status_code == 302 and "?dot=" in response["Location"]
    runs = OldSiteImport.objects.filter(school__in=[a1, a2])
    assert runs.count() == 2 and len({run.batch for run in runs}) == 1
    assert all(run.status == run.Status.DONE for run in runs)  # immediate backend in tests
    assert NewsPage.objects.descendant_of(a1.home_page).count() == len(WP_POSTS)
    assert NewsPage.objects.descendant_of(a2.home_page).count() == PLAIN_ARTICLES
    listing = client.get(response["Location"]).content.decode()
    assert listing.count('data-status="xong"') == 2 and 'value="100"' in listing
    report = client.get(f"{INDEX}{runs.get(school=a1).pk}/").content.decode()
    assert "/2023/09/ke-hoach-nam-hoc/" in report  # the redirects are listed
    assert "Để bản nháp: có thông tin cá nhân" in report and "w88.vip" in report
    assert 'http-equiv="refresh"' not in report  # finished: no more refreshing


def test_a_running_import_shows_its_progress_and_refreshes(schools, client):
    a1 = schools["a1"]
    run = OldSiteImport.objects.create(
        school=a1,
        source_url=a1.legacy_url,
        status=OldSiteImport.Status.RUNNING,
        stage=OldSiteImport.Stage.IMPORTING,
        counts={"done": 30, "total": 120, "created": 12},
    )
    admin_of(a1.office, client)
    listing = client.get(INDEX).content.decode()
    assert 'value="25"' in listing and "Nhập bài, ảnh và tệp" in listing
    assert 'http-equiv="refresh"' in listing
    assert 'http-equiv="refresh"' in client.get(f"{INDEX}{run.pk}/").content.decode()


def test_dry_run_from_the_admin_writes_only_its_report(schools, client, local_network, media_root):
    a1 = schools["a1"]
    admin_of(a1.office, client)
    client.post(START, {"schools": [a1.pk], "dry_run": "on", "max_pages": 300})
    run = OldSiteImport.objects.get(school=a1)
    assert run.dry_run and run.status == run.Status.DONE
    assert run.counts["created"] == len(WP_POSTS) + 1
    assert not NewsPage.objects.descendant_of(a1.home_page).exists()
    assert not run.urls.exists()


def test_only_office_administrators_of_the_school_reach_the_screens(schools, client, province):
    _so, ward_a, ward_b, _schools = province
    a1 = schools["a1"]
    run = OldSiteImport.objects.create(school=a1, source_url=a1.legacy_url)
    for user in (
        make_office_user(ward_a, OfficeRole.INSPECTOR),
        make_school_user(a1, SchoolRole.PRINCIPAL),
        make_school_user(a1, SchoolRole.EDITOR),
    ):
        client.force_login(user)
        for response in (
            *(client.get(url) for url in (INDEX, START, f"{INDEX}{run.pk}/")),
            client.post(START, {"schools": [a1.pk], "max_pages": 50}),
        ):
            # PermissionDenied: 403 from the admin guard (school staff), or Wagtail's
            # "no permission" redirect to the dashboard (inspectors).
            assert refused(response), user
    admin_of(ward_b, client)
    assert client.get(f"{INDEX}{run.pk}/").status_code == 404
    assert a1.name not in client.get(INDEX).content.decode()
    other = client.post(START, {"schools": [a1.pk], "max_pages": 50})  # not on ward B's list
    assert other.status_code == 200 and "help-critical" in other.content.decode()
    assert OldSiteImport.objects.count() == 1
    assert make_school("TH Khác", office=ward_b)  # ward B's own school is offered


RULES = "/quan-tri/chuyen-muc-trang-cu/"


def test_the_office_adjusts_where_old_categories_go(
    province, client, served, local_network, media_root
):
    from cms.old_site.models import OldCategoryRule
    from home.section_articles import SectionArticlePage

    _so, ward_a, ward_b, schools = province
    a1 = schools["a1"]
    admin_of(ward_a, client)
    assert "giới thiệu" in client.get(RULES).content.decode()  # the shared rules are shown
    response = client.post(
        f"{RULES}new/",
        {"office": ward_a.pk, "words": "tin tức", "target": "chuyen-mon", "order": 1},
    )
    assert response.status_code == 302
    rule = OldCategoryRule.objects.get(words="tin tức")
    shared = OldCategoryRule.objects.filter(office__isnull=True).first()
    assert client.get(f"{RULES}edit/{shared.pk}/").status_code == 404  # shared: not a ward's
    assert (
        client.post(f"{RULES}new/", {"office": "", "words": "x", "target": "bo-qua"}).status_code
        == 200
    )
    a1.legacy_url = served.site[WP_HOST].url("/")
    a1.save()
    client.post(START, {"schools": [a1.pk], "max_pages": 300})
    # "Tin tức" articles now go under Thông tin chuyên môn.
    assert SectionArticlePage.objects.filter(title="Hội giảng mùa xuân").exists()
    admin_of(ward_b, client)
    assert client.get(f"{RULES}edit/{rule.pk}/").status_code == 404
    assert "tin tức" not in client.get(RULES).content.decode()


def test_the_school_list_offers_an_import_for_each_school_the_user_manages(
    schools, client, province
):
    so, ward_a, _ward_b, _schools = province
    a1, a2, closed = schools["a1"], schools["a2"], schools["b1"]
    closed.closed_on = datetime.date(2026, 8, 1)
    closed.save()

    def import_links(html):
        return {int(pk) for pk in re.findall(r"/quan-tri/trang-web-cu/nhap/\?truong=(\d+)", html)}

    # A ward's administrator: its schools with an old address.
    admin_of(ward_a, client)
    listing = client.get(reverse("truong_hoc:index"))
    assert listing.status_code == 200
    assert import_links(listing.content.decode()) == {a1.pk, a2.pk}
    form = client.get(f"{START}?truong={a1.pk}").content.decode()
    assert re.search(rf'value="{a1.pk}"[^>]*checked', form)
    assert not re.search(rf'value="{a2.pk}"[^>]*checked', form)
    # The Sở's administrator: every school with an old address, but not a closed one
    # (an archive) nor one without an old address.
    admin_of(so, client)
    assert import_links(client.get(reverse("truong_hoc:index")).content.decode()) == {
        a1.pk,
        a2.pk,
    }
    # An inspector sees the schools but manages none: no import.
    client.force_login(make_office_user(ward_a, OfficeRole.INSPECTOR))
    listing = client.get(reverse("truong_hoc:index"))
    if listing.status_code == 200:
        assert a1.name in listing.content.decode()
        assert import_links(listing.content.decode()) == set()


def test_a_closed_school_is_not_offered_nor_imported(schools, client):
    """A closed school's site is an archive: neither the screen nor the command brings
    anything into it."""
    from django.core.management import CommandError, call_command

    a1, a2 = schools["a1"], schools["a2"]
    a1.closed_on, a1.is_active = datetime.date(2026, 6, 30), False
    a1.save()
    admin_of(a1.office, client)
    html = client.get(START).content.decode()
    assert a2.name in html and a1.name not in html
    response = client.post(START, {"schools": [a1.pk], "max_pages": 300})
    assert response.status_code == 200 and not OldSiteImport.objects.filter(school=a1).exists()
    with pytest.raises(CommandError, match="đã đóng"):
        call_command("import_old_site", a1.slug, "--dry-run")
    assert not OldSiteImport.objects.filter(school=a1).exists()
