"""The Wagtail patches refuse a release series they were not checked against."""

from django.core.exceptions import ImproperlyConfigured

from wagtail.models import Page
from wagtail.query import TreeQuerySet

import pytest

from sites import wagtail_compat
from sites.routing import FastUrlPageMixin


def test_an_unchecked_wagtail_series_stops_start_up():
    with pytest.raises(ImproperlyConfigured, match="Wagtail 8.1"):
        wagtail_compat.check_wagtail_version((8, 1, 0, "final", 1))
    with pytest.raises(ImproperlyConfigured, match="Wagtail 9.0"):
        wagtail_compat.check_wagtail_version((9, 0, 0, "final", 1))


def test_an_unchecked_modelsearch_series_stops_start_up():
    wagtail_compat.check_modelsearch_version((1, 3, 9, "final", 0))
    with pytest.raises(ImproperlyConfigured, match="modelsearch 1.4"):
        wagtail_compat.check_modelsearch_version((1, 4, 0, "final", 0))


def test_the_checked_series_is_patched_once_with_the_originals_kept():
    wagtail_compat.check_wagtail_version((8, 0, 9, "final", 1))  # any 8.0.x passes
    assert Page.get_url is FastUrlPageMixin.get_url
    assert TreeQuerySet.descendant_of_q is wagtail_compat._descendant_of_q
    assert set(wagtail_compat.ORIGINALS) == {
        *wagtail_compat.PAGE_URL_MEMBERS,
        "descendant_of_q",
        "WagtailFilterSet.form",
        "PageTypesUsageReportView.get_queryset",
        "sites.IndexView.get_base_queryset",
        "SpreadsheetExportMixin.preprocess_field_value",
        "BaseSearchQueryCompiler._get_filters_from_where_node",
        *(["Lexeme.as_sql"] if wagtail_compat.uses_sqlite_search() else []),
    }
    assert wagtail_compat.ORIGINALS["get_url"] is not FastUrlPageMixin.get_url
