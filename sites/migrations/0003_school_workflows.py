"""The shared approval workflows every school uses (see sites/workflows.py)."""

from django.db import migrations

PRINCIPAL_TASK = "Hiệu trưởng duyệt"
GROUP_HEAD_TASK = "Tổ trưởng chuyên môn duyệt"
WORKFLOWS = [
    ("Tin bài, giới thiệu: biên tập viên → hiệu trưởng", [PRINCIPAL_TASK]),
    ("Tài liệu chuyên môn: giáo viên → tổ trưởng → hiệu trưởng", [GROUP_HEAD_TASK, PRINCIPAL_TASK]),
    ("Công khai: biên tập viên → hiệu trưởng", [PRINCIPAL_TASK]),
]


def create_workflows(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Task = apps.get_model("sites", "SchoolRoleApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")

    task_type, _ = ContentType.objects.get_or_create(
        app_label="sites", model="schoolroleapprovaltask"
    )
    tasks = {}
    for name, role in ((PRINCIPAL_TASK, "principal"), (GROUP_HEAD_TASK, "group_head")):
        tasks[name] = Task.objects.filter(name=name).first() or Task.objects.create(
            name=name, role=role, content_type=task_type, active=True
        )
    for name, task_names in WORKFLOWS:
        if Workflow.objects.filter(name=name).exists():
            continue
        workflow = Workflow.objects.create(name=name, active=True)
        for order, task_name in enumerate(task_names):
            WorkflowTask.objects.create(workflow=workflow, task=tasks[task_name], sort_order=order)


def remove_workflows(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("sites", "SchoolRoleApprovalTask")
    Workflow.objects.filter(name__in=[name for name, _ in WORKFLOWS]).delete()
    Task.objects.filter(name__in=[PRINCIPAL_TASK, GROUP_HEAD_TASK]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sites", "0002_school_role_approval_task"),
        ("wagtailcore", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_workflows, remove_workflows)]
