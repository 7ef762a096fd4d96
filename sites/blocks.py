from django.utils.translation import gettext_lazy as _

from wagtail import blocks


class QuickLinkBlock(blocks.StructBlock):
    """A link the school pins on its home page (sổ liên lạc điện tử, cổng phòng GD...)."""

    title = blocks.CharBlock(label=_("Tiêu đề"), max_length=80)
    url = blocks.URLBlock(label=_("Địa chỉ"))

    class Meta:
        icon = "link"
        label = _("Liên kết")
