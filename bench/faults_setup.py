"""Data for bench/faults.py: an office, one school, writer sessions. Prints JSON state.
Runs under DJANGO_SETTINGS_MODULE=bench.settings with DATABASE_URL/REDIS_URL set."""

import datetime
import json
import sys


def main(writers):
    import django

    django.setup()
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    from django_otp import DEVICE_ID_SESSION_KEY

    from cms.schools.provisioning import (
        SchoolSpec,
        add_school_user,
        provision_office,
        provision_school,
    )
    from home.models import NewsCategory, NewsPage
    from home.sections import NEWS
    from sites.two_factor import enrol

    today = datetime.date.today()

    call_command("migrate", verbosity=0, interactive=False)
    office = provision_office("Phòng Giáo dục và Đào tạo Bench", "bench.test", port=80)
    school, _ = provision_school(office, SchoolSpec(name="THCS Kim Đồng", level="THCS"))
    index = school.home_page.get_children().get(slug=NEWS.slug)
    for number in range(10):
        index.add_child(
            instance=NewsPage(
                title=f"Tin thật số {number}",
                slug=f"tin-that-so-{number}",
                date=today,
                category=NewsCategory.SCHOOL_LIFE,
                summary="Tóm tắt tin bài.",
            )
        )
    sessions = []
    for number in range(writers):
        user = add_school_user(
            school,
            "editor",
            username=f"ghi{number}",
            email=f"ghi{number}@bench.test",
            password="bench-123",
        )
        device, _codes = enrol(user)  # staff sessions must have passed the second factor
        session = SessionStore()
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session.create()
        sessions.append(session.session_key)
    # The admin's add form as Wagtail's own test helpers encode it (the fields of
    # tests/editing/helpers.news_form_data); the writers fill in title and slug.
    form = nested_form_data(
        {
            "date": today.isoformat(),
            "category": NewsCategory.SCHOOL_LIFE.value,
            "summary": "Tóm tắt.",
            "body": streamfield([]),
            "attachments": streamfield([]),
            "comments": inline_formset([]),
            "gallery_photos": inline_formset([]),
        }
    )
    state = {"host": f"{school.slug}.bench.test", "index": index.pk, "sessions": sessions}
    print(json.dumps({**state, "form": form}))


if __name__ == "__main__":
    main(int(sys.argv[1]))
