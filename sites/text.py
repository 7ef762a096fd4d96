"""Vietnamese text folding, shared by slugs, CSV parsing and diacritic-blind search."""

import re
import unicodedata


def fold(text):
    """Lower-case ASCII form of Vietnamese text: "Đồng" -> "dong"."""
    text = (text or "").replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return stripped.lower()


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def vietnamese_slug(text):
    """URL slug with diacritics folded: "THCS Kim Đồng" -> "thcs-kim-dong"; any run of
    spaces or punctuation (en dash, quotes, slash...) is one hyphen. The admin's slug
    field does the same as the editor types (home/slugs.py, SLUG_FORMATTERS)."""
    return _NOT_SLUG.sub("-", fold(text)).strip("-")


_SPACE = re.compile(r"\s+")


def normalise_space(text):
    return _SPACE.sub(" ", (text or "").strip())
