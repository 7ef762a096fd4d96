"""Safe uploads from phones: images cleaned before they are stored, documents
checked by what they contain rather than by their name.

Wired in through WAGTAILIMAGES_IMAGE_FORM_BASE and WAGTAILDOCS_DOCUMENT_FORM_BASE, so
the single and the multiple upload views (and the choosers) all go through here.
Every refusal is a form error on the file field: nothing reaches storage.
"""

import io
import os
import zipfile

from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from PIL import Image, ImageOps
from pillow_heif import register_heif_opener

from .document_access import may_release
from .file_safety import document_problem, zip_problem

register_heif_opener()

# Phones take 12–50 megapixel photos; nobody reads a school page at more than this.
MAX_IMAGE_SIDE = 2560
JPEG_QUALITY = 86

# Stored format for each accepted input format (HEIC is not shown by most browsers).
IMAGE_OUTPUT_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "HEIF": "JPEG"}
IMAGE_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}

IMAGE_ERRORS = {
    "invalid": _("Tệp này không phải là ảnh, hoặc ảnh bị hỏng."),
    "format": _("Chỉ nhận ảnh JPEG, PNG, WebP hoặc HEIC (ảnh chụp từ iPhone)."),
    "bomb": _(
        "Ảnh có kích thước quá lớn (%(pixels)s điểm ảnh, tối đa %(max)s), có thể là tệp độc hại. "
        "Hãy chụp lại hoặc thu nhỏ ảnh rồi tải lên."
    ),
    "too_large": _("Tệp ảnh quá lớn (%(size)s). Dung lượng tối đa là %(max)s."),
}

DOCUMENT_ERRORS = {
    "extension": _(
        "Chỉ nhận tài liệu PDF, Word (DOC, DOCX), Excel (XLS, XLSX), PowerPoint (PPT, PPTX) "
        "hoặc OpenDocument (ODT, ODS, ODP)."
    ),
    "content": _(
        "Nội dung tệp không đúng định dạng %(extension)s (tệp có thể bị đổi tên hoặc bị hỏng). "
        "Hãy lưu lại tài liệu đúng định dạng rồi tải lên."
    ),
    "too_large": _("Tệp quá lớn (%(size)s). Dung lượng tối đa là %(max)s."),
    "empty": _("Tệp rỗng."),
}

# Refusals of hostile content (home/file_safety.py), by reason.
HOSTILE_ERRORS = {
    "markup": _(
        "Tệp chứa mã trang web (HTML/SVG) nên có thể bị dùng để lừa người xem; không nhận."
    ),
    "pdf_javascript": _("Tệp PDF chứa mã JavaScript hoặc lệnh tự chạy khi mở; không nhận."),
    "pdf_launch": _("Tệp PDF chứa lệnh mở chương trình hoặc gửi dữ liệu ra ngoài; không nhận."),
    "pdf_embedded": _("Tệp PDF chứa tệp khác được nhúng bên trong; không nhận."),
    "pdf_encrypted": _(
        "Tệp PDF được đặt mật khẩu mở nên không kiểm tra được; hãy gỡ mật khẩu rồi tải lên."
    ),
    "pdf_unreadable": _("Tệp PDF có cấu trúc bất thường, không kiểm tra được; không nhận."),
    "zip_bomb": _(
        "Tệp nén bên trong tài liệu giãn ra quá lớn (có thể là tệp độc hại); không nhận. "
        "Hãy mở tài liệu và lưu lại rồi tải lên."
    ),
}
# Every refusal starts with the file's name: a multiple upload refuses files one by one.
NAMED_ERROR = _("“%(name)s”: %(reason)s")


class NamedFileErrorsMixin:
    """Prefix every error of the file field (ours and Wagtail's own size and pixel checks)
    with the uploaded file's name."""

    def full_clean(self):
        super().full_clean()
        uploaded = self.files.get(self.add_prefix("file")) if self.files else None
        errors = getattr(self, "_errors", None)
        if not uploaded or not errors or "file" not in errors:
            return
        name = os.path.basename(uploaded.name or "")
        errors["file"] = self.error_class(
            [NAMED_ERROR % {"name": name, "reason": message} for message in errors["file"]],
            renderer=self.renderer,
        )


# --- images -------------------------------------------------------------------------


def max_image_pixels():
    return getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", 60_000_000)


def _too_many_pixels(pixels, limit):
    return ValidationError(
        IMAGE_ERRORS["bomb"]
        % {
            "pixels": f"{pixels:,}".replace(",", ".") if pixels else "?",
            "max": f"{limit:,}".replace(",", "."),
        },
        code="file_too_many_pixels",
    )


def clean_image(uploaded):
    """Return a new upload with orientation applied, all metadata (EXIF, GPS, XMP,
    comments) removed and the long side at most MAX_IMAGE_SIDE; or raise ValidationError."""
    uploaded.seek(0)
    limit = max_image_pixels()
    # Image.open reads the header only (format and size); the size is checked against our
    # limit before anything is decoded. Pillow's process-wide MAX_IMAGE_PIXELS is left as it
    # is (changing it per upload races between threads); it still refuses on its own beyond
    # twice its default (~179 Mpx), whatever the setting says.
    try:
        image = Image.open(uploaded)
    except Image.DecompressionBombError:
        raise _too_many_pixels(None, limit) from None
    except Exception as error:
        raise ValidationError(IMAGE_ERRORS["invalid"], code="invalid_image") from error
    pixels = image.width * image.height
    if pixels > limit:
        raise _too_many_pixels(pixels, limit)
    source_format = image.format
    if source_format not in IMAGE_OUTPUT_FORMATS:
        raise ValidationError(IMAGE_ERRORS["format"], code="invalid_image_format")
    try:
        if source_format == "JPEG":
            # Decode a big photo at 1/2, 1/4 or 1/8 scale straight away: bounded time
            # and memory, and it is downscaled to MAX_IMAGE_SIDE anyway.
            image.draft("RGB", (MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
        image.load()
    except Exception as error:
        raise ValidationError(IMAGE_ERRORS["invalid"], code="invalid_image") from error

    image = ImageOps.exif_transpose(image)
    if max(image.size) > MAX_IMAGE_SIDE:
        image.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE), Image.Resampling.LANCZOS)

    output_format = IMAGE_OUTPUT_FORMATS[source_format]
    icc_profile = image.info.get("icc_profile")
    # Drop every metadata block Pillow carried over; keep only the colour profile.
    image.info = {}
    save_options = {"icc_profile": icc_profile} if icc_profile else {}
    if output_format == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        save_options.update(quality=JPEG_QUALITY, optimize=True, progressive=True)
    elif output_format == "WEBP":
        save_options.update(quality=JPEG_QUALITY)
    else:
        save_options.update(optimize=True)

    buffer = io.BytesIO()
    image.save(buffer, output_format, **save_options)
    stem = os.path.splitext(os.path.basename(uploaded.name))[0] or "anh"
    name = f"{stem}.{IMAGE_EXTENSIONS[output_format]}"
    return SimpleUploadedFile(name, buffer.getvalue(), Image.MIME[output_format])


class SafeImageForm(NamedFileErrorsMixin, BaseImageForm):
    """Wagtail's image form, plus clean_image() on every new file."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            field = self.fields["file"]
            max_size = getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", None)
            field.error_messages.update(
                {
                    "invalid_image": IMAGE_ERRORS["invalid"],
                    "invalid_image_extension": IMAGE_ERRORS["format"],
                    "invalid_image_known_format": IMAGE_ERRORS["format"],
                    "file_too_many_pixels": IMAGE_ERRORS["bomb"]
                    % {"pixels": "%(num_pixels)s", "max": "%(max_pixels_count)s"},
                    "file_too_large": IMAGE_ERRORS["too_large"]
                    % {"size": "%(file_size)s", "max": filesizeformat(max_size)},
                }
            )

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):
            return clean_image(file)
        return file


# --- documents ----------------------------------------------------------------------

OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
OOXML_MAIN_PART = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
ODF_MIMETYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
DOCUMENT_EXTENSIONS = ("pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp")


def content_matches_extension(fileobj, extension):
    """Does the file's content really have the format its extension claims?"""
    fileobj.seek(0)
    head = fileobj.read(8)
    fileobj.seek(0)
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension in ("doc", "xls", "ppt"):
        return head == OLE2_MAGIC
    if not head.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            if extension in OOXML_MAIN_PART:
                return "[Content_Types].xml" in names and OOXML_MAIN_PART[extension] in names
            if extension in ODF_MIMETYPES:
                mimetype = archive.read("mimetype").decode("ascii", "ignore").strip()
                return mimetype == ODF_MIMETYPES[extension]
    except (zipfile.BadZipFile, KeyError, OSError):
        return False
    finally:
        fileobj.seek(0)
    return False


def check_document(uploaded):
    extension = os.path.splitext(uploaded.name)[1].lower().lstrip(".")
    allowed = [
        e
        for e in getattr(settings, "WAGTAILDOCS_EXTENSIONS", DOCUMENT_EXTENSIONS)
        if e in DOCUMENT_EXTENSIONS
    ]
    if extension not in allowed:
        raise ValidationError(DOCUMENT_ERRORS["extension"], code="invalid_extension")
    if not uploaded.size:
        raise ValidationError(DOCUMENT_ERRORS["empty"], code="empty")
    max_size = getattr(settings, "WAGTAILDOCS_MAX_UPLOAD_SIZE", None)
    if max_size and uploaded.size > max_size:
        raise ValidationError(
            DOCUMENT_ERRORS["too_large"]
            % {"size": filesizeformat(uploaded.size), "max": filesizeformat(max_size)},
            code="file_too_large",
        )
    # A zip's size is judged from its directory before anything expands a part (the format
    # check below reads ODF's "mimetype" part).
    problem = zip_problem(uploaded)
    if problem:
        raise ValidationError(HOSTILE_ERRORS[problem], code=problem)
    if not content_matches_extension(uploaded, extension):
        raise ValidationError(
            DOCUMENT_ERRORS["content"] % {"extension": extension.upper()},
            code="invalid_content",
        )
    problem = document_problem(uploaded, extension)
    if problem:
        raise ValidationError(HOSTILE_ERRORS[problem], code=problem)
    return uploaded


class SafeDocumentForm(NamedFileErrorsMixin, BaseDocumentForm):
    """Wagtail's document form, with every new file checked by check_document(), and for
    the principal a "release without a page" box (home/document_access.py)."""

    def __init__(self, *args, **kwargs):
        self.for_user = kwargs.get("user")
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            # Size is checked in clean_file with a Vietnamese message.
            self.fields["file"].max_upload_size = None
        if may_release(self.for_user):
            self.fields["release"] = forms.BooleanField(
                label=_("Công bố tài liệu ngay"),
                help_text=_(
                    "Cho phép mọi người tải tài liệu trên trang của trường dù chưa có trang "
                    "nào đã xuất bản liên kết đến nó."
                ),
                required=False,
                initial=bool(self.instance.pk and hasattr(self.instance, "release")),
            )

    def save(self, commit=True):
        document = super().save(commit=commit)
        if commit and "release" in self.fields:
            release_model = apps.get_model("home", "DocumentRelease")
            if self.cleaned_data.get("release"):
                release_model.objects.get_or_create(
                    document=document, defaults={"released_by": self.for_user}
                )
            else:
                release_model.objects.filter(document=document).delete()
        return document

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):
            return check_document(file)
        return file

    def _post_clean(self):
        # A refused file already has its message; the model's own extension check
        # would only add a second, less helpful one.
        if "file" in self.errors:
            return
        super()._post_clean()
