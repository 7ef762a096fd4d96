from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    label = "cms"
    verbose_name = _("Vận hành hệ thống")
    default_auto_field = "django.db.models.BigAutoField"
