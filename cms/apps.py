from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectConfig(AppConfig):
    """The project itself, installed so it can hold what needs every app: provisioning of
    a school's pages, the office's school screens, the demo and the setup commands."""

    name = "cms"
    label = "cms"
    verbose_name = _("Trường Số")
    default_auto_field = "django.db.models.BigAutoField"
