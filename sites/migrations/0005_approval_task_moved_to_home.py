"""SchoolRoleApprovalTask now belongs to `home` (home/migrations/0003 takes over its
table); here it only leaves `sites`' migration state."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("sites", "0004_vietnamese_names_for_wagtail_defaults"),
        ("home", "0003_school_role_approval_task"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="SchoolRoleApprovalTask")]
        )
    ]
