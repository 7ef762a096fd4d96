from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicityConfig(AppConfig):
    name = "publicity"
    verbose_name = _("Công khai")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from .models import DisclosureCatalogue, DisclosureRequirement
        from .permissions import OfficeCataloguePolicy

        # Importing connects the receivers (retention guards, summary invalidation).
        from . import retention, signals  # noqa: F401

        for model in (DisclosureCatalogue, DisclosureRequirement):
            register_permission_policy(model, OfficeCataloguePolicy(model))
