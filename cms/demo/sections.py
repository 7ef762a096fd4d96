"""Demo content for the five protected sections (issue 14): one filled example of
each per school. Idempotent: a section that already has content is left alone. The
query-budget tests build their world with it too, so budgets measure real pages."""

import datetime

from django.utils import timezone

from home.events import EventKind, EventPage
from home.models import PortalHomePage
from home.schedule import (
    OfficeWorkScheduleIndexPage,
    OfficeWorkWeekPage,
    WorkWeekPage,
    monday_of,
)
from home.sections import CONSULTATIONS, ENROLMENT, EVENTS, QUESTIONS, WORK_SCHEDULE
from home.visitors import ConsultationPage, VisitorMessage


def _section(school, section):
    return school.home_page.get_children().get(slug=section.slug).specific


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _entry(day, session, time, content, **extra):
    return (
        "entry",
        {
            "day": day,
            "session": session,
            "time": time,
            "content": content,
            "participants": extra.get("participants", ""),
            "place": extra.get("place", ""),
            "chair": extra.get("chair", ""),
            "notes": extra.get("notes", ""),
            "emphasised": extra.get("emphasised", False),
            **({"for_all_schools": extra["for_all_schools"]} if "for_all_schools" in extra else {}),
        },
    )


def seed_school_sections(school, today=None):
    """Fill Tuyển sinh, Lịch công tác tuần, Hỏi đáp, Lấy ý kiến and Sự kiện of a school;
    returns how many sections it filled."""
    today = today or timezone.localdate()
    filled = 0
    events = _section(school, EVENTS)
    if not EventPage.objects.child_of(events).exists():
        for offset, kind, title, place in (
            (5, EventKind.PARENTS_MEETING, "Họp phụ huynh học sinh đầu năm", "Các phòng học"),
            (12, EventKind.TEACHING_CONTEST, "Hội giảng chào mừng ngày Nhà giáo Việt Nam", ""),
            (25, EventKind.EXAM, "Kiểm tra giữa học kỳ I", "Trường"),
            (-20, EventKind.OPENING, "Lễ khai giảng năm học mới", "Sân trường"),
        ):
            _publish(
                events,
                EventPage(
                    title=title,
                    kind=kind,
                    starts_on=today + datetime.timedelta(days=offset),
                    start_time=datetime.time(7, 30),
                    location=place,
                    summary=f"{title} – {school.name}.",
                ),
            )
        filled += 1

    schedule = _section(school, WORK_SCHEDULE)
    if not WorkWeekPage.objects.child_of(schedule).exists():
        for weeks_back in (1, 0):
            monday = monday_of(today) - datetime.timedelta(days=7 * weeks_back)
            _publish(
                schedule,
                WorkWeekPage(
                    title=f"Lịch công tác tuần {monday:%d/%m/%Y}",
                    slug=f"tuan-{monday:%Y-%m-%d}",
                    week_start=monday,
                    entries=[
                        _entry(
                            monday,
                            "sang",
                            datetime.time(7, 0),
                            "Chào cờ đầu tuần",
                            participants="Toàn trường",
                            place="Sân trường",
                            chair="Hiệu trưởng",
                            emphasised=True,
                        ),
                        _entry(
                            monday + datetime.timedelta(days=2),
                            "chieu",
                            datetime.time(14, 0),
                            "Sinh hoạt tổ chuyên môn",
                            participants="Giáo viên các tổ",
                            place="Phòng họp",
                            chair="Tổ trưởng",
                        ),
                    ],
                ),
            )
        filled += 1

    questions = _section(school, QUESTIONS)
    if not VisitorMessage.objects.filter(page=questions).exists():
        VisitorMessage.objects.create(
            school=school,
            page=questions,
            kind=VisitorMessage.Kind.QUESTION,
            name="Phụ huynh học sinh",
            contact="phuhuynh@example.test",
            text="Xin hỏi nhà trường có tổ chức bán trú cho học sinh lớp 6 không?",
            consented_at=timezone.now(),
            answer="Có. Nhà trường tổ chức bán trú từ thứ Hai đến thứ Sáu; đăng ký với "
            "giáo viên chủ nhiệm.",
            status=VisitorMessage.Status.PUBLISHED,
        )
        filled += 1

    consultations = _section(school, CONSULTATIONS)
    if not ConsultationPage.objects.child_of(consultations).exists():
        _publish(
            consultations,
            ConsultationPage(
                title="Dự thảo nội quy nhà trường năm học mới",
                slug="du-thao-noi-quy",
                issue="Nhà trường lấy ý kiến cha mẹ học sinh về dự thảo nội quy.",
                body="<p>Điều 1. Học sinh đến trường đúng giờ...</p>",
                how_to_comment="<p>Góp ý bằng mẫu trên trang này hoặc qua giáo viên chủ nhiệm.</p>",
                opens_on=today - datetime.timedelta(days=3),
                closes_on=today + datetime.timedelta(days=14),
            ),
        )
        filled += 1

    enrolment = _section(school, ENROLMENT)
    if not enrolment.timeline:
        year = today.year if today.month < 9 else today.year + 1
        enrolment.school_year = f"{year}-{year + 1}"
        enrolment.timeline = [
            (
                "step",
                {
                    "title": "Đăng ký trực tuyến",
                    "starts_on": datetime.date(year, 7, 1),
                    "ends_on": datetime.date(year, 7, 10),
                    "note": "",
                },
            ),
            (
                "step",
                {
                    "title": "Nộp hồ sơ trực tiếp tại trường",
                    "starts_on": datetime.date(year, 7, 11),
                    "ends_on": datetime.date(year, 7, 15),
                    "note": "",
                },
            ),
            (
                "step",
                {
                    "title": "Công bố kết quả",
                    "starts_on": datetime.date(year, 7, 25),
                    "ends_on": None,
                    "note": "Tra cứu trên cổng tuyển sinh",
                },
            ),
        ]
        enrolment.catchment = "<p>Học sinh cư trú trên địa bàn các phường được phân công.</p>"
        enrolment.documents = "<ul><li>Đơn đăng ký</li><li>Bản sao giấy khai sinh</li></ul>"
        enrolment.how_to_apply = "<p>Đăng ký trên cổng tuyển sinh trực tuyến của tỉnh.</p>"
        enrolment.portal_url = "https://tuyensinh.example.gov.vn/"
        enrolment.results_info = (
            "Cha mẹ tra cứu kết quả của con trên cổng tuyển sinh bằng mã hồ sơ."
        )
        enrolment.save_revision().publish()
        filled += 1
    return filled


def seed_office_sections(today=None):
    """The office's own weekly schedule: one item for all schools."""
    today = today or timezone.localdate()
    portal = PortalHomePage.objects.first()
    if portal is None:
        return
    # Provisioning gave the portal its sections (home/sections.py PORTAL_SECTIONS).
    index = OfficeWorkScheduleIndexPage.objects.child_of(portal).get()
    monday = monday_of(today)
    if not OfficeWorkWeekPage.objects.child_of(index).filter(week_start=monday).exists():
        _publish(
            index,
            OfficeWorkWeekPage(
                title=f"Lịch công tác tuần {monday:%d/%m/%Y}",
                slug=f"tuan-{monday:%Y-%m-%d}",
                week_start=monday,
                entries=[
                    _entry(
                        monday + datetime.timedelta(days=3),
                        "sang",
                        datetime.time(8, 0),
                        "Họp giao ban hiệu trưởng các trường",
                        participants="Hiệu trưởng các trường",
                        place="Hội trường Phòng GDĐT",
                        chair="Trưởng phòng",
                        emphasised=True,
                        for_all_schools=True,
                    ),
                ],
            ),
        )
