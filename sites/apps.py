from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SitesConfig(AppConfig):
    name = "sites"
    label = "sites"
    verbose_name = _("Đơn vị và trường học")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import cache, hosts, page_policy, routing, signals  # noqa: F401 (signal receivers)

        routing.patch_wagtail_page()
        page_policy.register()
