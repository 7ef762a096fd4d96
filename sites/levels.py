"""School levels ("cấp học") and the education stages they teach.

A school has one *level* as the office lists it (e.g. TH&THCS); disclosure rules apply
per *stage* (mầm non, phổ thông, GDTX ...), and a multi-level school teaches every stage
its level names.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .text import fold


class SchoolLevel(models.TextChoices):
    NHA_TRE = "NT", _("Nhà trẻ")
    MAU_GIAO = "MG", _("Mẫu giáo")
    MAM_NON = "MN", _("Mầm non")
    TIEU_HOC = "TH", _("Tiểu học")
    THCS = "THCS", _("Trung học cơ sở")
    TH_THCS = "TH-THCS", _("Tiểu học và Trung học cơ sở")
    THCS_THPT = "THCS-THPT", _("Trung học cơ sở và Trung học phổ thông")
    THPT = "THPT", _("Trung học phổ thông")
    GDTX = "GDTX", _("Giáo dục thường xuyên")


class Stage(models.TextChoices):
    """What a school teaches; the disclosure catalogue is keyed on these."""

    PRESCHOOL = "mam_non", _("Giáo dục mầm non")
    PRIMARY = "tieu_hoc", _("Tiểu học")
    LOWER_SECONDARY = "thcs", _("Trung học cơ sở")
    UPPER_SECONDARY = "thpt", _("Trung học phổ thông")
    CONTINUING = "gdtx", _("Giáo dục thường xuyên")


STAGES_BY_LEVEL = {
    SchoolLevel.NHA_TRE: (Stage.PRESCHOOL,),
    SchoolLevel.MAU_GIAO: (Stage.PRESCHOOL,),
    SchoolLevel.MAM_NON: (Stage.PRESCHOOL,),
    SchoolLevel.TIEU_HOC: (Stage.PRIMARY,),
    SchoolLevel.THCS: (Stage.LOWER_SECONDARY,),
    SchoolLevel.TH_THCS: (Stage.PRIMARY, Stage.LOWER_SECONDARY),
    SchoolLevel.THCS_THPT: (Stage.LOWER_SECONDARY, Stage.UPPER_SECONDARY),
    SchoolLevel.THPT: (Stage.UPPER_SECONDARY,),
    SchoolLevel.GDTX: (Stage.CONTINUING,),
}

# Spellings seen in office spreadsheets, folded to a level code.
LEVEL_ALIASES = {
    "nt": SchoolLevel.NHA_TRE,
    "nha tre": SchoolLevel.NHA_TRE,
    "mg": SchoolLevel.MAU_GIAO,
    "mau giao": SchoolLevel.MAU_GIAO,
    "mn": SchoolLevel.MAM_NON,
    "mam non": SchoolLevel.MAM_NON,
    "th": SchoolLevel.TIEU_HOC,
    "tieu hoc": SchoolLevel.TIEU_HOC,
    "thcs": SchoolLevel.THCS,
    "trung hoc co so": SchoolLevel.THCS,
    "th-thcs": SchoolLevel.TH_THCS,
    "th&thcs": SchoolLevel.TH_THCS,
    "th thcs": SchoolLevel.TH_THCS,
    "thcs-thpt": SchoolLevel.THCS_THPT,
    "thcs&thpt": SchoolLevel.THCS_THPT,
    "thcs thpt": SchoolLevel.THCS_THPT,
    "thpt": SchoolLevel.THPT,
    "trung hoc pho thong": SchoolLevel.THPT,
    "gdtx": SchoolLevel.GDTX,
    "giao duc thuong xuyen": SchoolLevel.GDTX,
}


def parse_level(text):
    """Level code for a spreadsheet cell, or None when it is not a known level."""
    key = fold(text or "").strip()
    if not key:
        return None
    for value in SchoolLevel.values:
        if key == value.lower():
            return SchoolLevel(value)
    return LEVEL_ALIASES.get(key)


def stages_for_level(level):
    return STAGES_BY_LEVEL.get(SchoolLevel(level), ())
