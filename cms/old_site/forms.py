from django import forms
from django.utils.translation import gettext_lazy as _


class SchoolChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, school):
        return f"{school.name} — {school.legacy_url}"


class OldSiteImportForm(forms.Form):
    """Which schools to bring over, and how. Each school's old address is its
    `legacy_url` (from the list of schools the office imported, or its edit page)."""

    schools = SchoolChoiceField(
        label=_("Trường"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Chỉ hiện các trường đã có địa chỉ trang web cũ."),
    )
    dry_run = forms.BooleanField(
        label=_("Chạy thử"),
        required=False,
        help_text=_("Chỉ đọc trang cũ và báo cáo sẽ nhập những gì; không ghi gì, không tải ảnh."),
    )
    since = forms.DateField(
        label=_("Chỉ bài từ ngày"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        help_text=_("Để trống để nhập tất cả. Ví dụ: 05/09/2020."),
    )
    max_pages = forms.IntegerField(
        label=_("Số trang tối đa mỗi trường"), min_value=10, max_value=50000, initial=5000
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        # A closed school's site is an archive: nothing is brought into it.
        self.fields["schools"].queryset = (
            schools.filter(closed_on__isnull=True).exclude(legacy_url="").order_by("name")
        )
