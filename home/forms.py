import time

from django import forms
from django.core import signing
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
        # On an office portal: the media the user's office reaches (not a sibling's).
        add_media_errors(self, school)


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


# --- What visitors send (home/visitors.py) ---------------------------------------

MAX_NAME = 100
MAX_CONTACT = 200
MAX_TEXT = 3000
TOKEN_SALT = "home.visitors.form"  # noqa: S105 (a signing namespace, not a secret)
TOKEN_MIN_AGE = 3  # seconds: a person needs longer than this to type a question
TOKEN_MAX_AGE = 2 * 24 * 3600  # the form may sit in the page cache and in a browser tab
HONEYPOT_FIELD = "website"


def form_token(page_id):
    """Signed page id and time (django.core.signing): stands in for a CSRF token on a
    cached page, and a form filled faster than a person can type is refused."""
    return signing.dumps({"page": page_id, "at": time.time()}, salt=TOKEN_SALT)


def check_form_token(token, page_id):
    try:
        payload = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
        age = time.time() - float(payload["at"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return False
    return payload.get("page") == page_id and age >= TOKEN_MIN_AGE


class GuardedPublicForm(forms.Form):
    """A form anyone may send from a page kept in the anonymous page cache (no account, no
    CSRF cookie): a honeypot field, and a signed timestamp bound to `token_key` that
    refuses a form sent too fast or too late. `text_fields` get Vietnamese length messages
    and lose NUL characters."""

    # Hidden from people by CSS and aria-hidden; bots fill every field.
    website = forms.CharField(label=_("Để trống ô này"), required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    text_fields = ()

    def __init__(self, *args, token_key, **kwargs):
        kwargs["initial"] = {"token": form_token(token_key), **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.token_key = token_key
        for name in self.text_fields:
            field = self.fields[name]
            if field.required:
                field.error_messages["required"] = _("Cần nhập %(field)s.") % {
                    "field": str(field.label).lower()
                }
            field.error_messages["max_length"] = _(
                "Tối đa %(limit_value)d ký tự (đang có %(show_value)d)."
            )
        self.fields[HONEYPOT_FIELD].widget.attrs.update(tabindex="-1", autocomplete="off")

    def is_bot(self):
        return bool(self.data.get(HONEYPOT_FIELD))

    def clean(self):
        cleaned = super().clean()
        if not check_form_token(self.data.get("token", ""), self.token_key):
            # Shown above the form: the token field itself is hidden.
            raise forms.ValidationError(
                _(
                    "Biểu mẫu đã hết hạn hoặc được gửi quá nhanh. Vui lòng tải lại trang rồi gửi lại."
                )
            )
        for name in self.text_fields:
            if name in cleaned:
                cleaned[name] = cleaned[name].replace("\x00", "").strip()
        return cleaned


class VisitorMessageForm(GuardedPublicForm):
    """No account, no attachments: name, contact, text, consent; plus the honeypot and
    the signed timestamp."""

    name = forms.CharField(label=_("Họ và tên"), max_length=MAX_NAME)
    contact = forms.CharField(
        label=_("Điện thoại hoặc thư điện tử"),
        max_length=MAX_CONTACT,
        help_text=_("Để nhà trường liên hệ trả lời; không hiện công khai."),
    )
    text = forms.CharField(
        label=_("Nội dung"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 6})
    )
    consent = forms.BooleanField(
        label=_("Tôi đồng ý với cách nhà trường sử dụng thông tin của tôi nêu trên."),
        error_messages={"required": _("Cần đồng ý với điều khoản sử dụng thông tin để gửi.")},
    )
    text_fields = ("name", "contact", "text")
    field_order = ["name", "contact", "text", "consent", "website", "token"]

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, token_key=page.pk, **kwargs)
        self.page = page

    def clean(self):
        cleaned = super().clean()
        if not self.page.accepts_messages():
            raise forms.ValidationError(_("Đã hết thời hạn lấy ý kiến."))
        return cleaned
