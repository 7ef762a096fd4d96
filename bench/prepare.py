"""Build one benchmark database: `python -m bench.prepare <schools> <news> <state.json>`.
Runs under DJANGO_SETTINGS_MODULE=bench.settings with DATABASE_URL pointing at it."""

import datetime
import json
import sys
import time


def main(schools, news, state_path):
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from cms.demo.scale_data import create_scale_data
    from cms.schools.provisioning import SchoolSpec, provision_office, provision_school
    from home.models import NewsCategory, NewsPage, OfficeNewsPage
    from home.sections import NEWS

    today = datetime.date.today()

    started = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    office = provision_office("Phòng Giáo dục và Đào tạo Bench", "bench.test", port=80)
    school, _ = provision_school(office, SchoolSpec(name="THCS Kim Đồng", level="THCS"))
    news_index = school.home_page.get_children().get(slug=NEWS.slug)
    for number in range(news):
        news_index.add_child(
            instance=NewsPage(
                title=f"Tin thật số {number}",
                slug=f"tin-that-so-{number}",
                date=today,
                category=NewsCategory.SCHOOL_LIFE,
                summary="Tóm tắt tin bài.",
                is_pinned=number == 0,
            )
        )
    office_news = office.site.root_page.get_children().get(slug="tin-tuc")
    for number in range(30):
        office_news.add_child(
            instance=OfficeNewsPage(
                title=f"Thông báo của phòng số {number}",
                slug=f"thong-bao-cua-phong-so-{number}",
                date=today,
                summary="Tóm tắt thông báo.",
                for_all_schools=number % 10 == 0,
            )
        )
    create_scale_data(max(schools - 1, 0), news, office=office, port=80)
    get_user_model().objects.create_superuser("bench", "bench@bench.test", "bench-123")
    seconds = round(time.monotonic() - started, 1)
    with open(state_path, "w") as handle:
        json.dump({"schools": schools, "news": news, "seconds": seconds, **staff_session()}, handle)


def staff_session():
    """A session of the bench superuser that has passed the second factor (an enrolled
    TOTP device verified it), as a real login + code leaves it: staff without one are
    sent to the verify screen, and the dashboard row would measure that 302."""
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = get_user_model().objects.get(username="bench")
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="totp", defaults={"confirmed": True}
    )
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return {"session": session.session_key, "second_factor": True}


def refresh_session(state_path):
    """A database built before the bench passed the second factor: a new session."""
    import django

    django.setup()
    with open(state_path) as handle:
        state = json.load(handle)
    state.update(staff_session())
    with open(state_path, "w") as handle:
        json.dump(state, handle)


if __name__ == "__main__":
    if sys.argv[1] == "--session":
        refresh_session(sys.argv[2])
    else:
        main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3])
