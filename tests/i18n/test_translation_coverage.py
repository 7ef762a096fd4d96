"""Share of Wagtail admin msgids with a Vietnamese translation (issue 5, item 5)."""

import io

from django.core.management import call_command
from django.test import override_settings

from sites.management.commands.translation_coverage import TARGET, measure_coverage


def test_wagtail_admin_is_at_least_95_percent_vietnamese():
    coverage = measure_coverage("vi")
    translated, total = coverage.totals
    missing = [m for row in coverage.catalogues if row.installed for m in row.missing]
    print(f"Vietnamese admin coverage: {translated}/{total} = {coverage.share:.1%}")
    assert total > 1800  # every Wagtail catalogue was read
    assert coverage.share >= TARGET, f"{len(missing)} untranslated, e.g. {missing[:20]}"


def test_every_installed_wagtail_app_is_measured():
    coverage = measure_coverage("vi")
    measured = {(row.app, row.domain) for row in coverage.catalogues if row.installed}
    for app in (
        "wagtail",
        "wagtail.admin",
        "wagtail.images",
        "wagtail.documents",
        "wagtail.users",
        "wagtail.snippets",
        "wagtail.contrib.forms",
    ):
        assert (app, "django") in measured
    assert ("wagtail.admin", "djangojs") in measured
    admin = next(r for r in coverage.catalogues if (r.app, r.domain) == ("wagtail.admin", "django"))
    assert admin.total > 800
    assert admin.share >= TARGET


def test_without_the_project_catalogue_coverage_falls_to_wagtails_own(tmp_path):
    # Proves the measurement can fail: Wagtail alone covers about a fifth. The project
    # catalogue (cms/locale/) is found through LOCALE_PATHS and as the `cms` app's own.
    from django.apps import apps
    from django.utils.translation import trans_real

    cms_app = apps.get_app_config("cms")
    real_path = cms_app.path
    cms_app.path = str(tmp_path)
    try:
        with override_settings(LOCALE_PATHS=[]):  # resets the translation caches
            coverage = measure_coverage("vi")
    finally:
        cms_app.path = real_path
        trans_real._translations = {}
        trans_real._default = None
    assert coverage.share < 0.5
    assert "Save draft" in next(
        r.missing for r in coverage.catalogues if (r.app, r.domain) == ("wagtail.admin", "django")
    )


def test_command_prints_per_app_figures_and_the_total():
    out = io.StringIO()
    call_command("translation_coverage", stdout=out)
    text = out.getvalue()
    assert "wagtail.admin" in text
    assert "wagtail.images" in text
    assert "Quản trị Wagtail (ứng dụng đã cài):" in text
    assert "%" in text
