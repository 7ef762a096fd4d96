from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicityConfig(AppConfig):
    name = "publicity"
    verbose_name = _("Công khai")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.permissions import register_permission_policy

        # Importing connects the receivers (retention guards, summary invalidation).
        from . import retention, signals  # noqa: F401
        from .models import (
            DisclosureCatalogue,
            DisclosureChange,
            DisclosureDeferral,
            DisclosureRequirement,
            SchoolYearCalendar,
        )
        from .permissions import OfficeCataloguePolicy, SchoolEventPolicy

        for model in (DisclosureCatalogue, DisclosureRequirement, SchoolYearCalendar):
            register_permission_policy(model, OfficeCataloguePolicy(model))
        for model in (DisclosureChange, DisclosureDeferral):
            register_permission_policy(model, SchoolEventPolicy(model))
