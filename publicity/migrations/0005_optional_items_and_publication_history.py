"""Mark the catalogue's "khác (nếu có)" items optional (from the fixture) and give every
disclosure without a publication log its history from its first publication, so that
"as of" a past day reads what was online (rule 5)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from django.utils import timezone

    from publicity.catalogue import read_fixture

    data = read_fixture()
    optional = [row["code"] for row in data["requirements"] if row.get("is_optional")]
    Requirement = apps.get_model("publicity", "DisclosureRequirement")
    Requirement.objects.filter(catalogue__version=data["version"], code__in=optional).update(
        is_optional=True
    )

    ContentType = apps.get_model("contenttypes", "ContentType")
    PageLogEntry = apps.get_model("wagtailcore", "PageLogEntry")
    DisclosurePage = apps.get_model("publicity", "DisclosurePage")
    content_type, _created = ContentType.objects.get_or_create(
        app_label="publicity", model="disclosurepage"
    )
    have = set(
        PageLogEntry.objects.filter(
            content_type=content_type, action__startswith="wagtail.publish"
        ).values_list("page_id", flat=True)
    )
    entries = []
    for pk, title, live, first, last in DisclosurePage.objects.filter(
        first_published_at__isnull=False
    ).values_list("pk", "title", "live", "first_published_at", "last_published_at"):
        if pk in have:
            continue
        entries.append(
            PageLogEntry(
                content_type=content_type,
                page_id=pk,
                label=title,
                action="wagtail.publish",
                timestamp=first,
                data={"backfilled": True},
            )
        )
        if not live:
            entries.append(
                PageLogEntry(
                    content_type=content_type,
                    page_id=pk,
                    label=title,
                    action="wagtail.unpublish",
                    timestamp=max(last or first, first) or timezone.now(),
                    data={"backfilled": True},
                )
            )
    PageLogEntry.objects.bulk_create(entries, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("publicity", "0004_change_events_calendar_history"),
        ("wagtailcore", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
