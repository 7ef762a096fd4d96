"""Short addresses for long official school names, the way offices abbreviate them.

"Trường Tiểu học và Trung học cơ sở Láng Biển" -> "th-thcs-lang-bien";
"Trường Mầm non Hoa Sen" -> "mn-hoa-sen"; "Trung tâm GDNN-GDTX Hội An" -> "gdnn-gdtx-hoi-an".
The level words are matched on folded text (with or without marks), longest first.
"""

import re

from django.utils.text import slugify

from .levels import SchoolLevel
from .text import fold

MAX_LABEL = 63  # one DNS label

# (folded words, abbreviation, level or None), longest phrases first.
LEVEL_WORDS = [
    ("trung tam giao duc nghe nghiep - giao duc thuong xuyen", "gdnn-gdtx", SchoolLevel.GDTX),
    ("trung tam giao duc nghe nghiep giao duc thuong xuyen", "gdnn-gdtx", SchoolLevel.GDTX),
    ("trung tam gdnn-gdtx", "gdnn-gdtx", SchoolLevel.GDTX),
    ("trung tam gdnn - gdtx", "gdnn-gdtx", SchoolLevel.GDTX),
    ("trung tam giao duc thuong xuyen", "gdtx", SchoolLevel.GDTX),
    ("trung tam gdtx", "gdtx", SchoolLevel.GDTX),
    ("giao duc thuong xuyen", "gdtx", SchoolLevel.GDTX),
    ("tieu hoc va trung hoc co so", "th-thcs", SchoolLevel.TH_THCS),
    ("trung hoc co so va trung hoc pho thong", "thcs-thpt", SchoolLevel.THCS_THPT),
    ("pho thong dan toc noi tru", "ptdtnt", None),
    ("pho thong dan toc ban tru", "ptdtbt", None),
    ("trung hoc pho thong", "thpt", SchoolLevel.THPT),
    ("trung hoc co so", "thcs", SchoolLevel.THCS),
    ("tieu hoc", "th", SchoolLevel.TIEU_HOC),
    ("mam non", "mn", SchoolLevel.MAM_NON),
    ("mau giao", "mg", SchoolLevel.MAU_GIAO),
    ("nha tre", "nt", SchoolLevel.NHA_TRE),
    ("th&thcs", "th-thcs", SchoolLevel.TH_THCS),
    ("th & thcs", "th-thcs", SchoolLevel.TH_THCS),
    ("th-thcs", "th-thcs", SchoolLevel.TH_THCS),
    ("th - thcs", "th-thcs", SchoolLevel.TH_THCS),
    ("thcs&thpt", "thcs-thpt", SchoolLevel.THCS_THPT),
    ("thcs-thpt", "thcs-thpt", SchoolLevel.THCS_THPT),
    ("thcs - thpt", "thcs-thpt", SchoolLevel.THCS_THPT),
    ("thpt", "thpt", SchoolLevel.THPT),
    ("thcs", "thcs", SchoolLevel.THCS),
    ("gdtx", "gdtx", SchoolLevel.GDTX),
    ("th", "th", SchoolLevel.TIEU_HOC),
    ("mn", "mn", SchoolLevel.MAM_NON),
    ("mg", "mg", SchoolLevel.MAU_GIAO),
    ("nt", "nt", SchoolLevel.NHA_TRE),
]
LEADING_WORDS = ("truong ",)
_SPACES = re.compile(r"\s+")


def _split_level(name):
    """(abbreviation, level, rest of the folded name) or (None, None, folded name)."""
    text = _SPACES.sub(" ", fold(name).strip())
    for word in LEADING_WORDS:
        if text.startswith(word):
            text = text[len(word) :]
    for words, short, level in LEVEL_WORDS:
        if text == words or text.startswith(words + " "):
            return short, level, text[len(words) :].strip()
    return None, None, text


def level_from_name(name):
    """The level a school's name states ("Trường Mầm non …" -> MN), or None."""
    return _split_level(name)[1]


def short_slug(name):
    """A DNS-label address for a school name: level words abbreviated, "Trường" dropped,
    cut at a word boundary to 63 characters."""
    short, _level, rest = _split_level(name)
    words = slugify(rest).split("-") if rest else []
    words = [w for w in words if w]
    parts = ([short] if short else []) + words
    slug = ""
    for part in parts:
        candidate = f"{slug}-{part}" if slug else part
        if len(candidate) > MAX_LABEL:
            break
        slug = candidate
    return slug or slugify(fold(name))[:MAX_LABEL].strip("-")
