from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PhotosConfig(AppConfig):
    """Pupils' photos under the personal-data law (Luật 91/2025/QH15): the school's consent
    register, faces in uploaded photos, the editor's and approver's confirmations, blurring,
    and parents' takedown requests. Its own app (label `photos`) so its tables and
    migrations stay apart from the page types; it sits in the `home` layer."""

    name = "home.photos"
    label = "photos"
    verbose_name = _("Ảnh học sinh")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401
