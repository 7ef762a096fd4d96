"""A parent's request, from the public form to the photo gone from every page, size,
feed and cache; the principal's case with its deadline; the office's counts; the command."""

import datetime

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import PageLogEntry
from wagtail.search.models import IndexEntry

import pytest

from home.models import NewsPage
from home.photos.models import QuarantinedFile, TakedownRequest
from home.photos.quarantine import erase_expired as erase_quarantine
from home.photos.takedown import TAKEN_DOWN_LOG_ACTION, erase_expired_contacts, take_down
from sites.roles import OfficeRole
from tests.factories import make_office_user

from .helpers import STEM, old_token, published_news_with_photo, quarantined, stored

pytestmark = pytest.mark.django_db
FORM = "/yeu-cau-go-anh/"


def get(client, school, path):
    return client.get(path, HTTP_HOST=school.site.hostname)


def send_request(client, school, page_url, contact="me.an@example.test", **extra):
    data = {
        "page_url": page_url,
        "description": "Ảnh có con tôi, lớp 6A1, hàng đầu.",
        "name": "Nguyễn Thị Mẹ",
        "contact": contact,
        "consent": "on",
        "website": "",
        "token": old_token(f"go-anh:{school.pk}"),
        **extra,
    }
    return client.post(FORM, data, HTTP_HOST=school.site.hostname)


def test_the_form_is_on_every_school_site_and_cacheable(client, school, other_school):
    for target in (school, other_school):
        response = get(client, target, FORM)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Yêu cầu gỡ hình ảnh, thông tin của học sinh" in html
        assert 'name="website"' in html and 'name="token"' in html
        assert "csrfmiddlewaretoken" not in html and not response.cookies
    assert get(client, school, FORM)["X-Cache"] == "HIT"
    # Every page of a school links it (footer).
    assert f'href="{FORM}"' in get(client, school, "/").content.decode()
    # The portal has no pupils: no form there.
    portal = school.office.site.hostname
    assert client.get(FORM, HTTP_HOST=portal).status_code == 404


def test_bots_fast_forms_and_floods_are_refused(client, school, settings):
    page_url = "/tin-tuc/"
    bot = send_request(client, school, page_url, website="http://spam.example")
    assert bot.status_code == 302 and not TakedownRequest.objects.exists()
    fast = send_request(client, school, page_url, token=old_token(f"go-anh:{school.pk}", 0))
    assert fast.status_code == 400 and "quá nhanh" in fast.content.decode()
    other_key = send_request(client, school, page_url, token=old_token("go-anh:999"))
    assert other_key.status_code == 400
    assert not TakedownRequest.objects.exists()
    settings.VISITOR_RATE_LIMIT = 2
    assert send_request(client, school, page_url).status_code == 302
    assert send_request(client, school, page_url).status_code == 302
    flooded = send_request(client, school, page_url)
    assert flooded.status_code == 429
    assert TakedownRequest.objects.count() == 2


def test_from_the_form_to_the_photo_gone_everywhere(
    client, school, editor, principal, django_capture_on_commit_callbacks
):
    page, image = published_news_with_photo(school, editor)
    renditions_before = get(client, school, page.url).content.decode()
    assert STEM in renditions_before
    portal = school.office.site.hostname
    assert STEM in client.get("/", HTTP_HOST=portal).content.decode(), "portal news card"
    assert get(client, school, page.url)["X-Cache"] == "HIT"  # cached until the takedown
    files = [image.file.name] + [r.file.name for r in image.renditions.all()]
    assert len(files) > 3 and all(stored(name) for name in files)

    # The parent.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = send_request(client, school, page.full_url)
    assert response.status_code == 302 and response.url.endswith("?da-gui=1#da-gui")
    case = TakedownRequest.objects.get()
    assert case.page_id == page.pk and case.school == school
    assert case.due_at - case.created_at == datetime.timedelta(hours=72)
    assert [m.to for m in mail.outbox] == [[principal.email]]
    assert "Ảnh có con tôi" not in mail.outbox[0].body  # the request stays in the admin

    # The principal.
    client.force_login(principal)
    detail = client.get(reverse("photos_request", args=(case.pk,)))
    html = detail.content.decode()
    assert "Ảnh có con tôi" in html and "Gỡ ảnh này" in html and "Khai giảng" in html
    mail.outbox.clear()
    response = client.post(
        reverse("photos_request", args=(case.pk,)),
        {"action": "go-anh", "image": image.pk, "reason": "Phụ huynh rút lại đồng ý"},
    )
    assert response.status_code == 302
    client.logout()

    case.refresh_from_db()
    assert case.status == TakedownRequest.Status.TAKEN_DOWN and case.closed_at
    # The parent is told.
    assert [m.to for m in mail.outbox] == [["me.an@example.test"]]
    assert case.requester_told_at is not None
    # Gone from storage (original and every rendition), kept in the quarantine only.
    assert not any(stored(name) for name in files)
    kept = QuarantinedFile.objects.get(image_id=image.pk)
    assert kept.request == case and quarantined(kept.name)
    assert not get_image_model().objects.filter(pk=image.pk).exists()
    # Gone from the page (lead image, body block, gallery), the portal and the feeds, at once.
    html = get(client, school, page.url).content.decode()
    assert STEM not in html and "Học sinh dự lễ" not in html and "Chào cờ" not in html
    assert "Sáng nay trường khai giảng" in html  # the rest of the news item stays
    assert STEM not in client.get("/", HTTP_HOST=portal).content.decode()
    for feed in ("/rss.xml", "/atom.xml", "/sitemap.xml", "/", "/tin-tuc/"):
        assert STEM not in get(client, school, feed).content.decode(), feed
    # Every version: the live one and the draft after it.
    live = NewsPage.objects.get(pk=page.pk)
    assert live.lead_image_id is None and not live.gallery_photos.exists()
    for revision in live.revisions.all():
        version = revision.as_object()
        assert version.lead_image_id != image.pk
        assert image.pk not in [p.image_id for p in version.gallery_photos.all()]
        assert all(b.block_type != "image" for b in version.body)
    # Its search entry, and the trail.
    assert not IndexEntry.objects.filter(
        content_type__model="image", object_id=str(image.pk)
    ).exists()
    entry = PageLogEntry.objects.get(page=page, action=TAKEN_DOWN_LOG_ACTION)
    assert entry.user == principal and entry.data["request"] == case.pk


def test_overdue_requests_on_the_principals_dashboard_and_counts_for_the_office(
    client, school, office, principal
):
    now = timezone.now()
    TakedownRequest.objects.create(
        school=school,
        page_url="/tin-tuc/bi-mat/",
        description="Mô tả riêng tư của phụ huynh",
        name="Phụ huynh Bí Mật",
        contact="0905000111",
        consented_at=now - datetime.timedelta(hours=80),
        created_at=now - datetime.timedelta(hours=80),
        due_at=now - datetime.timedelta(hours=8),
    )
    client.force_login(principal)
    home = client.get("/quan-tri/").content.decode()
    assert "quá hạn xử lý" in home and "yeu-cau-go-anh-panel" in home
    inspector = make_office_user(office, OfficeRole.INSPECTOR)
    client.force_login(inspector)
    home = client.get("/quan-tri/").content.decode()
    assert "quá hạn: 1" in home
    counts = client.get(reverse("photos_request_counts")).content.decode()
    assert school.name in counts
    for private in ("Mô tả riêng tư", "Phụ huynh Bí Mật", "0905000111", "bi-mat"):
        assert private not in home and private not in counts
    case = TakedownRequest.objects.get()
    assert client.get(reverse("photos_request", args=(case.pk,))).status_code == 302


def test_another_schools_principal_cannot_open_a_request(client, school, other_school):
    from sites.roles import SchoolRole
    from tests.factories import make_school_user

    now = timezone.now()
    case = TakedownRequest.objects.create(
        school=school,
        page_url="/",
        description="Riêng",
        consented_at=now,
        due_at=now,
    )
    client.force_login(make_school_user(other_school, SchoolRole.PRINCIPAL))
    assert client.get(reverse("photos_request", args=(case.pk,))).status_code == 404
    listing = client.get(reverse("photos_requests")).content.decode()
    assert "Riêng" not in listing


def test_the_operators_command(school, editor, capsys):
    page, image = published_news_with_photo(school, editor)
    call_command("take_down_image", str(image.pk), "--reason", "Yêu cầu qua điện thoại")
    out = capsys.readouterr().out
    assert f"Đã gỡ ảnh {image.pk}" in out and page.title in out
    assert NewsPage.objects.get(pk=page.pk).lead_image_id is None
    with pytest.raises(Exception, match="Không có ảnh số"):
        call_command("take_down_image", str(image.pk), "--reason", "lần hai")


def test_contacts_and_originals_go_after_their_time(school, editor, settings):
    page, image = published_news_with_photo(school, editor)
    now = timezone.now()
    case = TakedownRequest.objects.create(
        school=school,
        page_url=page.url,
        description="Ảnh con tôi",
        name="Mẹ",
        contact="0905",
        consented_at=now,
        due_at=now,
    )
    take_down(image, "Yêu cầu", request=case)
    kept = QuarantinedFile.objects.get()
    later = now + datetime.timedelta(days=settings.TAKEDOWN_CONTACT_RETENTION_DAYS + 1)
    assert erase_expired_contacts(now) == 0
    assert erase_expired_contacts(later) == 1
    case.refresh_from_db()
    assert (case.name, case.contact, case.description) == ("", "", "")
    assert erase_quarantine(now) == 0
    assert erase_quarantine(now + datetime.timedelta(days=settings.PHOTO_QUARANTINE_DAYS + 1)) == 1
    assert not quarantined(kept.name)
