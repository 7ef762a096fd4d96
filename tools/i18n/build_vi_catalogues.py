"""Build cms/locale/vi/LC_MESSAGES/{django,djangojs}.{po,mo} from the
translation tables in tools/i18n/vi_admin/.

Wagtail's own Vietnamese catalogue covers a fraction of its admin strings; the
project's catalogue in LOCALE_PATHS wins over app catalogues, so the tables
here fill the gaps (and may override Wagtail's wording for consistency).

A fresh machine has no GNU gettext, so the .mo is compiled with polib and
committed.  Run:  .venv/bin/python -m tools.i18n.build_vi_catalogues
"""

import importlib
import pkgutil
import re
import sys
from pathlib import Path

import django

import wagtail

import polib

ROOT = Path(__file__).resolve().parents[2]
LOCALE_DIR = ROOT / "cms" / "locale" / "vi" / "LC_MESSAGES"
WAGTAIL_DIR = Path(wagtail.__file__).resolve().parent
DJANGO_DIR = Path(django.__file__).resolve().parent
# Django's own strings editors meet inside the Wagtail admin (form errors,
# "3 ngày trước", password rules) where Django's vi catalogue has gaps.
DJANGO_SOURCES = [
    DJANGO_DIR / "conf" / "locale" / "en" / "LC_MESSAGES" / "django.po",
    DJANGO_DIR / "contrib" / "auth" / "locale" / "en" / "LC_MESSAGES" / "django.po",
]

HEADER = {
    "Project-Id-Version": "Truong So",
    "Language": "vi",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=1; plural=0;",
}

# %(name)s, %s, %d, {name}, {0}, HTML tags
PLACEHOLDER_RE = re.compile(
    r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sdif]|\{[A-Za-z_0-9.]*\}|</?[a-zA-Z][^>]*>"
)


def placeholders(text):
    return sorted(PLACEHOLDER_RE.findall(text))


def source_catalogues():
    """{domain: {msgid: POEntry}} from Wagtail's (and some of Django's) English catalogues."""
    result = {"django": {}, "djangojs": {}}
    paths = sorted(WAGTAIL_DIR.glob("**/locale/en/LC_MESSAGES/*.po")) + DJANGO_SOURCES
    for path in paths:
        domain = path.stem
        for entry in polib.pofile(str(path)):
            if entry.msgid and not entry.obsolete and not entry.msgctxt:
                result[domain].setdefault(entry.msgid, entry)
    return result


def load_tables():
    """{domain: {msgid: msgstr}} from every module in tools/i18n/vi_admin."""
    from tools.i18n import vi_admin

    tables = {"django": {}, "djangojs": {}}
    for info in pkgutil.iter_modules(vi_admin.__path__):
        module = importlib.import_module(f"tools.i18n.vi_admin.{info.name}")
        domain = getattr(module, "DOMAIN", "django")
        tables[domain].update(module.TRANSLATIONS)
    return tables


def check_entry(msgid, msgid_plural, msgstr):
    """Return a list of problems with one translation."""
    problems = []
    if not msgstr.strip():
        problems.append("empty translation")
        return problems
    # Vietnamese has one plural form: it follows the plural source's placeholders.
    source = msgid_plural or msgid
    want, got = placeholders(source), placeholders(msgstr)
    if msgid_plural:
        # the singular may use a placeholder the plural lacks and vice versa
        want = sorted(set(want) | set(placeholders(msgid)))
        got = sorted(set(got))
        if not set(got) <= set(want) or not set(placeholders(msgid_plural)) <= set(got):
            problems.append(f"placeholders {got} != {want}")
    elif want != got:
        problems.append(f"placeholders {got} != {want}")
    return problems


def build(write=True):
    sources = source_catalogues()
    tables = load_tables()
    problems = []
    catalogues = {}
    for domain in ("django", "djangojs"):
        po = polib.POFile(wrapwidth=79)
        po.metadata = dict(HEADER)
        for msgid, msgstr in tables[domain].items():
            source = sources[domain].get(msgid)
            if source is None:
                problems.append(f"[{domain}] unknown msgid: {msgid!r}")
                continue
            for problem in check_entry(msgid, source.msgid_plural, msgstr):
                problems.append(f"[{domain}] {msgid!r}: {problem}")
            entry = polib.POEntry(msgid=msgid, flags=list(source.flags))
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
            if source.msgid_plural:
                entry.msgid_plural = source.msgid_plural
                entry.msgstr_plural = {0: msgstr}
            else:
                entry.msgstr = msgstr
            po.append(entry)
        catalogues[domain] = po
        if write:
            LOCALE_DIR.mkdir(parents=True, exist_ok=True)
            po.save(str(LOCALE_DIR / f"{domain}.po"))
            po.save_as_mofile(str(LOCALE_DIR / f"{domain}.mo"))
    return catalogues, problems


def main():
    catalogues, problems = build(write="--check" not in sys.argv)
    for problem in problems:
        print(problem, file=sys.stderr)  # noqa: T201
    for domain, po in catalogues.items():
        print(f"{domain}: {len(po)} entries")  # noqa: T201
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
