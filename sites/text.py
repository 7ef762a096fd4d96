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
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def search_words(text):
    """The words of a visitor's search: letters and digits only. Quotes, brackets, `*`,
    `-`, OR/NOT operators are query syntax to the search backends (a stray `"` was a 500),
    and a NUL byte is refused by PostgreSQL; none of it means anything to a visitor."""
    return re.findall(r"\w+", strip_control(text))


def strip_control(text):
    return _CONTROL.sub(" ", text or "")


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
