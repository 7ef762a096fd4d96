"""The form of a school's site settings (identity, quick links)."""

from wagtail.admin.forms import WagtailAdminModelForm

from .media import add_media_errors


class SchoolSettingsForm(WagtailAdminModelForm):
    """A school's identity may only use images from the school's own collection."""

    def _post_clean(self):
        super()._post_clean()
        add_media_errors(self, getattr(self.instance.site, "school", None))
