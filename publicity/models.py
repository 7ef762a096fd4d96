"""Công khai: the disclosure section of every school site (Thông tư 09/2024/TT-BGDĐT)."""

from django.utils.translation import gettext_lazy as _

from home.models import FixedSectionPage


class DisclosureIndexPage(FixedSectionPage):
    """Công khai: the school's checklist in the regulation's order, with archives."""

    subpage_types = []

    class Meta:
        verbose_name = _("công khai")
