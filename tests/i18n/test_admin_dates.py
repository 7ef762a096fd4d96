"""Every relative time and date in the admin is Vietnamese, dates dd/mm/yyyy: Wagtail's
status panel says "1 phút trước" (humanize's catalogue), the date pickers show and read
07/12/2026 as 7 December, and short dates print the same way."""

import datetime

from django import forms
from django.template.defaultfilters import date as date_filter
from django.utils import timezone, translation

from wagtail.admin.templatetags.wagtailadmin_tags import naturaltime
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput


def test_relative_times_are_vietnamese():
    with translation.override("vi"):
        said = naturaltime(timezone.now() - datetime.timedelta(seconds=70))
        assert "phút trước" in said and "ago" not in said
        said = naturaltime(timezone.now() - datetime.timedelta(hours=3))
        assert "giờ trước" in said


def test_admin_date_pickers_show_and_read_day_first():
    with translation.override("vi"):
        html = AdminDateInput().render("date", datetime.date(2026, 12, 7))
        assert 'value="07/12/2026"' in html
        html = AdminDateTimeInput().render("at", datetime.datetime(2026, 12, 7, 8, 30))
        assert 'value="07/12/2026 08:30"' in html

        class Form(forms.Form):
            day = forms.DateField()

        form = Form({"day": "07/12/2026"})
        assert form.is_valid() and form.cleaned_data["day"] == datetime.date(2026, 12, 7)
        form = Form({"day": "2026-12-07"})  # ISO still read (scripts, imports)
        assert form.is_valid() and form.cleaned_data["day"] == datetime.date(2026, 12, 7)


def test_short_dates_are_day_month_year():
    with translation.override("vi"):
        assert date_filter(datetime.date(2026, 12, 7), "SHORT_DATE_FORMAT") == "07/12/2026"
