"""The Vietnamese catalogues in cms/locale/vi/LC_MESSAGES are the source of truth.

`make messages` (python -m tools.i18n.messages) updates them the way msgmerge would, but
from the right templates and in pure Python (polib + babel, no GNU gettext):

- the project's own msgids are extracted from our code and templates (babel; Django
  templates go through Django's own `templatize`, as makemessages does);
- the msgids of Wagtail, Django and every other installed app come from the catalogues
  those packages ship (their `en` catalogue lists every msgid), not from makemessages over
  our code, which would mark them obsolete. Only the ones the package's own Vietnamese
  catalogue leaves untranslated are added (as empty entries, for a translator to fill);
  an entry we already translate stays, even where upstream now has its own wording;
- existing translations, translator comments and fuzzy flags are kept; a translated entry
  whose msgid left every source becomes obsolete (#~, revived if the msgid comes back);
  an untranslated one is dropped;
- the .mo files are compiled with polib.
"""

import importlib
import io
import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.utils.translation.template import templatize
from django.views.i18n import JavaScriptCatalog

import polib
from babel.messages.catalog import PYTHON_FORMAT
from babel.messages.extract import extract

ROOT = Path(__file__).resolve().parents[2]
LANGUAGE = "vi"
LC_MESSAGES = ROOT / "cms" / "locale" / LANGUAGE / "LC_MESSAGES"
DOMAINS = ("django", "djangojs")
# wagtail.admin.views.i18n serves JavaScriptCatalog(packages=["wagtail.admin"]).
JS_PACKAGES = ["wagtail.admin"]
# Packages whose every catalogue is merged, not only their installed apps'.
EVERY_CATALOGUE_OF = ("wagtail",)
WRAPWIDTH = 79  # what msgmerge/msgcat write, so gettext tools leave the layout alone

HEADER = {
    "Project-Id-Version": "Truong So",
    "Language": LANGUAGE,
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=1; plural=0;",
}

# Django's makemessages keywords (xgettext -k ...), in babel's notation.
KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
COMMENT_TAGS = ("Translators",)
SKIP_DIRS = {"migrations", "__pycache__", "node_modules"}

# %(name)s, %s, %d, {name}, {0}, HTML tags
PLACEHOLDER_RE = re.compile(
    r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sdif]|\{[A-Za-z_0-9.]*\}|</?[a-zA-Z][^>]*>"
)


@dataclass
class Source:
    """One msgid as a template offers it (like an entry of a .pot file)."""

    msgctxt: str | None
    msgid: str
    msgid_plural: str = ""
    flags: list = field(default_factory=list)
    occurrences: list = field(default_factory=list)
    comment: str = ""
    upstream_translated: bool = False  # the package's own vi catalogue has it

    @property
    def key(self):
        return (self.msgctxt, self.msgid)


def entry_key(entry):
    return (entry.msgctxt, entry.msgid)


# ---------------------------------------------------------------- project strings


def is_ours(path):
    """In this repository and not an installed package (the venv lives in the repository)."""
    path = Path(path).resolve()
    return (
        path.is_relative_to(ROOT)
        and not path.is_relative_to(Path(sys.prefix).resolve())
        and not {"site-packages", "dist-packages"} & set(path.parts)
    )


def project_dirs():
    """Our apps (installed apps that live in this repository), templates and static files."""
    dirs = {ROOT / "cms"}
    dirs |= {Path(a.path) for a in apps.get_app_configs() if is_ours(a.path)}
    for engine in settings.TEMPLATES:
        dirs |= {Path(d) for d in engine.get("DIRS", [])}
    dirs |= {Path(d) for d in getattr(settings, "STATICFILES_DIRS", [])}
    return sorted(dirs)


def _files(domain):
    suffixes = {".js"} if domain == "djangojs" else {".py", ".html", ".txt"}
    for directory in project_dirs():
        for path in sorted(directory.rglob("*")):
            if path.suffix in suffixes and path.is_file() and not SKIP_DIRS & set(path.parts):
                # A template dir's .py files do not exist; an app's static JS is djangojs.
                if domain == "django" and path.suffix != ".py" and "templates" not in path.parts:
                    continue
                yield path


def extract_file(path, domain="django"):
    """[(msgctxt, msgid, msgid_plural, lineno, comments)] for one source file."""
    text = path.read_text(encoding="utf-8")
    if domain == "djangojs":
        method = "javascript"
    elif path.suffix == ".py":
        method = "python"
    else:
        # Django's makemessages feeds templatize()'s output to xgettext as Python;
        # babel's tokenizer also needs the lines' leading blanks gone.
        text = "\n".join(line.lstrip() for line in templatize(text, origin=str(path)).split("\n"))
        method = "python"
    found = []
    for lineno, message, comments, context in extract(
        method,
        io.BytesIO(text.encode("utf-8")),
        keywords=KEYWORDS,
        comment_tags=COMMENT_TAGS,
        options={"encoding": "utf-8"},
    ):
        msgid, plural = (message, "") if isinstance(message, str) else message[:2]
        if msgid:
            found.append((context, msgid, plural or "", lineno, comments))
    return found


def project_sources(domain):
    """{key: Source} for the project's own strings, ordered by first file and line."""
    sources = {}
    for path in _files(domain):
        relative = path.relative_to(ROOT).as_posix()
        for context, msgid, plural, _lineno, comments in extract_file(path, domain):
            source = sources.setdefault((context, msgid), Source(context, msgid, plural))
            # File names only: line numbers would churn the .po on every edit.
            if (relative, "") not in source.occurrences:
                source.occurrences.append((relative, ""))
            for comment in comments:
                if comment not in source.comment.split("\n"):
                    source.comment = "\n".join(filter(None, [source.comment, comment]))
            if domain == "django" and PYTHON_FORMAT.search(msgid + plural):
                source.flags = ["python-format"]
            elif domain == "djangojs" and "%" in msgid + plural:
                source.flags = ["javascript-format"]
    return sources


# ---------------------------------------------------------------- upstream strings


def upstream_locale_dirs(domain):
    """The locale dirs Django reads at runtime for `domain`, ours excepted, in load order."""
    django_locale = Path(django.__file__).resolve().parent / "conf" / "locale"
    if domain == "djangojs":
        dirs = [Path(p) for p in JavaScriptCatalog().get_paths(JS_PACKAGES)]
    else:
        dirs = [Path(a.path) / "locale" for a in apps.get_app_configs() if not is_ours(a.path)]
    # Every Wagtail app's catalogue, installed or not: translation_coverage reports them
    # all, and an app switched on later (wagtail.locales...) is then already Vietnamese.
    for package in EVERY_CATALOGUE_OF:
        package_dir = Path(importlib.import_module(package).__file__).resolve().parent
        dirs += sorted(
            p.parents[2] for p in package_dir.glob(f"**/locale/en/LC_MESSAGES/{domain}.po")
        )
    result = []
    for d in [django_locale, *dirs]:
        if d.is_dir() and d not in result:
            result.append(d)
    return result


def _package_name(locale_dir):
    for parent in locale_dir.parents:
        if parent.name in ("site-packages", "dist-packages"):
            return locale_dir.parent.relative_to(parent).as_posix()
    return locale_dir.parent.name


def upstream_sources(domain):
    """{key: Source} from the installed packages' catalogues."""
    sources = {}
    for locale_dir in upstream_locale_dirs(domain):
        # The English catalogue lists every msgid; without one, the Vietnamese or any other.
        candidates = [
            locale_dir / lang / "LC_MESSAGES" / f"{domain}.po" for lang in ("en", LANGUAGE)
        ]
        candidates += sorted(locale_dir.glob(f"*/LC_MESSAGES/{domain}.po"))
        template = next((c for c in candidates if c.exists()), None)
        if template is None:
            continue
        compiled = locale_dir / LANGUAGE / "LC_MESSAGES" / f"{domain}.mo"
        translated = set()
        if compiled.exists():
            translated = {
                entry_key(e) for e in polib.mofile(str(compiled)) if e.msgstr or e.msgstr_plural
            }
        package = _package_name(locale_dir)
        for entry in polib.pofile(str(template)):
            if not entry.msgid or entry.obsolete:
                continue
            source = sources.get(entry_key(entry))
            if source is None:
                source = sources[entry_key(entry)] = Source(
                    entry.msgctxt,
                    entry.msgid,
                    entry.msgid_plural,
                    flags=[f for f in entry.flags if f != "fuzzy"],
                    comment=entry.comment,
                )
            source.upstream_translated |= entry_key(entry) in translated
            if (package, "") not in source.occurrences:
                source.occurrences.append((package, ""))
    return sources


# ---------------------------------------------------------------- merge


def _translated(entry):
    return bool(entry.msgstr or any(entry.msgstr_plural.values())) if entry else False


def _worth_keeping(entry):
    """A translation, or a translator's note or fuzzy guess, is work not to throw away."""
    return entry is not None and (_translated(entry) or entry.tcomment or entry.fuzzy)


def merge(existing, project, upstream):
    """A new POFile: `existing` brought up to date with the project's and upstream msgids.

    Returns (pofile, stats).
    """
    old = {entry_key(e): e for e in existing if e.msgid}
    po = polib.POFile(wrapwidth=WRAPWIDTH)
    po.header = existing.header
    po.metadata = dict(existing.metadata) or dict(HEADER)
    stats = {"new": 0, "obsolete": 0, "revived": 0, "dropped": 0, "made_obsolete": []}
    # Our strings first (in file order), then each upstream catalogue's, in load order.
    listed = {k: replace(s, occurrences=list(s.occurrences)) for k, s in project.items()}
    for key, source in upstream.items():
        if key in listed:
            listed[key].occurrences += [
                o for o in source.occurrences if o not in listed[key].occurrences
            ]
        elif _worth_keeping(old.get(key)) or not source.upstream_translated:
            listed[key] = source

    for key, source in listed.items():
        previous = old.pop(key, None)
        entry = polib.POEntry(
            msgctxt=source.msgctxt,
            msgid=source.msgid,
            occurrences=list(source.occurrences),
            comment=source.comment,
            flags=list(source.flags),
        )
        if source.msgid_plural:
            entry.msgid_plural = source.msgid_plural
            entry.msgstr_plural = {0: ""}
        if previous is None:
            stats["new"] += 1
        else:
            if previous.obsolete:
                stats["revived"] += 1
            entry.tcomment = previous.tcomment
            text = previous.msgstr_plural.get(0, "") if previous.msgid_plural else previous.msgstr
            fuzzy = previous.fuzzy
            if bool(previous.msgid_plural) != bool(source.msgid_plural) or (
                previous.msgid_plural and previous.msgid_plural != source.msgid_plural
            ):
                fuzzy = fuzzy or bool(text)  # the plural changed: a translator should look
            if source.msgid_plural:
                entry.msgstr_plural = {0: text}
            else:
                entry.msgstr = text
            if fuzzy:
                entry.flags.append("fuzzy")
        po.append(entry)

    for previous in old.values():  # in no source any more
        if _worth_keeping(previous):
            if not previous.obsolete:
                stats["obsolete"] += 1
                stats["made_obsolete"].append(previous.msgid)
            previous.obsolete = True
            previous.occurrences = []
            po.append(previous)
        else:
            stats["dropped"] += 1
    return po, stats


# ---------------------------------------------------------------- checks


def placeholders(text):
    return sorted(PLACEHOLDER_RE.findall(text))


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


def problems_in(po):
    """Placeholder problems of the translated entries (what would reach the .mo)."""
    problems = []
    for entry in po.translated_entries():
        msgstr = entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr
        for problem in check_entry(entry.msgid, entry.msgid_plural, msgstr):
            problems.append(f"{entry.msgid!r}: {problem}")
    return problems


def compiled_content(catalogue):
    """{(msgctxt, msgid): translation} as gettext would serve it from a .po or .mo."""
    result = {}
    for entry in catalogue:
        if not entry.msgid or entry.obsolete or "fuzzy" in getattr(entry, "flags", ()):
            continue
        if entry.msgid_plural:
            value = tuple(sorted((int(k), v) for k, v in entry.msgstr_plural.items()))
            if all(v for _k, v in value):
                result[entry_key(entry)] = (entry.msgid_plural, value)
        elif entry.msgstr:
            result[entry_key(entry)] = entry.msgstr
    return result


def stale_mo(po_path, mo_path):
    """Why `mo_path` does not serve what `po_path` says, or None when it does."""
    if not mo_path.exists():
        return f"{mo_path.name} is missing"
    po, mo = (
        compiled_content(polib.pofile(str(po_path))),
        compiled_content(polib.mofile(str(mo_path))),
    )
    if po == mo:
        return None
    changed = sorted(k[1] for k in po.keys() | mo.keys() if po.get(k) != mo.get(k))
    return f"{mo_path.name} is stale ({len(changed)} entries differ, e.g. {changed[:3]}): run make messages"


# ---------------------------------------------------------------- the whole run


def update(write=True, locale_dir=LC_MESSAGES):
    """Merge, check and compile every domain. Returns {domain: (pofile, stats, problems)}."""
    results = {}
    for domain in DOMAINS:
        po_path = locale_dir / f"{domain}.po"
        existing = (
            polib.pofile(str(po_path), wrapwidth=WRAPWIDTH) if po_path.exists() else polib.POFile()
        )
        po, stats = merge(existing, project_sources(domain), upstream_sources(domain))
        results[domain] = (po, stats, problems_in(po))
        if write:
            locale_dir.mkdir(parents=True, exist_ok=True)
            po.save(str(po_path))
            po.save_as_mofile(str(po_path.with_suffix(".mo")))
    return results
