"""Vietnamese text folding, shared by slugs, CSV parsing and diacritic-blind search."""

import re
import unicodedata

from django.utils.text import slugify


def fold(text):
    """Lower-case ASCII form of Vietnamese text: "Đồng" -> "dong"."""
    text = (text or "").replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return stripped.lower()


def vietnamese_slug(text):
    """URL slug with diacritics folded: "THCS Kim Đồng" -> "thcs-kim-dong"."""
    return slugify(fold(text))


_SPACE = re.compile(r"\s+")


def normalise_space(text):
    return _SPACE.sub(" ", (text or "").strip())
