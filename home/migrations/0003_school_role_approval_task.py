"""The role-based approval task moves from `sites` to `home` (workflows are editing, the
home layer's job). Same table and rows: only Django's state, the content type the task
rows point to, and finally the table's name change."""

import django.db.models.deletion
from django.db import migrations, models

ROLES = [
    ("editor", "Biên tập viên"),
    ("teacher", "Giáo viên"),
    ("group_head", "Tổ trưởng chuyên môn"),
    ("principal", "Hiệu trưởng"),
]


def move_content_type(apps, schema_editor, source="sites", target="home"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    moving = ContentType.objects.using(db).filter(
        app_label=source, model="schoolroleapprovaltask"
    )
    if moving.exists():
        # A content type created for the target already (by post_migrate) has no rows.
        ContentType.objects.using(db).filter(
            app_label=target, model="schoolroleapprovaltask"
        ).delete()
        moving.update(app_label=target)


def move_back(apps, schema_editor):
    move_content_type(apps, schema_editor, source="home", target="sites")


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_vietnamese_search_config"),
        ("sites", "0004_vietnamese_names_for_wagtail_defaults"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SchoolRoleApprovalTask",
                    fields=[
                        (
                            "task_ptr",
                            models.OneToOneField(
                                auto_created=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                parent_link=True,
                                primary_key=True,
                                serialize=False,
                                to="wagtailcore.task",
                            ),
                        ),
                        (
                            "role",
                            models.CharField(
                                choices=ROLES,
                                help_text="Người giữ vai trò này ở chính trường có trang sẽ duyệt bước này.",
                                max_length=20,
                                verbose_name="vai trò duyệt",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "bước duyệt theo vai trò trong trường",
                        "verbose_name_plural": "bước duyệt theo vai trò trong trường",
                        "db_table": "sites_schoolroleapprovaltask",
                    },
                    bases=("wagtailcore.task",),
                )
            ]
        ),
        migrations.RunPython(move_content_type, move_back),
        migrations.AlterModelTable(name="SchoolRoleApprovalTask", table=None),
    ]
