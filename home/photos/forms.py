"""Forms of the photos app: the parents' takedown request (public), the consent register
and the principal's handling of a request (admin)."""

import json

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sites.school_year import school_year_choices

from ..forms import GuardedPublicForm
from .models import ListedPupil, SchoolClass
from .register import CLASS_NAME_RE, MAX_IMPORT_BYTES

MAX_DESCRIPTION = 2000


# --- Public: Yêu cầu gỡ hình ảnh, thông tin của học sinh --------------------------------------

TAKEDOWN_CONSENT_TEXT = _(
    "Nhà trường chỉ dùng họ tên và thông tin liên hệ này để xử lý yêu cầu và báo lại kết "
    "quả cho anh/chị; thông tin không được công khai và được xoá sau khi xử lý xong theo "
    "thời hạn lưu trữ của nhà trường (Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15)."
)


class TakedownRequestForm(GuardedPublicForm):
    page_url = forms.CharField(
        label=_("Địa chỉ trang có hình ảnh hoặc thông tin"),
        max_length=500,
        help_text=_("Sao chép địa chỉ trang trên trình duyệt, ví dụ …/tin-tuc/le-khai-giang/"),
    )
    description = forms.CharField(
        label=_("Hình ảnh, thông tin nào cần gỡ"),
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Ví dụ: ảnh thứ 3 trong bộ sưu tập, học sinh ngồi hàng đầu bên trái."),
    )
    name = forms.CharField(label=_("Họ và tên phụ huynh (hoặc học sinh)"), max_length=100)
    contact = forms.CharField(
        label=_("Điện thoại hoặc thư điện tử"),
        max_length=200,
        help_text=_("Để nhà trường báo lại khi đã xử lý; không hiện công khai."),
    )
    consent = forms.BooleanField(
        label=_("Tôi đồng ý với cách nhà trường sử dụng thông tin của tôi nêu trên."),
        error_messages={"required": _("Cần đồng ý với điều khoản sử dụng thông tin để gửi.")},
    )
    text_fields = ("page_url", "description", "name", "contact")
    field_order = ["page_url", "description", "name", "contact", "consent", "website", "token"]

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, token_key=f"go-anh:{school.pk}", **kwargs)
        self.school = school


# --- The consent register (principal and named editors) --------------------------------------


class YearForm(forms.Form):
    nam_hoc = forms.ChoiceField(label=_("Năm học"), choices=school_year_choices, required=False)


class ClassesForm(forms.Form):
    names = forms.CharField(
        label=_("Thêm lớp"),
        help_text=_("Mỗi lớp một dòng hoặc cách nhau bởi dấu phẩy, ví dụ: 6A1, 6A2."),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )

    def clean_names(self):
        names = []
        for raw in self.cleaned_data["names"].replace(",", "\n").splitlines():
            name = " ".join(raw.split()).upper()
            if not name:
                continue
            if not CLASS_NAME_RE.match(name):
                raise forms.ValidationError(
                    _("Tên lớp “%(name)s” không hợp lệ.") % {"name": name[:20]}
                )
            names.append(name)
        if not names:
            raise forms.ValidationError(_("Hãy nhập ít nhất một lớp."))
        return list(dict.fromkeys(names))


class ListedPupilForm(forms.ModelForm):
    class Meta:
        model = ListedPupil
        fields = ["school_class", "name", "status", "recorded_on", "source"]
        widgets = {"recorded_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, school, school_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_class"].queryset = SchoolClass.objects.filter(
            school=school, school_year=school_year
        )
        self.fields["recorded_on"].initial = timezone.localdate()
        self.instance.school = school


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp danh sách lớp (Excel .xlsx hoặc CSV)"),
        help_text=_(
            "Cột “Họ và tên”, “Lớp”, “Trạng thái” (đồng ý / không đồng ý / rút lại) và "
            "“Ngày”. Các cột khác (ngày sinh, phụ huynh, điện thoại) không được đọc, tệp "
            "không được lưu."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 2 MB)."))
        return upload


class KeepersForm(forms.Form):
    keepers = forms.ModelMultipleChoiceField(
        label=_("Biên tập viên cùng giữ sổ"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keepers"].queryset = candidates


# --- Handling a request (the principal) -------------------------------------------------------


class TakeDownForm(forms.Form):
    image = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Lý do gỡ"),
        max_length=500,
        initial=_("Theo yêu cầu của phụ huynh"),
    )


class CloseRequestForm(forms.Form):
    outcome = forms.CharField(
        label=_("Trả lời người gửi"),
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# --- Blurring ------------------------------------------------------------------------------------


class BlurForm(forms.Form):
    """The detected faces ticked, plus rectangles drawn by hand (JSON, the picture's
    pixels), or typed as x,y,rộng,cao one per line without JavaScript."""

    faces = forms.MultipleChoiceField(
        label=_("Khuôn mặt tìm thấy"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    drawn = forms.CharField(required=False, widget=forms.HiddenInput)
    typed = forms.CharField(
        label=_("Vùng tự chọn (mỗi dòng: x, y, rộng, cao, tính bằng điểm ảnh)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
    )

    def __init__(self, *args, faces, **kwargs):
        super().__init__(*args, **kwargs)
        self.face_boxes = faces
        self.fields["faces"].choices = [(str(i), str(i + 1)) for i in range(len(faces))]
        self.fields["faces"].initial = [str(i) for i in range(len(faces))]

    def clean(self):
        cleaned = super().clean()
        regions = [self.face_boxes[int(i)] for i in cleaned.get("faces", [])]
        try:
            drawn = json.loads(cleaned.get("drawn") or "[]")
            typed = [
                [float(v) for v in line.replace(";", ",").split(",")]
                for line in (cleaned.get("typed") or "").splitlines()
                if line.strip()
            ]
        except ValueError:
            raise forms.ValidationError(_("Vùng làm mờ không hợp lệ.")) from None
        regions += [r for r in drawn + typed if isinstance(r, list) and len(r) == 4]
        cleaned["regions"] = regions
        return cleaned
