"""Forms of the office's admin screens (schools and their people). Each one hands its data to the provisioning
service, so the admin, the CLI and the tests create schools the same way."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm

from cms.schools.csv_import import SchoolCsvError, check_school_csv, format_row_error
from cms.schools.provisioning import SchoolSpec, validate_specs
from sites.levels import SchoolLevel
from sites.models import HostnameProof, Office, School
from sites.roles import SchoolRole

MAX_CSV_BYTES = 2 * 1024 * 1024


class NewSchoolForm(WagtailAdminModelForm):
    """Add one school; the slug is optional (made from the name when left blank)."""

    class Meta(WagtailAdminModelForm.Meta):
        model = School
        fields = [
            "name",
            "level",
            "slug",
            "address",
            "phone",
            "email",
            "principal_name",
            "legacy_url",
        ]

    def __init__(self, *args, office=None, offices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.office = office
        if offices is not None and len(offices) > 1:
            # Staff of a parent office (or a superuser) choose which office gets the school.
            self.fields["target_office"] = forms.ModelChoiceField(
                queryset=offices,
                initial=office,
                label=_("Đơn vị quản lý"),
                required=True,
            )
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _(
            "Để trống để tạo từ tên trường (bỏ dấu), ví dụ “THCS Kim Đồng” → thcs-kim-dong."
        )

    def validate_unique(self):
        """The provisioning service names slug clashes itself (see clean)."""

    def spec(self):
        data = self.cleaned_data
        return SchoolSpec(**{name: data.get(name) or "" for name in self.Meta.fields})

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("target_office") is not None:
            self.office = cleaned["target_office"]
        if self.errors or self.office is None:
            return cleaned
        for _number, reason in validate_specs(self.office, [self.spec()]):
            self.add_error(None, reason)
        return cleaned


class SchoolDetailsForm(WagtailAdminModelForm):
    """What the office may change on an existing school (not its name, slug or site)."""

    class Meta(WagtailAdminModelForm.Meta):
        model = School
        fields = ["address", "phone", "email", "principal_name", "legacy_url", "is_active"]


class SchoolCsvForm(forms.Form):
    csv_file = forms.FileField(
        label=_("Tệp CSV danh sách trường"),
        help_text=_(
            "Tệp CSV (UTF-8, dấu phẩy hoặc chấm phẩy) hoặc Excel .xlsx. Cột bắt buộc: tên "
            "trường; cấp học (hoặc lấy từ tên); tuỳ chọn: mã trường, địa chỉ, điện thoại, "
            "email, hiệu trưởng, trang web cũ."
        ),
    )

    def __init__(self, *args, office=None, offices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.office = office
        if offices is not None and len(offices) > 1:
            self.fields["target_office"] = forms.ModelChoiceField(
                queryset=offices, initial=office, label=_("Đơn vị quản lý"), required=True
            )
            self.order_fields(["target_office", "csv_file"])
        self.row_errors = []

    def clean_target_office(self):
        self.office = self.cleaned_data["target_office"]
        return self.office

    def clean_csv_file(self):
        upload = self.cleaned_data["csv_file"]
        if upload.size > MAX_CSV_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 2 MB)."))
        data = upload.read()
        try:
            check_school_csv(self.office, data)
        except SchoolCsvError as error:
            self.row_errors = [format_row_error(line, reason) for line, reason in error.rows]
            raise forms.ValidationError(
                _(
                    "Tệp có %(n)d dòng lỗi; chưa nhập trường nào. Hãy sửa các dòng dưới đây "
                    "rồi tải lên lại."
                )
                % {"n": len(error.rows)}
            ) from None
        return data


class SchoolUserForm(forms.Form):
    role = forms.ChoiceField(label=_("Vai trò"), choices=SchoolRole.choices)
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    email = forms.EmailField(
        label=_("Thư điện tử"),
        help_text=_(
            "Tài khoản mới nhận thư mời ở địa chỉ này để tự đặt mật khẩu (liên kết hết hạn "
            "sau 7 ngày; gửi lại ở Cài đặt → Tài khoản và đăng nhập)."
        ),
    )
    first_name = forms.CharField(label=_("Tên"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Họ và tên đệm"), max_length=150, required=False)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=username).first()
        if user is not None and user.is_superuser:
            raise forms.ValidationError(_("Không thể gán vai trò trường cho quản trị hệ thống."))
        return username


class SchoolDomainsForm(forms.Form):
    """A school's main hostname and its aliases; checked by sites.domains, not here."""

    main = forms.CharField(
        label=_("Tên miền chính"),
        max_length=253,
        required=False,  # sites.domains names a missing one, with the other problems
        help_text=_(
            "Ví dụ thcskimdong.hoian.sogddanang.edu.vn, hoặc tên miền riêng của trường "
            "(cần xác minh)."
        ),
    )
    aliases = forms.CharField(
        label=_("Tên miền phụ"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Mỗi dòng một tên miền; các tên miền phụ chuyển hướng (301) về tên miền chính. "
            "Tên miền chính cũ được giữ làm tên miền phụ."
        ),
    )

    def __init__(self, *args, proofs=(), **kwargs):
        super().__init__(*args, **kwargs)
        if proofs:
            # Only while a proof is pending: how the "Kiểm tra" button looks for the token.
            self.fields["method"] = forms.ChoiceField(
                label=_("Cách xác minh"),
                choices=HostnameProof.Method.choices,
                initial=HostnameProof.Method.DNS,
                widget=forms.RadioSelect,
                required=False,
            )

    def alias_list(self):
        return self.cleaned_data["aliases"].splitlines()

    def method(self):
        return self.cleaned_data.get("method") or HostnameProof.Method.DNS


# --- A school's life cycle (cms/schools/lifecycle.py) ----------------------------------


class LifeCycleForm(forms.Form):
    """What every life-cycle change asks: from which day."""

    on = forms.DateField(
        label=_("Từ ngày"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Để trống: hôm nay. Ngày của quyết định, dùng cho báo cáo các kỳ."),
    )


class SchoolRenameForm(LifeCycleForm):
    name = forms.CharField(label=_("Tên trường mới"), max_length=255, required=False)
    level = forms.ChoiceField(
        label=_("Cấp học"), choices=[("", _("Giữ nguyên"))] + SchoolLevel.choices, required=False
    )
    code = forms.CharField(
        label=_("Mã trường mới"),
        max_length=63,
        required=False,
        help_text=_(
            "Để trống để giữ địa chỉ. Đổi mã thì địa chỉ trang web đổi theo; địa chỉ cũ "
            "chuyển hướng (301) về địa chỉ mới."
        ),
    )
    field_order = ["name", "level", "code", "on"]

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].initial = school.name

    def changes(self):
        data = self.cleaned_data
        return {"name": data["name"] or None, "level": data["level"], "code": data["code"]}


class SchoolMoveForm(LifeCycleForm):
    to_office = forms.ModelChoiceField(label=_("Chuyển sang đơn vị"), queryset=Office.objects)
    field_order = ["to_office", "on"]

    def __init__(self, *args, school, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_office"].queryset = offices.exclude(pk=school.office_id)


class SchoolMergeForm(LifeCycleForm):
    schools = forms.ModelMultipleChoiceField(
        label=_("Các trường sáp nhập vào trường này"),
        queryset=School.objects,
        help_text=_(
            "Trang, tin bài, nội dung công khai, ảnh và tài liệu của các trường này chuyển sang "
            "trường này; địa chỉ cũ chuyển hướng (301) về đây."
        ),
    )
    close_accounts = forms.BooleanField(
        label=_("Khoá tài khoản của các trường sáp nhập"),
        required=False,
        help_text=_("Không chọn: tài khoản chuyển sang trường này, giữ vai trò cũ."),
    )
    field_order = ["schools", "close_accounts", "on"]

    def __init__(self, *args, school, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schools"].queryset = (
            schools.filter(is_active=True, closed_on__isnull=True)
            .exclude(pk=school.pk)
            .order_by("name")
        )


class SchoolCloseForm(LifeCycleForm):
    reason = forms.CharField(
        label=_("Căn cứ (quyết định số…)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    field_order = ["reason", "on"]
