"""`make messages`: bring cms/locale/vi/LC_MESSAGES up to date and compile it.

See tools/i18n/catalogues.py for the rules.  Run:  .venv/bin/python -m tools.i18n.messages
(--check: change nothing, exit 1 when a run would change a file).
"""

import os
import sys


def main(argv):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    import django

    django.setup()
    # Imported after setup: the module reads the installed apps.
    from tools.i18n import catalogues

    check = "--check" in argv
    results = catalogues.update(write=not check)
    status = 0
    for domain, (po, stats, problems) in results.items():
        active = [e for e in po if not e.obsolete]
        print(  # noqa: T201
            f"{domain}.po: {len(active)} entries, {len(po.translated_entries())} translated, "
            f"{len(po.untranslated_entries())} untranslated, {len(po.fuzzy_entries())} fuzzy, "
            f"{len(po.obsolete_entries())} obsolete; this run: {stats['new']} new, "
            f"{stats['revived']} revived, {stats['obsolete']} made obsolete, "
            f"{stats['dropped']} dropped"
        )
        for msgid in stats["made_obsolete"]:
            print(f"  {domain}: in no source any more, kept as obsolete (#~): {msgid!r}")  # noqa: T201
        for problem in problems:
            print(f"  {domain}: {problem}", file=sys.stderr)  # noqa: T201
            status = 1
        if check:
            path = catalogues.LC_MESSAGES / f"{domain}.po"
            if not path.exists() or path.read_text(encoding="utf-8") != str(po):
                print(f"  {domain}.po would change: run make messages", file=sys.stderr)  # noqa: T201
                status = 1
            stale = catalogues.stale_mo(path, path.with_suffix(".mo"))
            if stale:
                print(f"  {stale}", file=sys.stderr)  # noqa: T201
                status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
