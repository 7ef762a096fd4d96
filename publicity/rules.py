"""The choices the engine makes where Thông tư 09/2024 is silent or unconfirmed, and the
Vietnamese sentences every verdict explains itself with (rule 10). One place to change
each choice; README.md ("Công khai: the rules as the engine applies them") and the
catalogue fixture's notes say the same.
"""

import datetime

from django.utils.translation import gettext_lazy as _

# The first school year's yearly items count as information that came into being on the
# day the circular entered into force (the catalogue's effective_from, 19/7/2024).
CIRCULAR_START_AS_COMING_INTO_BEING = True

# A version counts from the day it first went public (first_published_at, local date),
# and "as of" a day means "online at the end of that day".
COUNT_FROM = "first_publication"

# Deadlines are inclusive: published on the deadline day is on time.
DEADLINE_INCLUSIVE = True

# A later version of a period that carries its own "ngày thông tin thay đổi" is an update
# with its own window of the item's working days from that date (never ending before the
# period's deadline), like a recorded change; one without a date is a correction.
VERSION_DATE_IS_AN_UPDATE = True

# Continuity (rule 12): a version taken down within its 5 years is a retention breach; if
# another version of the period was already visible, the period stays disclosed and its
# verdict stands; a gap is owed again from the day of the removal, with no grace days (a
# version the same day is in time, each later day is a day late).
GAP_OWED_FROM_REMOVAL = True


class Basis:
    """Why a deadline is what it is; stored on each PeriodResult as a short code."""

    YEARLY = "yearly"
    CIRCULAR_START = "circular_start"
    CAME_INTO_BEING = "came_into_being"
    DEFERRED = "deferred"
    CHANGE = "change"
    UPDATE = "update"
    LEGACY_CHANGE = "legacy_change"
    MONTHLY = "monthly"
    WEEKLY = "weekly"
    OPTIONAL = "optional"
    NOT_APPLICABLE = "not_applicable"


RULE_TEXT = {
    Basis.YEARLY: _(
        "Mục hằng năm (Điều 15), %(year)s: hạn công khai ngày %(deadline)s (trước 30/6 của "
        "năm bắt đầu năm học)."
    ),
    Basis.CIRCULAR_START: _(
        "Năm đầu áp dụng: Thông tư 09/2024 có hiệu lực từ %(basis)s, nên thông tin coi như có "
        "từ ngày đó; hạn %(n)d ngày làm việc sau: %(deadline)s."
    ),
    Basis.CAME_INTO_BEING: _(
        "Thông tin có từ ngày %(basis)s (sau hạn 30/6): cập nhật trong %(n)d ngày làm việc, "
        "hạn %(deadline)s."
    ),
    Basis.DEFERRED: _(
        "Trường khai báo chưa ban hành (%(note)s), dự kiến ngày %(basis)s: hạn %(n)d ngày "
        "làm việc sau: %(deadline)s."
    ),
    Basis.CHANGE: _(
        "Thay đổi ngày %(basis)s (%(note)s): cập nhật trong %(n)d ngày làm việc, hạn %(deadline)s."
    ),
    Basis.UPDATE: _(
        "Bản cập nhật công khai ngày %(published)s ghi ngày thông tin thay đổi %(basis)s: cập "
        "nhật trong %(n)d ngày làm việc, hạn %(deadline)s."
    ),
    Basis.LEGACY_CHANGE: _(
        "Thay đổi ngày %(basis)s ghi trên bản công khai: cập nhật trong %(n)d ngày làm việc, "
        "hạn %(deadline)s."
    ),
    Basis.MONTHLY: _("%(period)s: hạn ngày %(deadline)s (trước ngày %(day)d của tháng trước)."),
    Basis.WEEKLY: _("%(period)s: hạn thứ Bảy của tuần trước, ngày %(deadline)s."),
    Basis.OPTIONAL: _("Mục tuỳ chọn (nếu có): không đăng thì không bị tính quá hạn."),
    Basis.NOT_APPLICABLE: _("Trường đánh dấu không áp dụng cho năm học: %(note)s"),
}

WORKING_DAYS_NOTE = _(
    "Ngày làm việc: thứ Hai–thứ Sáu, trừ ngày nghỉ lễ, Tết theo Bộ luật Lao động 2019 Điều "
    "112 và ngày nghỉ hoán đổi của Chính phủ; thứ Bảy làm bù được tính là ngày làm việc."
)


def fmt(day):
    return day.strftime("%d/%m/%Y") if isinstance(day, datetime.date) else "–"
