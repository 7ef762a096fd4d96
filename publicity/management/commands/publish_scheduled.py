"""Wagtail's publish_scheduled, with the 5-year rule first: a disclosure still inside its
5 years loses a scheduled expiry instead of going offline (TT 09/2024, rule 11). The
publicity app comes before wagtail in INSTALLED_APPS, so this command is the one run."""

from django.utils import timezone

from wagtail.management.commands.publish_scheduled import Command as WagtailCommand

from publicity.models import DisclosurePage, retained_disclosures_under


class Command(WagtailCommand):
    def handle(self, *args, **options):
        due = DisclosurePage.objects.filter(live=True, expire_at__lt=timezone.now())
        kept = [page for page in due if retained_disclosures_under(page).exists()]
        if kept and not options.get("dryrun"):
            DisclosurePage.objects.filter(pk__in=[p.pk for p in kept]).update(expire_at=None)
        for page in kept:
            self.stdout.write(
                f"Giữ nội dung công khai “{page.title}”: chưa đủ 5 năm kể từ ngày công khai, "
                "bỏ ngày hết hạn."
            )
        return super().handle(*args, **options)
