"""StreamField blocks for school and office pages."""

from django.core.exceptions import ValidationError
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


class ScheduleEntryBlock(blocks.StructBlock):
    """One item of the weekly work schedule (lịch công tác tuần)."""

    day = blocks.DateBlock(label=_("Ngày"))
    session = blocks.ChoiceBlock(
        label=_("Buổi"), choices=[("sang", _("Sáng")), ("chieu", _("Chiều"))], default="sang"
    )
    time = blocks.TimeBlock(label=_("Giờ"), required=False)
    content = blocks.TextBlock(label=_("Nội dung"), max_length=1000)
    participants = blocks.CharBlock(label=_("Thành phần"), max_length=500, required=False)
    place = blocks.CharBlock(label=_("Địa điểm"), max_length=255, required=False)
    chair = blocks.CharBlock(label=_("Chủ trì"), max_length=255, required=False)
    notes = blocks.CharBlock(label=_("Ghi chú"), max_length=500, required=False)
    emphasised = blocks.BooleanBlock(label=_("Nhấn mạnh"), required=False)

    class Meta:
        icon = "date"
        label = _("Công việc")


class OfficeScheduleEntryBlock(ScheduleEntryBlock):
    for_all_schools = blocks.BooleanBlock(
        label=_("Đưa vào lịch của tất cả các trường"), required=False
    )

    class Meta:
        icon = "date"
        label = _("Công việc")


class EnrolmentStepBlock(blocks.StructBlock):
    """One step of the year's enrolment timeline."""

    title = blocks.CharBlock(label=_("Công việc"), max_length=255)
    starts_on = blocks.DateBlock(label=_("Từ ngày"))
    ends_on = blocks.DateBlock(label=_("Đến ngày"), required=False)
    note = blocks.CharBlock(label=_("Ghi chú"), max_length=500, required=False)

    class Meta:
        icon = "date"
        label = _("Mốc tuyển sinh")
        template = "blocks/enrolment_step_block.html"

    def clean(self, value):
        value = super().clean(value)
        if value.get("ends_on") and value["ends_on"] < value["starts_on"]:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "ends_on": ValidationError(_("Ngày kết thúc không được trước ngày bắt đầu."))
                }
            )
        return value


class DisclosureLinkBlock(blocks.StructBlock):
    """A link to one of the school's Công khai items (the enrolment plan, the aggregate
    results): the disclosure is the one copy; the enrolment page only points at it."""

    page = blocks.PageChooserBlock(label=_("Mục công khai"), page_type="publicity.DisclosurePage")
    title = blocks.CharBlock(label=_("Tên hiển thị"), max_length=255, required=False)

    class Meta:
        icon = "link"
        label = _("Liên kết mục Công khai")
