"""Share of Wagtail admin msgids with a Vietnamese translation (issue 5, item 5)."""

import io

from django.apps import apps
from django.core.management import call_command
from django.test import override_settings

from cms.management.commands.translation_coverage import TARGET, measure_coverage


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


def test_without_the_project_catalogue_coverage_falls_to_wagtails_own(monkeypatch):
    # Proves the measurement can fail: Wagtail alone covers about a fifth. The project
    # catalogue is cms/locale, found both through LOCALE_PATHS and as the cms app's own.
    monkeypatch.setattr(apps.get_app_config("cms"), "path", "/nonexistent")
    with override_settings(LOCALE_PATHS=[]):
        coverage = measure_coverage("vi")
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


def test_django_and_other_packages_are_measured_outside_the_target(monkeypatch):
    coverage = measure_coverage("vi")
    others = {row.app: row for row in coverage.others}
    assert others["django"].total > 300  # django/conf/locale/en
    assert {"taggit", "django.contrib.auth"} <= set(others)
    # context entries are looked up the way gettext keys them ("ctxt\x04msgid"):
    # found in our catalogue, missing without it (taggit ships no Vietnamese)
    assert "A tag name\x04name" not in others["taggit"].missing
    with monkeypatch.context() as patched, override_settings(LOCALE_PATHS=[]):
        patched.setattr(apps.get_app_config("cms"), "path", "/nonexistent")  # cms/locale
        without_ours = {row.app: row for row in measure_coverage("vi").others}
    assert "A tag name\x04name" in without_ours["taggit"].missing
    assert others["django.contrib.auth"].share == 1.0
    # they do not move the admin figure
    assert coverage.totals == (
        sum(r.translated for r in coverage.catalogues if r.installed),
        sum(r.total for r in coverage.catalogues if r.installed),
    )
    out = io.StringIO()
    call_command("translation_coverage", stdout=out)
    assert "Django và các gói khác (ngoài mục tiêu):" in out.getvalue()
