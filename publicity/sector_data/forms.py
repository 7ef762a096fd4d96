from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sites.school_year import school_year_choices

from ..periods import disclosure_year_of
from .reading import MAX_FILE_BYTES


class SectorDataForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp xuất từ cơ sở dữ liệu ngành (.xlsx)"),
        help_text=_(
            "Danh sách học sinh (trẻ) hoặc cán bộ, giáo viên, nhân viên, hoặc cả hai trong một "
            "tệp. Chỉ các con số tổng hợp được lưu; tệp bị xoá ngay sau khi đọc."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    school_year = forms.ChoiceField(label=_("Năm học"))
    accept_skipped = forms.BooleanField(
        label=_("Tôi đồng ý bỏ qua các dòng không đọc được và nhập phần còn lại"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["school_year"].choices = school_year_choices(today, back=2)
        self.fields["school_year"].initial = disclosure_year_of(today)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError(_("Tệp lớn hơn 20 MB."))
        if not upload.name.lower().endswith(".xlsx"):
            raise ValidationError(_("Hãy tải lên tệp Excel (.xlsx)."))
        return upload
