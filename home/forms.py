from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm


class FixedPageForm(WagtailAdminPageForm):
    """Title and slug of a fixed section are the same on every school site."""

    def clean(self):
        cleaned = super().clean()
        user = getattr(self, "for_user", None)
        if self.instance.pk and not (user and user.is_superuser):
            locked = ("slug", "title") if getattr(self.instance, "fixed_title", False) else ("slug",)
            for field in locked:
                if field in self.changed_data:
                    self.add_error(
                        field,
                        _("Không được đổi %(field)s của mục cố định.")
                        % {"field": self.fields[field].label},
                    )
        return cleaned
