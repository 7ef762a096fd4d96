"""Vietnamese text folding, shared by slugs, CSV parsing and diacritic-blind search, and
the plain words of rich text and StreamFields that search folds."""

import html
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


_TAG = re.compile(r"<[^>]+>")


def html_text(value):
    return html.unescape(_TAG.sub(" ", value or ""))


def stream_text(stream_value):
    """The words of a StreamField (paragraphs, captions, table cells), for the folded
    search copy; ids, block types and references are left out."""
    texts = []

    def walk(value, key=None):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for item in value:
                walk(item, key)
        elif isinstance(value, str) and key not in ("type", "id"):
            texts.append(html_text(value))

    walk(stream_value.get_prep_value() if hasattr(stream_value, "get_prep_value") else [])
    return " ".join(" ".join(texts).split())
