from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms.auth import LoginForm


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
