"""Compile every .po under cms/locale to .mo with polib (no GNU gettext needed).

Run:  .venv/bin/python -m tools.i18n.compile_messages
"""

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]


def main():
    for po_path in sorted((ROOT / "cms" / "locale").glob("*/LC_MESSAGES/*.po")):
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
        print(f"compiled {po_path.relative_to(ROOT)}")  # noqa: T201


if __name__ == "__main__":
    main()
