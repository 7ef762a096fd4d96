"""Usernames are unique whatever their case: "NguyenAn" next to "nguyenan" is a look-alike
an insider could use. Forms refuse it with a message (sites/provisioning.py); this index
makes the database refuse it on every path. Plain SQL: auth.User is Django's model."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("sites", "0007_seed_blocked_domains_and_principal_only_settings"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE UNIQUE INDEX IF NOT EXISTS auth_user_username_ci_uniq "
            "ON auth_user (LOWER(username));",
            "DROP INDEX IF EXISTS auth_user_username_ci_uniq;",
        )
    ]
