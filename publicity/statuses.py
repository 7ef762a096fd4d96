"""The verdicts the compliance engine gives an item (publicity.compliance) and the
figures count (publicity.figures). No model import: the models' stored counters read
these names too."""

from django.db import models
from django.utils.translation import get_language, gettext_lazy


class Status(models.TextChoices):
    ON_TIME = "dung_han", gettext_lazy("Đúng hạn")
    LATE = "tre_han", gettext_lazy("Trễ hạn")
    MISSING = "qua_han", gettext_lazy("Chưa công khai – quá hạn")
    NOT_DUE = "chua_den_han", gettext_lazy("Chưa đến hạn")
    NOT_APPLICABLE = "khong_ap_dung", gettext_lazy("Không áp dụng")
    OPTIONAL = "tuy_chon", gettext_lazy("Không bắt buộc (nếu có)")


# Plain strings for the hot loops (enum attribute access is slow at 100,000 cells).
ON_TIME, LATE, MISSING, NOT_DUE, NOT_APPLICABLE, OPTIONAL = (
    Status.ON_TIME.value,
    Status.LATE.value,
    Status.MISSING.value,
    Status.NOT_DUE.value,
    Status.NOT_APPLICABLE.value,
    Status.OPTIONAL.value,
)

_LABELS = {}


def status_labels():
    """{status: label} translated once per call site instead of once per cell."""
    language = get_language()
    cached = _LABELS.get(language)
    if cached is None:
        cached = _LABELS[language] = {value: str(label) for value, label in Status.choices}
    return cached
