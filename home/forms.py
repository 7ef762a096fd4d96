from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm


class SchoolMediaCheckMixin:
    """For every page form: a school page may only use its own school's images and
    documents. The chooser hides other schools' media, but a crafted post can still
    send any id, so the check is made here, on the server. sites/wagtail_hooks.py mixes
    it into every page type's form, including custom ones."""

    def _post_clean(self):
        super()._post_clean()  # the instance now holds the posted values
        from sites.permissions import (
            media_outside_school,
            refuse_foreign_media,
            school_of_page,
        )

        user = getattr(self, "for_user", None)
        if user is not None and user.is_superuser:
            return
        located = self.instance if self.instance.path else self.parent_page
        school = school_of_page(located) if located is not None and located.path else None
        if school is None:
            return  # the office portal may use any media
        for field, item in media_outside_school(self.instance, school):
            refuse_foreign_media(self, field, item)


class SchoolPageForm(SchoolMediaCheckMixin, WagtailAdminPageForm):
    pass


class FixedPageForm(SchoolPageForm):
    """Title and slug of a fixed section are the same on every school site."""

    def clean(self):
        cleaned = super().clean()
        user = getattr(self, "for_user", None)
        if self.instance.pk and not (user and user.is_superuser):
            locked = (
                ("slug", "title") if getattr(self.instance, "fixed_title", False) else ("slug",)
            )
            for field in locked:
                if field in self.changed_data:
                    self.add_error(
                        field,
                        _("Không được đổi %(field)s của mục cố định.")
                        % {"field": self.fields[field].label},
                    )
        return cleaned
