from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SitesConfig(AppConfig):
    name = "sites"
    label = "sites"
    verbose_name = _("Đơn vị và trường học")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import (  # noqa: F401 (signal receivers)
            admin_filters,
            cache,
            forms,
            hosts,
            media_policy,
            office_policies,
            page_policy,
            restrictions,
            routing,
            settings_policy,
            signals,
            site_rules,
            wagtail_compat,
        )

        # forms -> media -> permissions -> models: attached here, models import no form.
        from .models import SchoolSettings

        SchoolSettings.base_form_class = forms.SchoolSettingsForm
        for module in (cache, hosts, restrictions, routing):
            module.connect_receivers()
        wagtail_compat.apply()
        page_policy.register()
        media_policy.register()
        office_policies.register()
        settings_policy.register()
