"""What the school life-cycle commands (move, rename, merge, close) read alike."""

import datetime

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from sites.models import School


def parse_day(value):
    """A YYYY-MM-DD option, or None (meaning today)."""
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            _("Ngày “%(d)s” không hợp lệ (dạng YYYY-MM-DD).") % {"d": value}
        ) from None


def school_by_code(code):
    school = School.objects.select_related("site", "office").filter(slug=code).first()
    if school is None:
        raise CommandError(_("Không có trường mã “%(slug)s”.") % {"slug": code})
    return school
