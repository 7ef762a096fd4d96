from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.forms.pages import CopyForm

from sites.media import add_media_errors
from sites.permissions import school_of_page

from .slugs import VietnameseSlugField, free_slug, slug_is_taken, slug_taken_message


class SchoolMediaCheckMixin:
    """For every page form: a school page may only use its own school's images and
    documents. The chooser hides other schools' media, but a crafted post can still
    send any id, so the check is made here, on the server."""

    def _post_clean(self):
        super()._post_clean()  # the instance now holds the posted values
        located = self.instance if self.instance.path else self.parent_page
        school = school_of_page(located) if located is not None and located.path else None
        add_media_errors(self, school)  # none on the office portal: it may use any media


class VietnameseSlugMixin:
    """The saved slug is the folded Vietnamese one whatever the browser sent, and a slug
    a sibling already has gets a Vietnamese error with the next free one filled in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        old = self.fields.get("slug")
        if old is not None:
            self.fields["slug"] = VietnameseSlugField(
                max_length=old.max_length,
                required=old.required,
                label=old.label,
                help_text=old.help_text,
                widget=old.widget,
                initial=old.initial,
            )

    def clean(self):
        slug = self.cleaned_data.get("slug")  # before Wagtail's clean drops a taken one
        cleaned = super().clean()
        parent = getattr(self, "parent_page", None)
        if slug and parent is not None and slug_is_taken(parent, slug, self.instance):
            suggestion = free_slug(parent, slug, self.instance, date=cleaned.get("date"))
            # Replaces Wagtail's English "already in use" error.
            self._errors["slug"] = self.error_class([slug_taken_message(slug, suggestion)])
            cleaned.pop("slug", None)
            data = self.data.copy()
            data[self.add_prefix("slug")] = suggestion
            self.data = data
        return cleaned


class VietnameseCopyForm(CopyForm):
    """The copy/alias form: its new slug is folded on the server too (typed without
    JavaScript or pasted with diacritics), before Wagtail checks it against the siblings."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        old = self.fields["new_slug"]
        self.fields["new_slug"] = VietnameseSlugField(
            label=old.label, widget=old.widget, initial=old.initial
        )


class SchoolPageForm(SchoolMediaCheckMixin, VietnameseSlugMixin, WagtailAdminPageForm):
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
