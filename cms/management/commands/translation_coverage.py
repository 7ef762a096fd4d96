"""Print how much of the Wagtail admin is translated into Vietnamese.

For every Wagtail message catalogue (the English .po files shipped with
Wagtail list every msgid), count the msgids that have a Vietnamese
translation in the catalogue Django actually uses at runtime: Wagtail's own
vi catalogues merged with the project's cms/locale (LOCALE_PATHS), plus
Django's.  Fuzzy or empty entries never reach a .mo file, so they count as
untranslated.  The overall figure is for the apps this project installs.
Django's own and other installed packages' catalogues are listed after it,
outside the target.
"""

from dataclasses import dataclass, field
from pathlib import Path

import django
from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import DjangoTranslation
from django.views.i18n import JavaScriptCatalog

import wagtail

WAGTAIL_DIR = Path(wagtail.__file__).resolve().parent
TARGET = 0.95


@dataclass
class CatalogueCoverage:
    app: str  # e.g. "wagtail.admin"
    domain: str  # "django" or "djangojs"
    installed: bool
    total: int
    translated: int
    missing: list

    @property
    def share(self):
        return self.translated / self.total if self.total else 1.0


@dataclass
class Coverage:
    catalogues: list
    # Django's own and other installed packages' catalogues: shown, outside the target.
    others: list = field(default_factory=list)

    def _sum(self, only_installed):
        rows = [c for c in self.catalogues if c.installed or not only_installed]
        return sum(c.translated for c in rows), sum(c.total for c in rows)

    @property
    def share(self):
        """Share for the Wagtail apps this project installs (what editors meet)."""
        translated, total = self._sum(only_installed=True)
        return translated / total if total else 1.0

    @property
    def share_all(self):
        translated, total = self._sum(only_installed=False)
        return translated / total if total else 1.0

    @property
    def totals(self):
        return self._sum(only_installed=True)


def _source_msgids(po_path, with_context=False):
    try:
        import polib
    except ImportError as exc:  # polib is in the `test` extra
        raise CommandError(_("Cần cài gói polib: pip install polib")) from exc
    for entry in polib.pofile(str(po_path)):
        if entry.msgid and not entry.obsolete:
            msgid = entry.msgid
            if with_context and entry.msgctxt:
                msgid = f"{entry.msgctxt}\x04{msgid}"  # how gettext keys it
            yield msgid, bool(entry.msgid_plural)


def _other_catalogues():
    """(label, en .po) of Django's core and every installed non-Wagtail app that ships one."""
    yield "django", Path(django.__file__).resolve().parent / "conf" / "locale"
    for config in apps.get_app_configs():
        if not Path(config.path).resolve().is_relative_to(WAGTAIL_DIR):
            yield config.name, Path(config.path) / "locale"


def _measure(app, domain, installed, po_path, runtime, with_context=False):
    total, translated, missing = 0, 0, []
    for msgid, is_plural in _source_msgids(po_path, with_context):
        total += 1
        key = (msgid, 0) if is_plural else msgid
        if runtime.get(key):
            translated += 1
        else:
            missing.append(msgid)
    return CatalogueCoverage(app, domain, installed, total, translated, missing)


def _runtime_catalogue(language, domain):
    if domain == "django":
        return translation.trans_real.translation(language)._catalog
    # Mirrors wagtail.admin.views.i18n: JavaScriptCatalog(packages=["wagtail.admin"]).
    paths = JavaScriptCatalog().get_paths(["wagtail.admin"])
    return DjangoTranslation(language, domain="djangojs", localedirs=paths)._catalog


def measure_coverage(language="vi"):
    installed = {config.name for config in apps.get_app_configs()}
    catalogues = []
    for po_path in sorted(WAGTAIL_DIR.glob("**/locale/en/LC_MESSAGES/*.po")):
        package_dir = po_path.parents[3].relative_to(WAGTAIL_DIR.parent)
        app = ".".join(package_dir.parts)
        domain = po_path.stem
        runtime = _runtime_catalogue(language, domain)
        catalogues.append(_measure(app, domain, app in installed, po_path, runtime))
    others = []
    for app, locale_dir in _other_catalogues():
        po_path = locale_dir / "en" / "LC_MESSAGES" / "django.po"
        if po_path.exists():
            runtime = _runtime_catalogue(language, "django")
            others.append(_measure(app, "django", True, po_path, runtime, with_context=True))
    return Coverage(catalogues, others)


class Command(BaseCommand):
    help = "In tỉ lệ chuỗi giao diện quản trị Wagtail đã có bản dịch tiếng Việt."

    def add_arguments(self, parser):
        parser.add_argument(
            "--missing", action="store_true", help="Liệt kê các chuỗi chưa được dịch."
        )

    def handle(self, *args, missing=False, **options):
        coverage = measure_coverage("vi")
        self.stdout.write(
            f"{'Ứng dụng':<50} {'Danh mục':<9} {'Đã dịch':>8} {'Tổng':>6} {'Tỉ lệ':>7}"
        )
        for row in coverage.catalogues:
            label = row.app if row.installed else f"{row.app} ({_('chưa cài')})"
            self.stdout.write(
                f"{label:<50} {row.domain:<9} {row.translated:>8} {row.total:>6} {row.share:>7.1%}"
            )
            if missing:
                for msgid in row.missing:
                    self.stdout.write(f"    - {msgid!r}")
        translated, total = coverage.totals
        self.stdout.write(
            _("Quản trị Wagtail (ứng dụng đã cài): %(translated)d/%(total)d chuỗi = %(share).1f%%")
            % {"translated": translated, "total": total, "share": coverage.share * 100}
        )
        self.stdout.write(
            _("Mọi danh mục của Wagtail: %(share).1f%%") % {"share": coverage.share_all * 100}
        )
        self.stdout.write(_("Django và các gói khác (ngoài mục tiêu):"))
        for row in coverage.others:
            self.stdout.write(
                f"{row.app:<50} {row.domain:<9} {row.translated:>8} {row.total:>6} {row.share:>7.1%}"
            )
            if missing:
                for msgid in row.missing:
                    self.stdout.write(f"    - {msgid!r}")
        style = self.style.SUCCESS if coverage.share >= TARGET else self.style.ERROR
        self.stdout.write(style(_("Mục tiêu: %(target)d%%") % {"target": TARGET * 100}))
