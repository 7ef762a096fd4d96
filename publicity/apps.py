from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicityConfig(AppConfig):
    name = "publicity"
    verbose_name = _("Công khai")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.permissions import register_permission_policy

        # Importing `signals` connects the summary invalidation (its receivers name their
        # senders); the retention guard and the roll-up connect to theirs below.
        from . import retention, rollup, signals  # noqa: F401

        retention.connect_receivers()
        rollup.connect_receivers()
        from .models import (
            DisclosureCatalogue,
            DisclosureChange,
            DisclosureDeferral,
            DisclosureRequirement,
            SchoolYearCalendar,
        )
        from .permissions import OfficeCalendarPolicy, OfficeCataloguePolicy, SchoolEventPolicy

        for model in (DisclosureCatalogue, DisclosureRequirement):
            register_permission_policy(model, OfficeCataloguePolicy(model))
        register_permission_policy(SchoolYearCalendar, OfficeCalendarPolicy(SchoolYearCalendar))
        for model in (DisclosureChange, DisclosureDeferral):
            register_permission_policy(model, SchoolEventPolicy(model))
