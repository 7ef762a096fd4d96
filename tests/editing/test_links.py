"""Link injection, tried as an insider would: a gambling link planted in a page, in the
school's settings, in an embed or a document title, hidden or not, by every road to
going live; and the office's report built from what public pages actually render."""

import datetime
import re

from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry, PageLogEntry

import pytest

from home.link_report import crawl, report_rows
from home.links import links_in_html, links_of_page
from home.models import LinkDomainSighting, NewsPage
from home.publishing import added_domains
from sites.links import domain_of, urls_in_text
from sites.models import BlockedDomainPattern, SchoolSettings
from sites.roles import OfficeRole, SchoolRole
from tests.factories import DocumentFactory, UserFactory, join_office

from .helpers import create_news_via_admin, draft_news, section, workflow_action

pytestmark = pytest.mark.django_db

HIDDEN_GAMBLING = (
    '<p>Lễ khai giảng năm học mới. <a href="https://nohu-club.vip/dang-ky" '
    'style="display:none">nổ hũ</a></p>'
)


def fresh(page):
    return type(page).objects.get(pk=page.pk)


def office_user(role, username):
    user = UserFactory(username=username)
    join_office(user, role)
    return user


def page_text(response):
    return re.sub(r"\s+", " ", response.content.decode())


# --- What counts as a link --------------------------------------------------------------


def test_hidden_links_are_links_too():
    html = (
        '<p>Tin vui <a href="https://kubet.example/x" style="display: none">kubet</a>'
        '<a href="http://fb88.net">.</a><span style="font-size:0">xem w88.vip</span>'
        '<img src="/media/a.jpg" alt="đăng ký 188bet.com"><span title="go88.vip">*</span>'
        '<a href="/tin-tuc/">tin</a> <a href="mailto:a@b.vn">thư</a> điểm 8.5, v.v.</p>'
    )
    found = {link.domain: link.hidden for link in links_in_html(html, "nội dung")}
    assert set(found) == {"kubet.example", "fb88.net", "w88.vip", "188bet.com", "go88.vip"}
    assert "display" in found["kubet.example"]
    assert "1 ký tự" in found["fb88.net"]
    assert "font-size" in found["w88.vip"]
    assert "alt" in found["188bet.com"]
    assert "title" in found["go88.vip"]


def test_an_image_link_is_not_a_hidden_link():
    (link,) = links_in_html('<a href="https://moet.gov.vn"><img src="/logo.png" alt=""></a>', "x")
    assert link.domain == "moet.gov.vn" and link.hidden == ""


def test_bare_domains_in_text_but_not_emails_or_numbers():
    assert urls_in_text("Vào w88.vip hoặc https://x.com/a. Thư: a@gmail.com; điểm 3.5; v.v.") == [
        "w88.vip",
        "https://x.com/a",
    ]
    assert domain_of("HTTPS://WWW.W88.Vip:443/x") == "w88.vip"
    assert domain_of("/tin-tuc/") == domain_of("mailto:a@b.vn") == ""


@pytest.mark.parametrize(
    "domain",
    [
        "188bet.com",
        "tai-xiu.net",
        "w88.vip",
        "cadobongda.com",
        "nhacai-uytin.org",
        "sv388.live",
        "xoso.bet",
        "bet.com.vn",
        "link4m.com",
        "xosomienbac.net",
        "ketquaxoso.com.vn",
        "kqxs.vn",
        "xsmn.me",
        "soicau247.com",
        "soi-cau-mb.net",
        "lodeonline.vip",
        "lo-de-88.com",
        "danhde.top",
        "nohu52.com",
        "taixiu.club",
        "keobongda.tv",
        "soikeo.live",
        "gamedoithuong.fun",
    ],
)
def test_seeded_block_list_catches_gambling(domain):
    assert BlockedDomainPattern.objects.first_blocked([f"https://{domain}/"]) is not None


@pytest.mark.parametrize(
    "domain",
    [
        "alphabet.com",
        "avocado.vn",
        "betterhealth.vic.gov.au",
        "moet.gov.vn",
        "youtube.com",
        "diabetes.org",
        "hanoi.edu.vn",
        "explode.com",
        "melodeon.org",
        "thcs-loc-de.edu.vn",
        "dantri.com.vn",
        "thanhnien.vn",
    ],
)
def test_seeded_block_list_spares_ordinary_sites(domain):
    assert BlockedDomainPattern.objects.first_blocked([f"https://{domain}/"]) is None


# --- Refused at save and at every publish -----------------------------------------------


def test_editor_pastes_hidden_gambling_link_and_submits(client, school, editor):
    client.force_login(editor)
    response = create_news_via_admin(
        client, school, "action-submit", slug="khai-giang", body_text=HIDDEN_GAMBLING
    )
    assert response.status_code == 200
    body = page_text(response)
    assert "nohu-club.vip" in body and "tên miền bị chặn" in body
    assert not NewsPage.objects.filter(slug="khai-giang").exists()  # nothing half-saved


def test_refusal_names_the_link_and_the_kind_of_site_not_the_pattern(client, school, editor):
    client.force_login(editor)
    response = create_news_via_admin(
        client,
        school,
        "action-submit",
        slug="ket-qua",
        body_text='<p>Xem <a href="https://xosomienbac.net/hom-nay">kết quả</a></p>',
    )
    body = page_text(response)
    assert "liên kết “https://xosomienbac.net/hom-nay” trỏ tới trang cờ bạc/lô đề" in body
    assert "mẫu" not in body.split("trỏ tới", 1)[1][:200]  # no pattern, no regex


def test_a_refused_draft_leaves_no_page_behind(client, school, editor):
    client.force_login(editor)
    index = section(school, "tin-tuc")
    before = index.get_children().count()
    # "Lưu bản nháp" (no action button): the lightest save is refused too, and leaves no
    # empty draft page behind.
    response = create_news_via_admin(
        client, school, "action-save", slug="nhap-soi-cau", body_text=HIDDEN_GAMBLING
    )
    assert response.status_code == 200
    assert "nohu-club.vip" in page_text(response)
    assert index.get_children().count() == before
    assert not NewsPage.objects.filter(slug="nhap-soi-cau").exists()


def test_teacher_writes_a_bare_gambling_domain_in_a_description(client, school, school_user):
    from home.models import ProfessionalDocumentPage

    teacher = school_user(SchoolRole.TEACHER)
    client.force_login(teacher)
    index = section(school, "chuyen-mon")
    document = DocumentFactory(collection=school.collection)
    url = reverse("wagtailadmin_pages:add", args=("home", "professionaldocumentpage", index.pk))
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    data = nested_form_data(
        {
            "title": "Đề kiểm tra Toán 9",
            "slug": "de-kiem-tra-toan-9",
            "kind": "de-kiem-tra",
            "school_year": "2025-2026",
            "description": "Tải đề tại tai-xiu.net nhé",
            "document": document.pk,
            "comments": inline_formset([]),
            "action-submit": "1",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "tai-xiu.net" in page_text(response)
    assert not ProfessionalDocumentPage.objects.filter(slug="de-kiem-tra-toan-9").exists()


def test_principal_cannot_publish_a_blocked_link_directly(client, school, school_user):
    principal = school_user(SchoolRole.PRINCIPAL)
    client.force_login(principal)
    response = create_news_via_admin(
        client,
        school,
        "action-publish",
        slug="tin-quang-cao",
        body_text='<p>Xem <a href="https://www.789BET.com/khuyen-mai">tại đây</a></p>',
    )
    assert response.status_code == 200
    assert "https://www.789BET.com/khuyen-mai" in page_text(response)  # named as written
    assert not NewsPage.objects.filter(slug="tin-quang-cao", live=True).exists()


def test_programmatic_revision_and_publish_are_refused(school, editor):
    page = draft_news(school, editor, title="Tin ghi bằng mã")
    page.body = [("paragraph", '<p><a href="https://jun88.top">j</a></p>')]
    with pytest.raises(ValidationError, match="jun88.top"):
        page.save_revision(user=editor)
    # A revision written without validation still cannot go live.
    revision = page.save_revision(user=editor, clean=False)
    with pytest.raises(ValidationError, match="jun88.top"):
        revision.publish()
    assert not fresh(page).live
    assert PageLogEntry.objects.filter(page=page, action="truongso.links.blocked").exists()


def test_bulk_publish_of_a_blocked_link_is_refused(client, school, school_user):
    principal = school_user(SchoolRole.PRINCIPAL)
    clean = draft_news(school, principal, title="Tin sạch")
    page = draft_news(school, principal, title="Tin hàng loạt")
    page.body = [("paragraph", '<p><a href="https://ae888.example/">x</a></p>')]
    page.save_revision(user=principal)
    BlockedDomainPattern.objects.create(pattern="ae888")
    client.force_login(principal)
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    response = client.post(f"{url}?id={clean.pk}&id={page.pk}", {}, follow=True)
    assert "ae888.example" in page_text(response)
    assert not fresh(page).live and not fresh(clean).live  # nothing half-done


def test_principal_publish_stops_on_domains_new_to_the_school(client, school, school_user):
    """ "Xuất bản" does not bypass the list of domains new to the school: the page stays a
    draft, the editor lists them with a box to tick; ticked, it publishes and logs who."""
    principal = school_user(SchoolRole.PRINCIPAL)
    client.force_login(principal)
    body = '<p>Đọc thêm trên <a href="https://trang-moi.example/bai">trang này</a></p>'
    response = create_news_via_admin(
        client, school, "action-publish", slug="tin-lien-ket-moi", body_text=body
    )
    assert response.status_code == 302
    page = NewsPage.objects.get(slug="tin-lien-ket-moi")
    assert not page.live  # held back, a draft
    response = client.get(response["Location"])
    html = page_text(response)
    assert "trang-moi.example" in html and 'name="new_domains_confirmed"' in html
    assert "Chưa xuất bản" in html

    data = _edit_post(page.get_latest_revision_as_object(), action="action-publish")
    response = client.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), data)
    assert not fresh(page).live  # publishing again without the tick: still held

    data["new_domains_confirmed"] = "on"
    client.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), data)
    assert fresh(page).live
    entry = PageLogEntry.objects.get(page=page, action="truongso.links.new_domains_confirmed")
    assert entry.user == principal and entry.data["domains"] == ["trang-moi.example"]


def test_bulk_publish_stops_on_domains_new_to_the_school(client, school, school_user):
    principal = school_user(SchoolRole.PRINCIPAL)
    clean = draft_news(school, principal, title="Tin không liên kết")
    page = draft_news(school, principal, title="Tin liên kết lạ")
    page.body = [("paragraph", '<p><a href="https://trang-la.example/">x</a></p>')]
    page.save_revision(user=principal)
    client.force_login(principal)
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    response = client.post(f"{url}?id={clean.pk}&id={page.pk}", {}, follow=True)
    assert "trang-la.example" in page_text(response)
    assert not fresh(page).live and not fresh(clean).live


def test_embed_of_a_blocked_domain_is_refused(school, editor):
    page = draft_news(school, editor, title="Video")
    page.body = [("video", "https://kubet-video.example/watch?v=1")]
    with pytest.raises(ValidationError, match="kubet-video.example"):
        page.save_revision(user=editor)


def test_document_title_with_a_gambling_domain_is_refused(school, editor):
    document = DocumentFactory(collection=school.collection, title="Kế hoạch – xem hi88.com")
    page = draft_news(school, editor, title="Tin kèm tệp")
    page.attachments = [("document", {"document": document, "title": ""})]
    with pytest.raises(ValidationError, match="hi88.com"):
        page.save_revision(user=editor)


def test_scheduled_revision_with_a_blocked_link_is_not_published(school, editor):
    bad = draft_news(school, editor, title="Tin hẹn giờ xấu")
    good = draft_news(school, editor, title="Tin hẹn giờ tốt")
    # Saved while the domain was not yet on the list...
    bad.body = [("paragraph", '<p><a href="https://vuabai.example/">vào</a></p>')]
    past = timezone.now() - datetime.timedelta(minutes=5)
    for page in (bad, good):
        page.go_live_at = past
        page.save_revision(user=editor, approved_go_live_at=past)
    # ...then the office blocks it before the timer runs.
    BlockedDomainPattern.objects.create(pattern="vuabai", note="Cổng game bài")
    call_command("publish_scheduled")
    assert not fresh(bad).live
    assert fresh(good).live  # the timer went on with the other pages
    assert not bad.revisions.filter(approved_go_live_at__isnull=False).exists()
    assert PageLogEntry.objects.filter(page=bad, action="truongso.links.blocked").exists()


def test_final_approval_of_a_now_blocked_link_goes_back_to_the_editor(
    client, school, editor, school_user
):
    principal = school_user(SchoolRole.PRINCIPAL)
    page = draft_news(school, editor, title="Tin nhờ duyệt")
    page.body = [("paragraph", '<p><a href="https://shop-giai-tri.example/">mua</a></p>')]
    revision = page.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    assert revision == page.get_latest_revision()
    BlockedDomainPattern.objects.create(pattern="giai-tri", note="thử")
    client.force_login(principal)
    response = workflow_action(client, page, "approve")
    assert response.status_code in (200, 302)
    assert not fresh(page).live
    response = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    assert "shop-giai-tri.example" in page_text(response)


# --- The approver sees what a change adds ---------------------------------------------


def test_approver_sees_added_domains_with_new_ones_marked(client, school, editor, school_user):
    principal = school_user(SchoolRole.PRINCIPAL)
    page = draft_news(school, editor, title="Tin có liên kết")
    page.body = [("paragraph", '<p><a href="https://moet.gov.vn/a">Bộ</a></p>')]
    page.save_revision(user=editor).publish()
    # The school already links to moet.gov.vn (as last crawled); the change adds two more.
    crawl(full=True)
    page = fresh(page)
    page.body = [
        (
            "paragraph",
            '<p><a href="https://moet.gov.vn/b">Bộ</a> <a href="https://vnexpress.net/x">báo</a>'
            '<a href="https://lazada.vn" style="display:none">.</a></p>',
        )
    ]
    page.save_revision(user=editor)
    client.force_login(editor)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=(page.pk,)),
        _edit_post(page, action="action-submit"),
    )
    assert response.status_code == 302
    added = {item.domain: item for item in added_domains(fresh(page))}
    assert set(added) == {"vnexpress.net", "lazada.vn"}
    assert added["vnexpress.net"].new_to_school
    assert added["lazada.vn"].hidden

    to_principal = [m for m in mail.outbox if principal.email in m.to]
    assert to_principal, "the principal is told"
    body = to_principal[-1].body
    assert "vnexpress.net [MỚI với trường]" in body
    assert "lazada.vn" in body and "moet.gov.vn" not in body

    client.force_login(principal)
    response = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    html = page_text(response)
    assert 'id="added-domains"' in html
    assert "<strong>vnexpress.net</strong>" in html and "mới với trường" in html
    # No one-click approval: only the dialog, which lists them too.
    task = fresh(page).current_workflow_task.specific
    approvals = [a for a in task.get_actions(fresh(page), principal) if a[0] == "approve"]
    assert approvals and all(modal for _name, _label, modal in approvals)
    task_state = fresh(page).current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    dialog = response = client.get(url, headers={"x-requested-with": "XMLHttpRequest"})
    assert response.status_code == 200
    html = dialog.json()["html"]
    assert "vnexpress.net" in html and "lazada.vn" in html and "mới với trường" in html


def _edit_post(page, action):
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        rich_text,
        streamfield,
    )

    blocks = [("paragraph", rich_text(block.value.source)) for block in page.body]
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "date": page.date.isoformat(),
            "category": page.category,
            "summary": page.summary,
            "body": streamfield(blocks),
            "attachments": streamfield([]),
            "comments": inline_formset([]),
            "gallery_photos": inline_formset([]),
            action: "1",
        }
    )


# --- Site settings --------------------------------------------------------------------


def _settings_url(school):
    return reverse("wagtailsettings:edit", args=["sites", "schoolsettings", school.site.pk])


def _settings_post(links=(), motto="Học tốt"):
    data = {"primary_colour": "#0b5394", "motto": motto, "quick_links-count": str(len(links))}
    for i, (title, url) in enumerate(links):
        data.update(
            {
                f"quick_links-{i}-type": "link",
                f"quick_links-{i}-deleted": "",
                f"quick_links-{i}-order": str(i),
                f"quick_links-{i}-id": "",
                f"quick_links-{i}-value-title": title,
                f"quick_links-{i}-value-url": url,
            }
        )
    return data


def test_only_the_principal_edits_site_settings(client, school, editor, school_user):
    client.force_login(editor)
    response = client.post(_settings_url(school), _settings_post(motto="Sửa bởi biên tập"))
    assert response.status_code in (302, 403)
    assert SchoolSettings.for_site(school.site).motto != "Sửa bởi biên tập"

    principal = school_user(SchoolRole.PRINCIPAL)
    client.force_login(principal)
    response = client.post(_settings_url(school), _settings_post(motto="Dạy tốt – học tốt"))
    assert response.status_code == 302
    settings = SchoolSettings.for_site(school.site)
    assert settings.motto == "Dạy tốt – học tốt"
    assert ModelLogEntry.objects.for_instance(settings).filter(user=principal).exists()

    # A new quick link: which domain came in is logged and the office report shows it.
    response = client.post(
        _settings_url(school), _settings_post([("Báo", "https://tuoitre.vn/")], motto="Mới")
    )
    assert response.status_code == 302
    entry = ModelLogEntry.objects.get(action="truongso.settings.links")
    assert entry.user == principal and entry.data["added"] == ["tuoitre.vn"]
    client.force_login(office_user(OfficeRole.INSPECTOR, "kiemtra-caidat"))
    html = page_text(client.get(reverse("links_new_domains")))
    assert (
        "Đã đổi liên kết trong cài đặt trang web" in html and "<strong>tuoitre.vn</strong>" in html
    )


def test_blocked_quick_link_in_settings_is_refused(client, school, school_user):
    client.force_login(school_user(SchoolRole.PRINCIPAL))
    response = client.post(
        _settings_url(school), _settings_post([("Giải trí", "https://new88.example/")])
    )
    assert response.status_code == 200
    assert "new88.example" in page_text(response)
    assert len(SchoolSettings.for_site(school.site).quick_links) == 0
    settings = SchoolSettings.for_site(school.site)
    settings.motto = "Ghé thăm okvip.com"
    with pytest.raises(ValidationError, match="okvip.com"):
        settings.save()


# --- nofollow and the weekly report -----------------------------------------------------


def _external_anchors(html, own):
    anchors = re.findall(r"<a\b[^>]*>", html)
    return [
        a
        for a in anchors
        if (m := re.search(r'href="(https?:)?//([^/"]+)', a)) and not m.group(2).endswith(own)
    ]


def test_published_external_links_carry_nofollow(client, school, school_user, settings):
    settings.PAGE_CACHE_ENABLED = False
    principal = school_user(SchoolRole.PRINCIPAL)
    page = draft_news(school, principal, title="Tin liên kết ngoài")
    page.body = [("paragraph", '<p><a href="https://vnexpress.net/tin">Báo</a></p>')]
    page.save_revision(user=principal).publish()
    home_settings = SchoolSettings.for_site(school.site)
    home_settings.quick_links = [("link", {"title": "Sở", "url": "https://sogd.example.vn/"})]
    home_settings.save()
    own = school.office.domain
    for path in (page.url_path.split("/", 2)[2], ""):
        response = client.get("/" + path, HTTP_HOST=school.site.hostname)
        assert response.status_code == 200
        anchors = _external_anchors(response.content.decode(), own)
        assert anchors, path
        for anchor in anchors:
            assert 'rel="nofollow noopener"' in anchor, anchor


def test_weekly_report_sees_what_pages_render_and_only_what_changed(
    client, school, other_school, school_user
):
    principal = school_user(SchoolRole.PRINCIPAL)
    page = draft_news(school, principal, title="Tin tuần này")
    page.body = [("paragraph", '<p><a href="https://vnexpress.net/tin">Báo</a></p>')]
    page.save_revision(user=principal).publish()
    first = crawl()
    assert first.crawl.full and first.crawl.pages_rendered >= 6
    row = LinkDomainSighting.objects.get(domain="vnexpress.net")
    assert row.page_id == page.pk and row.school == school and row.added_by == principal

    # Nothing changed: nothing is rendered again.
    assert crawl().crawl.pages_rendered == 0

    # A link that arrives by another road (settings saved in a shell) still shows up,
    # on the home page that renders it; only that page is rendered.
    home_settings = SchoolSettings.for_site(school.site)
    home_settings.quick_links = [("link", {"title": "Vui", "url": "https://zing.vn/"})]
    home_settings.save()
    third = crawl()
    assert third.crawl.pages_rendered == 1
    row = LinkDomainSighting.objects.get(domain="zing.vn")
    assert row.page_id == school.home_page_id and row.from_settings

    # The office reads the report; a school's staff cannot.
    inspector = office_user(OfficeRole.INSPECTOR, "kiemtra-lienket")
    client.force_login(inspector)
    response = client.get(reverse("links_new_domains"))
    html = page_text(response)
    assert response.status_code == 200
    assert "vnexpress.net" in html and "zing.vn" in html and school.name in html
    assert f'href="{school.base_url}/tin-tuc/' in html
    # Grouped by school and domain: a domain the school already showed is not new again.
    rows = report_rows(inspector, timezone.now() - datetime.timedelta(days=7))
    assert [(r.domain, r.school) for r in rows if r.domain == "vnexpress.net"] == [
        ("vnexpress.net", school)
    ]
    LinkDomainSighting.objects.filter(domain="vnexpress.net").update(
        first_seen=timezone.now() - datetime.timedelta(days=30)
    )
    second = draft_news(school, principal, title="Tin tuần sau")
    second.body = [("paragraph", '<p><a href="https://vnexpress.net/khac">Báo</a></p>')]
    second.save_revision(user=principal).publish()
    crawl()
    assert LinkDomainSighting.objects.filter(domain="vnexpress.net").count() == 2
    rows = report_rows(inspector, timezone.now() - datetime.timedelta(days=7))
    assert "vnexpress.net" not in {r.domain for r in rows}
    assert "zing.vn" in {r.domain for r in rows}
    client.force_login(principal)
    assert client.get(reverse("links_new_domains")).status_code in (302, 403)


def test_crawl_command_prints_its_figures(school, school_user, capsys):
    principal = school_user(SchoolRole.PRINCIPAL)
    page = draft_news(school, principal, title="Tin in ra")
    page.body = [("paragraph", '<p><a href="https://tuoitre.vn/">Báo</a></p>')]
    page.save_revision(user=principal).publish()
    call_command("crawl_links")
    out = capsys.readouterr().out
    assert re.search(r"Đã tải \d+ trang trong [\d.]+ giây", out)
    assert "tuoitre.vn" in out


# --- The block list in the admin ----------------------------------------------------------


def test_office_admin_edits_the_block_list_and_schools_cannot(client, school, school_user):
    index = reverse("ten_mien_bi_chan:index")
    add = reverse("ten_mien_bi_chan:add")
    client.force_login(school_user(SchoolRole.PRINCIPAL))
    assert client.get(index).status_code in (302, 403)
    client.post(add, {"pattern": "choilon", "kind": "contains", "is_active": "on"})
    assert not BlockedDomainPattern.objects.filter(pattern="choilon").exists()

    client.force_login(office_user(OfficeRole.ADMINISTRATOR, "quantri-lienket"))
    assert client.get(index).status_code == 200
    response = client.post(add, {"pattern": "(bad", "kind": "regex", "is_active": "on"})
    assert response.status_code == 200
    assert "Biểu thức chính quy không hợp lệ" in page_text(response)
    response = client.post(
        add, {"pattern": "ChoiLon", "kind": "contains", "site_kind": "co-bac", "is_active": "on"}
    )
    assert response.status_code == 302
    assert BlockedDomainPattern.objects.filter(pattern="choilon").exists()
    assert BlockedDomainPattern.objects.first_blocked(["https://choi-lon.vip"]) is not None


def test_links_of_page_reads_every_field(school, editor):
    from wagtail.images.blocks import ImageBlock  # noqa: F401 (the block in the body)

    from tests.factories import ImageFactory

    image = ImageFactory(collection=school.collection, title="Ảnh hi88.com")
    page = draft_news(school, editor, title="Tin đủ loại", summary="Xem vnexpress.net")
    page.body = [
        ("image", {"image": {"image": image, "alt_text": "ảnh tuoitre.vn", "decorative": False}}),
        ("table", {"data": [["Nguồn", "thanhnien.vn"]]}),
    ]
    domains = {link.domain for link in links_of_page(page)}
    assert {"vnexpress.net", "tuoitre.vn", "thanhnien.vn", "hi88.com"} <= domains
