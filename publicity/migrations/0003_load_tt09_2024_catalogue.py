"""A fresh database gets the Thông tư 09/2024 catalogue from fixtures/."""

from django.db import migrations


def load(apps, schema_editor):
    from publicity.catalogue import load_catalogue, read_fixture

    load_catalogue(
        read_fixture(),
        apps.get_model("publicity", "DisclosureCatalogue"),
        apps.get_model("publicity", "DisclosureRequirement"),
    )


class Migration(migrations.Migration):
    dependencies = [("publicity", "0002_disclosure_catalogue_and_pages")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
