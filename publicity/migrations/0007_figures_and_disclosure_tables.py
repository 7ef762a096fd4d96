"""Issue 23. The figures count optional items apart (publicity.figures): a new counter,
and the stored per-school rows dropped, since they counted a published optional item as
on time or late. They are computed again on the next read (or by the nightly run); the
office snapshots of past days keep their numbers (their `optional` stays 0). And a
disclosure may carry tables (fees, staff, rooms)."""

import wagtail.fields
from django.db import migrations, models


def drop_stored_school_figures(apps, schema_editor):
    apps.get_model("publicity", "SchoolComplianceSummary").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("publicity", "0006_calendar_breaks_inline"),
    ]

    operations = [
        migrations.AddField(
            model_name="officecompliancesnapshot",
            name="optional",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="schoolcompliancesummary",
            name="optional",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(drop_stored_school_figures, migrations.RunPython.noop),
        migrations.AddField(
            model_name="disclosurepage",
            name="tables",
            field=wagtail.fields.StreamField(
                [("table", 0)],
                blank=True,
                block_lookup={
                    0: ("wagtail.contrib.table_block.blocks.TableBlock", (), {"label": "Bảng"})
                },
                verbose_name="bảng số liệu",
            ),
        ),
    ]
