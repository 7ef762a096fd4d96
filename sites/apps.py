from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SitesConfig(AppConfig):
    name = "sites"
    label = "sites"
    verbose_name = _("Đơn vị và trường học")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import admin_filters, cache, routing, signals, site_rules  # noqa: F401 (receivers)

        routing.patch_wagtail_page()
        admin_filters.patch_wagtail_filtersets()
        site_rules.patch_wagtail_site_form()
