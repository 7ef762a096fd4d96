"""Issue 14: the five protected sections beyond the four fixed ones."""

import datetime
import time
from unittest import mock

from django.core import mail
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

import icalendar
import pytest

from cms.schools.provisioning import ensure_school_sections
from home.events import EventPage
from home.forms import form_token
from home.models import SchoolHomePage
from home.schedule import OfficeWorkScheduleIndexPage, OfficeWorkWeekPage, WorkWeekPage, monday_of
from home.sections import FIXED_SECTIONS, SCHOOL_SECTIONS
from home.visitors import ConsultationPage, VisitorMessage
from sites.roles import SchoolRole
from tests.factories import join_office, make_school_user

pytestmark = pytest.mark.django_db

NEW_SLUGS = ["tuyen-sinh", "lich-cong-tac", "hoi-dap", "lay-y-kien", "su-kien"]


def section_page(school, slug):
    return school.home_page.get_children().get(slug=slug).specific


def old_token(page, seconds=60):
    """A form token issued `seconds` ago (a person took that long to type)."""
    with mock.patch("home.forms.time.time", return_value=time.time() - seconds):
        return form_token(page.pk)


def post_question(client, school, page, **overrides):
    data = {
        "name": "Nguyễn Thị Lan",
        "contact": "0905 123 456",
        "text": "Khi nào trường họp phụ huynh đầu năm?",
        "consent": "on",
        "website": "",
        "token": old_token(page),
        **overrides,
    }
    return client.post(
        reverse("visitor_submit", args=[page.pk]), data, HTTP_HOST=school.site.hostname
    )


# --- Structure ------------------------------------------------------------------------


def test_provisioning_creates_the_nine_sections_and_keeps_four_fixed(school):
    slugs = list(school.home_page.get_children().values_list("slug", flat=True))
    assert slugs == [section.slug for section in SCHOOL_SECTIONS]
    assert [s.slug for s in FIXED_SECTIONS] == ["gioi-thieu", "cong-khai", "chuyen-mon", "tin-tuc"]
    for slug in NEW_SLUGS:
        page = section_page(school, slug)
        assert page.live and page.is_fixed_page
        assert page.get_workflow() is not None  # approval like news


def test_existing_schools_get_the_new_sections_once(school):
    for slug in NEW_SLUGS:
        section_page(school, slug).delete()
    call_command("add_school_sections", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert set(NEW_SLUGS) <= set(school.home_page.get_children().values_list("slug", flat=True))
    assert ensure_school_sections(school) == []  # idempotent


def test_school_editor_cannot_delete_move_or_reslug_a_new_section(client, school, editor):
    page = section_page(school, "hoi-dap")
    tester = page.permissions_for_user(editor)
    assert not tester.can_delete() and not tester.can_move() and not tester.can_unpublish()
    client.force_login(editor)
    response = client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    assert response.status_code in (302, 403)
    assert type(page).objects.filter(pk=page.pk).exists()
    assert "home.EventIndexPage" in SchoolHomePage.subpage_types


# --- Sự kiện ----------------------------------------------------------------------------


def add_event(school, title, starts_on, **fields):
    index = section_page(school, "su-kien")
    return index.add_child(
        instance=EventPage(title=title, starts_on=starts_on, kind="hop-phu-huynh", **fields)
    )


def test_events_list_month_view_home_and_ical_feed(client, school, other_school):
    today = timezone.localdate()
    add_event(
        school,
        "Họp phụ huynh đầu năm; lớp 6, 7",
        today + datetime.timedelta(days=3),
        start_time=datetime.time(7, 30),
        end_time=datetime.time(9, 0),
        location="Hội trường",
    )
    add_event(school, "Khai giảng", today + datetime.timedelta(days=10))
    add_event(other_school, "Sự kiện trường khác", today + datetime.timedelta(days=2))
    host = school.site.hostname
    listing = client.get("/su-kien/", HTTP_HOST=host).content.decode()
    assert "Họp phụ huynh đầu năm" in listing and "Sự kiện trường khác" not in listing
    month = client.get(f"/su-kien/thang/{today.year}/{today.month}/", HTTP_HOST=host)
    assert month.status_code == 200 and 'aria-current="date"' in month.content.decode()
    assert client.get("/su-kien/thang/2026/13/", HTTP_HOST=host).status_code == 404
    home = client.get("/", HTTP_HOST=host).content.decode()
    assert "Sự kiện sắp tới" in home and "Họp phụ huynh đầu năm" in home

    response = client.get("/su-kien/lich.ics", HTTP_HOST=host)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Họp phụ huynh đầu năm; lớp 6, 7", "Khai giảng"}
    meeting = events["Họp phụ huynh đầu năm; lớp 6, 7"]
    assert meeting.decoded("dtstart").hour == 7 and str(meeting["location"]) == "Hội trường"
    (zone,) = calendar.walk("VTIMEZONE")  # the TZID the timed events use is defined
    assert str(zone["tzid"]) == meeting["dtstart"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert "TZOFFSETTO:+0700" in response.content.decode()
    opening = events["Khai giảng"]
    assert opening.decoded("dtend") - opening.decoded("dtstart") == datetime.timedelta(days=1)
    assert str(opening["url"]).startswith("http://") and "/su-kien/khai-giang/" in str(
        opening["url"]
    )


def test_event_that_ends_before_it_starts_is_refused(school):
    from django.core.exceptions import ValidationError

    event = EventPage(
        title="Thi học kỳ",
        starts_on=datetime.date(2026, 12, 20),
        ends_on=datetime.date(2026, 12, 18),
    )
    event.slug = "thi"
    with pytest.raises(ValidationError) as error:
        event.clean()
    assert "Ngày kết thúc" in str(error.value)


# --- Lịch công tác tuần ---------------------------------------------------------------


def test_week_view_with_office_items_today_and_previous_next(client, school, office):
    monday = monday_of(timezone.localdate())
    today = timezone.localdate()
    index = section_page(school, "lich-cong-tac")
    index.add_child(
        instance=WorkWeekPage(
            title=f"Tuần {monday:%d/%m}",
            week_start=monday,
            entries=[
                (
                    "entry",
                    {
                        "day": today,
                        "session": "sang",
                        "time": datetime.time(7, 0),
                        "content": "Chào cờ <b>đầu tuần</b>",
                        "participants": "Toàn trường",
                        "place": "Sân trường",
                        "chair": "Hiệu trưởng",
                        "notes": "",
                        "emphasised": True,
                    },
                )
            ],
        )
    )
    portal = office.site.root_page
    office_index = OfficeWorkScheduleIndexPage.objects.child_of(portal).get()
    entry = {
        "day": today,
        "session": "chieu",
        "time": datetime.time(14, 0),
        "content": "Họp hiệu trưởng các trường",
        "participants": "Hiệu trưởng",
        "place": "Phòng GD&ĐT",
        "chair": "Trưởng phòng",
        "notes": "",
        "emphasised": False,
    }
    office_index.add_child(
        instance=OfficeWorkWeekPage(
            title="Tuần của phòng",
            week_start=monday,
            entries=[
                ("entry", {**entry, "for_all_schools": True}),
                ("entry", {**entry, "content": "Việc nội bộ của phòng", "for_all_schools": False}),
            ],
        )
    )
    html = client.get("/lich-cong-tac/", HTTP_HOST=school.site.hostname).content.decode()
    assert "Chào cờ &lt;b&gt;đầu tuần&lt;/b&gt;" in html  # escaped
    assert 'class="week-day today"' in html and "Hôm nay" in html
    assert "Họp hiệu trưởng các trường" in html and "Việc nội bộ của phòng" not in html
    previous = monday - datetime.timedelta(days=7)
    assert f"/lich-cong-tac/tuan/{previous:%Y-%m-%d}/" in html
    old = client.get(f"/lich-cong-tac/tuan/{previous:%Y-%m-%d}/", HTTP_HOST=school.site.hostname)
    assert old.status_code == 200 and "Chào cờ" not in old.content.decode()


def test_week_must_start_on_monday_and_hold_only_its_days(school):
    from django.core.exceptions import ValidationError

    monday = monday_of(datetime.date(2026, 11, 4))
    week = WorkWeekPage(title="Tuần", slug="tuan", week_start=monday + datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="thứ Hai"):
        week.clean()
    week.week_start = monday
    week.entries = [
        (
            "entry",
            {"day": monday + datetime.timedelta(days=9), "session": "sang", "content": "Họp"},
        )
    ]
    with pytest.raises(ValidationError, match="không thuộc tuần này"):
        week.clean()


# --- Hỏi đáp – liên hệ ---------------------------------------------------------------


def test_question_page_is_cacheable_and_has_no_csrf(client, school, settings):
    settings.PAGE_CACHE_ENABLED = True
    host = school.site.hostname
    first = client.get("/hoi-dap/", HTTP_HOST=host)
    assert first.status_code == 200 and "csrfmiddlewaretoken" not in first.content.decode()
    assert not first.cookies
    assert client.get("/hoi-dap/", HTTP_HOST=host)["X-Cache"] == "HIT"


def test_question_arrives_unpublished_escaped_and_notifies_editors(
    client, school, editor, django_capture_on_commit_callbacks
):
    page = section_page(school, "hoi-dap")
    text = 'Xem <a href="http://lua-dao.example">đây</a> và http://lua-dao.example'
    with django_capture_on_commit_callbacks(execute=True):
        response = post_question(client, school, page, text=text)
    assert response.status_code == 302 and "da-gui=1" in response["Location"]
    message = VisitorMessage.objects.get()
    assert message.school == school and message.status == VisitorMessage.Status.NEW
    assert len(mail.outbox) == 1 and editor.email in mail.outbox[0].to
    html = client.get("/hoi-dap/", HTTP_HOST=school.site.hostname).content.decode()
    assert "lua-dao" not in html  # nothing public before approval
    message.answer = "Nhà trường sẽ thông báo qua giáo viên chủ nhiệm."
    message.status = VisitorMessage.Status.PUBLISHED
    message.full_clean()
    message.save()
    html = client.get("/hoi-dap/", HTTP_HOST=school.site.hostname).content.decode()
    assert "&lt;a href=&quot;http://lua-dao.example&quot;&gt;" in html
    assert 'href="http://lua-dao.example"' not in html  # never a link
    assert "0905 123 456" not in html and "Nguyễn Thị Lan" not in html


def test_bad_input_gets_vietnamese_messages_and_saves_nothing(client, school):
    page = section_page(school, "hoi-dap")
    response = post_question(client, school, page, text="x" * 5000, consent="", name="")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Tối đa 3000 ký tự" in html and "Cần đồng ý" in html and "Cần nhập họ và tên" in html
    fast = post_question(client, school, page, token=form_token(page.pk))
    assert fast.status_code == 400 and "quá nhanh" in fast.content.decode()
    forged = post_question(client, school, page, token="gia-mao")
    assert forged.status_code == 400
    assert not VisitorMessage.objects.exists()


def test_honeypot_filled_is_dropped_silently(client, school):
    page = section_page(school, "hoi-dap")
    response = post_question(client, school, page, website="http://spam.example")
    assert response.status_code == 302
    assert not VisitorMessage.objects.exists()


def test_form_of_one_school_cannot_post_into_another(client, school, other_school):
    page = section_page(school, "hoi-dap")
    response = client.post(
        reverse("visitor_submit", args=[page.pk]),
        {"name": "A", "contact": "B", "text": "C", "consent": "on", "token": old_token(page)},
        HTTP_HOST=other_school.site.hostname,
    )
    assert response.status_code == 404
    assert not VisitorMessage.objects.exists()


@override_settings(VISITOR_RATE_LIMIT=2, TRUSTED_PROXIES=["10.0.0.1"])
def test_rate_limit_per_client_address_behind_the_trusted_proxy(client, school):
    page = section_page(school, "hoi-dap")
    proxied = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    url = reverse("visitor_submit", args=[page.pk])
    data = {
        "name": "A",
        "contact": "0905",
        "text": "Câu hỏi",
        "consent": "on",
        "token": old_token(page),
    }
    host = school.site.hostname
    codes = [client.post(url, data, HTTP_HOST=host, **proxied).status_code for _ in range(3)]
    assert codes == [302, 302, 429]
    # Another address behind the same proxy is not limited; a spoofed header from an
    # untrusted peer counts against that peer.
    other = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.8"}
    assert client.post(url, data, HTTP_HOST=host, **other).status_code == 302
    spoof = {"REMOTE_ADDR": "198.51.100.9", "HTTP_X_FORWARDED_FOR": "203.0.113.99"}
    codes = [client.post(url, data, HTTP_HOST=host, **spoof).status_code for _ in range(3)]
    assert codes == [302, 302, 429]
    assert VisitorMessage.objects.count() == 5


def test_contact_details_are_erased_after_the_retention_time(school, settings):
    settings.VISITOR_CONTACT_RETENTION_DAYS = 365
    page = section_page(school, "hoi-dap")
    now = timezone.now()
    common = {"school": school, "page": page, "kind": "cau-hoi", "consented_at": now}
    old = VisitorMessage.objects.create(name="A", contact="0901", text="Hỏi 1", **common)
    recent = VisitorMessage.objects.create(name="B", contact="0902", text="Hỏi 2", **common)
    unanswered = VisitorMessage.objects.create(name="C", contact="0903", text="Hỏi 3", **common)
    VisitorMessage.objects.filter(pk=old.pk).update(
        answer="Đáp", answered_at=now - datetime.timedelta(days=366)
    )
    VisitorMessage.objects.filter(pk=recent.pk).update(
        answer="Đáp", answered_at=now - datetime.timedelta(days=30)
    )
    call_command("erase_visitor_contacts", stdout=open("/dev/null", "w"))  # noqa: SIM115
    old.refresh_from_db()
    recent.refresh_from_db()
    unanswered.refresh_from_db()
    assert (old.name, old.contact) == ("", "") and old.contact_erased_at is not None
    assert old.text == "Hỏi 1"  # the question itself stays
    assert recent.contact == "0902" and unanswered.contact == "0903"
    VisitorMessage.objects.filter(pk=unanswered.pk).update(
        created_at=now - datetime.timedelta(days=400)
    )
    assert VisitorMessage.erase_expired_contacts() == 1  # never answered, but as old
    unanswered.refresh_from_db()
    assert unanswered.contact == "" and unanswered.text == "Hỏi 3"


def test_a_new_question_does_not_clear_the_page_cache_but_publishing_does(client, school, settings):
    settings.PAGE_CACHE_ENABLED = True
    host = school.site.hostname
    client.get("/", HTTP_HOST=host)
    assert client.get("/", HTTP_HOST=host)["X-Cache"] == "HIT"
    page = section_page(school, "hoi-dap")
    post_question(client, school, page)
    assert client.get("/", HTTP_HOST=host)["X-Cache"] == "HIT"
    message = VisitorMessage.objects.get()
    message.answer = "Đáp"
    message.status = VisitorMessage.Status.PUBLISHED
    message.save()
    assert client.get("/", HTTP_HOST=host)["X-Cache"] == "MISS"


# --- Moderation admin: isolation --------------------------------------------------------


def test_moderation_is_scoped_to_the_school(client, school, other_school, editor, other_editor):
    page = section_page(school, "hoi-dap")
    message = VisitorMessage.objects.create(
        school=school,
        page=page,
        kind="cau-hoi",
        name="Phụ huynh",
        contact="ph@example.test",
        text="<script>alert(1)</script> Câu hỏi của trường A",
        consented_at=timezone.now(),
    )
    index = reverse("hoi_dap:index")
    edit = reverse("hoi_dap:edit", args=[message.pk])
    client.force_login(editor)
    html = client.get(index).content.decode()
    assert "Câu hỏi của trường A" in html and "<script>alert(1)</script>" not in html
    edit_html = client.get(edit).content.decode()
    assert "ph@example.test" in edit_html and "<script>alert(1)</script>" not in edit_html
    response = client.post(edit, {"answer": "Trả lời của trường", "status": "cong-khai"})
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == "cong-khai" and message.answered_at is not None

    client = Client()  # no flash message of the first editor's save
    client.force_login(other_editor)
    assert "Câu hỏi của trường A" not in client.get(index).content.decode()
    assert client.get(edit).status_code in (403, 404)
    assert client.post(edit, {"answer": "x", "status": "an"}).status_code in (403, 404)
    delete = reverse("hoi_dap:delete", args=[message.pk])
    assert client.post(delete).status_code in (403, 404)
    assert VisitorMessage.objects.filter(pk=message.pk, answer="Trả lời của trường").exists()


def test_publishing_an_unanswered_question_is_refused_in_vietnamese(client, school, editor):
    page = section_page(school, "hoi-dap")
    message = VisitorMessage.objects.create(
        school=school, page=page, kind="cau-hoi", text="Hỏi", consented_at=timezone.now()
    )
    client.force_login(editor)
    response = client.post(
        reverse("hoi_dap:edit", args=[message.pk]), {"answer": "", "status": "cong-khai"}
    )
    assert response.status_code == 200 and "Cần có câu trả lời" in response.content.decode()
    message.refresh_from_db()
    assert message.status == "moi"


def test_teacher_cannot_moderate(client, school):
    teacher = make_school_user(school, SchoolRole.TEACHER)
    client.force_login(teacher)
    assert client.get(reverse("hoi_dap:index")).status_code in (302, 403)


# --- Lấy ý kiến -----------------------------------------------------------------------


def test_consultation_open_then_closed_with_summary(client, school):
    index = section_page(school, "lay-y-kien")
    today = timezone.localdate()
    page = index.add_child(
        instance=ConsultationPage(
            title="Dự thảo nội quy",
            slug="du-thao-noi-quy",
            issue="Góp ý dự thảo nội quy nhà trường",
            opens_on=today - datetime.timedelta(days=5),
            closes_on=today + datetime.timedelta(days=5),
            summary="<p>Nhà trường tiếp thu 12 ý kiến.</p>",
        )
    )
    host = school.site.hostname
    html = client.get(page.url_path[len(school.home_page.url_path) - 1 :], HTTP_HOST=host)
    assert 'action="/gui-y-kien/' in html.content.decode()
    response = post_question(client, school, page, text="Đề nghị bỏ quy định đồng phục thứ Bảy")
    assert response.status_code == 302
    assert VisitorMessage.objects.get().kind == VisitorMessage.Kind.COMMENT
    page.closes_on = today - datetime.timedelta(days=1)
    page.save_revision().publish()
    html = client.get("/lay-y-kien/du-thao-noi-quy/", HTTP_HOST=host).content.decode()
    assert "Đã hết thời hạn lấy ý kiến" in html and "tiếp thu 12 ý kiến" in html
    assert 'action="/gui-y-kien/' not in html
    late = post_question(client, school, page.specific)
    assert late.status_code == 400 and "Đã hết thời hạn" in late.content.decode()
    assert VisitorMessage.objects.count() == 1


# --- Tuyển sinh -----------------------------------------------------------------------


def test_enrolment_page_and_office_overview(client, school, other_school, office):
    from home.enrolment import EnrolmentOverviewPage
    from home.models import current_school_year

    enrolment = section_page(school, "tuyen-sinh")
    enrolment.timeline = [
        ("step", {"title": "Nhận hồ sơ trực tuyến", "starts_on": datetime.date(2026, 7, 1)}),
    ]
    enrolment.portal_url = "https://tuyensinh.example.gov.vn"
    enrolment.save_revision().publish()
    html = client.get("/tuyen-sinh/", HTTP_HOST=school.site.hostname).content.decode()
    assert "Nhận hồ sơ trực tuyến" in html and "https://tuyensinh.example.gov.vn" in html
    assert "không được đăng trên trang web" in html
    portal = office.site.root_page
    overview = EnrolmentOverviewPage.objects.child_of(portal).get()
    assert overview.live
    html = client.get(
        "/tuyen-sinh/", {"nam-hoc": current_school_year()}, HTTP_HOST=office.site.hostname
    ).content.decode()
    assert school.name in html and other_school.name in html and "Nhận hồ sơ trực tuyến" in html


def test_two_schools_may_each_have_the_same_week_but_not_one_school_twice(school, other_school):
    from django.core.exceptions import ValidationError

    monday = monday_of(datetime.date(2026, 11, 4))
    for target in (school, other_school):
        section_page(target, "lich-cong-tac").add_child(
            instance=WorkWeekPage(title=f"Tuần {target.slug}", week_start=monday)
        )
    with pytest.raises(ValidationError, match="đã có lịch công tác"):
        section_page(school, "lich-cong-tac").add_child(
            instance=WorkWeekPage(title="Tuần lặp", week_start=monday)
        )


def test_publishing_an_event_clears_the_cached_list_and_feed(client, school, settings):
    settings.PAGE_CACHE_ENABLED = True
    host = school.site.hostname
    for path in ("/su-kien/", "/su-kien/lich.ics"):
        client.get(path, HTTP_HOST=host)
        assert client.get(path, HTTP_HOST=host)["X-Cache"] == "HIT"
    event = add_event(
        school, "Thi học sinh giỏi", timezone.localdate() + datetime.timedelta(days=4)
    )
    event.save_revision().publish()
    listing = client.get("/su-kien/", HTTP_HOST=host)
    assert listing["X-Cache"] == "MISS" and "Thi học sinh giỏi" in listing.content.decode()
    feed = client.get("/su-kien/lich.ics", HTTP_HOST=host)
    assert feed["X-Cache"] == "MISS" and b"Thi h" in feed.content


def test_empty_week_says_so(client, school):
    html = client.get("/lich-cong-tac/", HTTP_HOST=school.site.hostname).content.decode()
    assert "Chưa có lịch công tác cho tuần này." in html


def test_enrolment_may_link_only_its_own_disclosures(school, other_school):
    from django.core.exceptions import ValidationError

    from publicity.demo import publish_disclosure

    own = publish_disclosure(school, "gen_name", "2025-2026", datetime.date(2025, 6, 20))
    foreign = publish_disclosure(other_school, "gen_name", "2025-2026", datetime.date(2025, 6, 20))
    enrolment = section_page(school, "tuyen-sinh")
    enrolment.disclosure_links = [("disclosure", {"page": own, "title": ""})]
    enrolment.full_clean()
    enrolment = section_page(school, "tuyen-sinh")
    enrolment.disclosure_links = [("disclosure", {"page": foreign, "title": ""})]
    with pytest.raises(ValidationError, match="chính trường mình"):
        enrolment.full_clean()


def test_office_inspector_reads_every_school_but_cannot_answer(client, school, other_school):
    from sites.roles import OfficeRole
    from tests.factories import UserFactory

    inspector = UserFactory(username="kiemtra")
    join_office(inspector, OfficeRole.INSPECTOR)
    messages = [
        VisitorMessage.objects.create(
            school=target,
            page=section_page(target, "hoi-dap"),
            kind="cau-hoi",
            text=f"Câu hỏi gửi {target.name}",
            consented_at=timezone.now(),
        )
        for target in (school, other_school)
    ]
    client.force_login(inspector)
    html = client.get(reverse("hoi_dap:index")).content.decode()
    assert f"Câu hỏi gửi {school.name}" in html and f"Câu hỏi gửi {other_school.name}" in html
    edit = reverse("hoi_dap:edit", args=[messages[0].pk])
    assert client.post(edit, {"answer": "x", "status": "cong-khai"}).status_code in (302, 403)
    messages[0].refresh_from_db()
    assert messages[0].answer == "" and messages[0].status == "moi"
