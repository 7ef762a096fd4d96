"""StreamField blocks for school and office pages."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock as WagtailImageBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link", "hr"]


class ImageBlock(WagtailImageBlock):
    """Wagtail's ImageBlock; its chooser child is labelled from its name ("Image", not
    translatable), so it gets a Vietnamese label. Deconstructs as Wagtail's ImageBlock."""

    def __init__(self, required=True, **kwargs):
        super().__init__(required=required, **kwargs)
        self.child_blocks["image"].label = _("Ảnh")


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Ảnh"))
    caption = blocks.CharBlock(label=_("Chú thích"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Ảnh")
        template = "blocks/captioned_image_block.html"


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Tiêu đề"), required=False, max_length=255)
    images = blocks.ListBlock(ImageBlock(label=_("Ảnh")), label=_("Các ảnh"), min_num=1)

    class Meta:
        icon = "image"
        label = _("Bộ sưu tập ảnh")
        template = "blocks/gallery_block.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Tài liệu"))
    title = blocks.CharBlock(
        label=_("Tên hiển thị"),
        required=False,
        max_length=255,
        help_text=_("Để trống để dùng tên của tài liệu."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Tài liệu đính kèm")
        template = "blocks/document_block.html"


class NewsBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(label=_("Đoạn văn"), features=RICH_TEXT_FEATURES)
    image = CaptionedImageBlock()
    gallery = GalleryBlock()
    video = EmbedBlock(label=_("Video (YouTube, Facebook...)"), icon="media")
    table = TableBlock(label=_("Bảng"))
    document = DocumentBlock()

    class Meta:
        label = _("Nội dung")


class LeaderBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Họ và tên"), max_length=255)
    position = blocks.CharBlock(label=_("Chức vụ"), max_length=255)
    phone = blocks.CharBlock(label=_("Điện thoại"), max_length=50, required=False)
    email = blocks.EmailBlock(label=_("Thư điện tử"), required=False)
    photo = ImageBlock(label=_("Ảnh"), required=False)
    duties = blocks.TextBlock(label=_("Nhiệm vụ được phân công"), required=False)

    class Meta:
        icon = "user"
        label = _("Lãnh đạo")
        template = "blocks/leader_block.html"


class UnitBlock(blocks.StructBlock):
    """A unit of the school's organisation: tổ chuyên môn, tổ văn phòng..."""

    name = blocks.CharBlock(label=_("Tên đơn vị"), max_length=255)
    head = blocks.CharBlock(label=_("Người phụ trách"), max_length=255, required=False)
    description = blocks.TextBlock(label=_("Mô tả"), required=False)

    class Meta:
        icon = "group"
        label = _("Đơn vị")
        template = "blocks/unit_block.html"


class OrganisationBlock(blocks.StructBlock):
    """Chi bộ, Công đoàn, Đoàn Thanh niên, Liên đội, Ban đại diện cha mẹ học sinh..."""

    name = blocks.CharBlock(label=_("Tên tổ chức"), max_length=255)
    leader = blocks.CharBlock(label=_("Người đứng đầu"), max_length=255, required=False)
    description = blocks.RichTextBlock(
        label=_("Giới thiệu"), features=RICH_TEXT_FEATURES, required=False
    )

    class Meta:
        icon = "group"
        label = _("Tổ chức, đoàn thể")
        template = "blocks/organisation_block.html"
