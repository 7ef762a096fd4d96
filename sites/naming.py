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
MAX_CODE = 30  # a school's code (and first hostname label) from its name
# Words that start the location an official name carries after the school's own name
# ("… số 1 thuộc xã Bình Minh, huyện Thăng Bình, tỉnh Quảng Nam"), folded. They end the
# own name only after at least one word of it: "Mầm non Thị trấn Hà Lam" is a name.
LOCATION_WORDS = (
    ("thuoc",),
    ("xa",),
    ("phuong",),
    ("thi", "tran"),
    ("thi", "xa"),
    ("huyen",),
    ("quan",),
    ("thanh", "pho"),
    ("tp",),
    ("tinh",),
    ("dac", "khu"),
)
# A comma, a bracket or a spaced dash also ends the own name ("Kim Đồng (Cẩm Phô)").
_AFTER_NAME = re.compile(r"[,;(]|\s[-–]\s")


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


def own_name_words(rest):
    """The words of the school's own name in the folded `rest` of an official name
    (after the level words): location words and anything after them dropped."""
    words = _AFTER_NAME.split(rest, maxsplit=1)[0].replace(".", " ").split()
    for index in range(1, len(words)):
        if any(tuple(words[index : index + len(w)]) == w for w in LOCATION_WORDS):
            return words[:index]
    return words


def short_slug(name, limit=MAX_CODE):
    """The school's code from its own name: level words abbreviated, "Trường" and the
    location words dropped, cut at a word boundary to `limit` (30) characters.
    "Trường Tiểu học số 1 thuộc xã Bình Minh huyện Thăng Bình tỉnh Quảng Nam" -> th-so-1.
    The full official name stays the school's name for display."""
    short, _level, rest = _split_level(name)
    words = slugify(" ".join(own_name_words(rest))).split("-") if rest else []
    words = [w for w in words if w]
    parts = ([short] if short else []) + words
    slug = ""
    for part in parts:
        candidate = f"{slug}-{part}" if slug else part
        if len(candidate) > limit:
            break
        slug = candidate
    return slug or slugify(fold(name))[:limit].strip("-")
