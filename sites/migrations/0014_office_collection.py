import django.db.models.deletion
from django.db import migrations, models


def adopt(apps, schema_editor):
    from sites.office_media import adopt_office_media

    adopt_office_media(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("sites", "0013_blocked_site_kind_and_lottery"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [
        migrations.AddField(
            model_name="office",
            name="collection",
            field=models.OneToOneField(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="office",
                to="wagtailcore.collection",
                verbose_name="thư mục tư liệu",
            ),
        ),
        migrations.RunPython(adopt, migrations.RunPython.noop),
    ]
