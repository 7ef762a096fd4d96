"""Data for bench/faults.py: an office, one school, writer sessions. Prints JSON state.
Runs under DJANGO_SETTINGS_MODULE=bench.settings with DATABASE_URL/REDIS_URL set."""

import json
import sys


def main(writers):
    import django

    django.setup()
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from sites.provisioning import SchoolSpec, add_school_user, provision_office, provision_school
    from tests.factories import NewsPageFactory

    call_command("migrate", verbosity=0, interactive=False)
    office = provision_office("Phòng Giáo dục và Đào tạo Bench", "bench.test", port=80)
    school, _ = provision_school(office, SchoolSpec(name="THCS Kim Đồng", level="THCS"))
    for number in range(10):
        NewsPageFactory.for_school(school, title=f"Tin thật số {number}")
    index = school.home_page.get_children().get(slug="tin-tuc")
    sessions = []
    for number in range(writers):
        user = add_school_user(
            school,
            "editor",
            username=f"ghi{number}",
            email=f"ghi{number}@bench.test",
            password="bench-123",
        )
        session = SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session.create()
        sessions.append(session.session_key)
    print(
        json.dumps({"host": f"{school.slug}.bench.test", "index": index.pk, "sessions": sessions})
    )


if __name__ == "__main__":
    main(int(sys.argv[1]))
