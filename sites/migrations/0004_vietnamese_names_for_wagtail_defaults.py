"""Wagtail's own migrations create two groups and a workflow with English names that
school staff would meet in the admin. They are system-wide (their page permissions sit
at the tree root), so the names also warn: never add a school's user to them."""

from django.db import migrations

RENAMES = {
    "auth.Group": [
        ("Editors", "Biên tập viên toàn hệ thống (không dùng cho trường)"),
        ("Moderators", "Kiểm duyệt viên toàn hệ thống (không dùng cho trường)"),
    ],
    "wagtailcore.Workflow": [("Moderators approval", "Kiểm duyệt viên toàn hệ thống duyệt")],
    "wagtailcore.Task": [("Moderators approval", "Kiểm duyệt viên toàn hệ thống duyệt")],
}


def rename(apps, forward):
    for label, pairs in RENAMES.items():
        model = apps.get_model(label)
        for english, vietnamese in pairs:
            old, new = (english, vietnamese) if forward else (vietnamese, english)
            if not model.objects.filter(name=new).exists():
                model.objects.filter(name=old).update(name=new)


class Migration(migrations.Migration):
    dependencies = [
        ("sites", "0003_school_workflows"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]
    operations = [
        migrations.RunPython(
            lambda apps, editor: rename(apps, True), lambda apps, editor: rename(apps, False)
        )
    ]
