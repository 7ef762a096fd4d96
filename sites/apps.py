from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SitesConfig(AppConfig):
    name = "sites"
    label = "sites"
    verbose_name = _("Đơn vị và trường học")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import admin_filters, cache, signals, site_rules, wagtail_compat  # noqa: F401

        wagtail_compat.apply()
