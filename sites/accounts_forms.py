from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms.auth import LoginForm, PasswordResetForm


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Mã xác thực"),
        max_length=32,
        help_text=_("6 chữ số trong ứng dụng xác thực trên điện thoại, hoặc một mã dự phòng."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
        error_messages={"required": _("Hãy nhập mã xác thực.")},
    )


class SetupCodeForm(CodeForm):
    code = forms.CharField(
        label=_("Mã trong ứng dụng"),
        max_length=12,
        help_text=_("Nhập 6 chữ số ứng dụng vừa hiện để xác nhận đã cài đặt đúng."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        error_messages={"required": _("Hãy nhập mã xác thực.")},
    )


class AdminLoginForm(LoginForm):
    """Wagtail's login form leaves the password field unlabelled, so Django shows the
    bare English field name; school staff should read Vietnamese."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Tên đăng nhập")
        self.fields["password"].label = _("Mật khẩu")
        self.fields["remember"].label = _("Ghi nhớ đăng nhập")


class EveryAccountPasswordResetForm(PasswordResetForm):
    """ "Quên mật khẩu" for every active account with this address, including one that
    has no usable password yet (invited, never accepted): Django's form skips those, so
    a person whose invitation expired got no mail at all."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Nhập địa chỉ thư điện tử để đặt lại mật khẩu")

    def get_users(self, email):
        users = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
        return (user for user in users if user.email.casefold() == email.casefold())


class InvitationPasswordForm(SetPasswordForm):
    """The invited person's first password (Django's checks, Vietnamese labels)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Mật khẩu")
        self.fields["new_password2"].label = _("Nhập lại mật khẩu")
