"""Làm mờ khuôn mặt: blur faces (the detector's boxes, or rectangles drawn by hand) into a
new file that replaces the image's file everywhere it is used. The unblurred original
leaves public storage for the private quarantine; every rendition of it is deleted."""

import io
import os

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from PIL import Image, ImageFilter

from sites.cache import invalidate_all, purge_urls

from ..uploads import IMAGE_EXTENSIONS, JPEG_QUALITY
from .faces import scan
from .models import PhotoBlur, QuarantinedFile
from .quarantine import delete_public_files, keep_original, public_files

BLURRED_LOG_ACTION = "truongso.photos.blurred"
PADDING = 0.25  # of the box's size on each side: hair, ears and chin go too
MAX_REGIONS = 200


def clean_regions(regions, width, height):
    """[[x, y, w, h]] clipped to the picture; refuses nonsense with a Vietnamese error."""
    if not regions:
        raise ValidationError(_("Hãy chọn ít nhất một khuôn mặt hoặc vẽ một vùng cần làm mờ."))
    if len(regions) > MAX_REGIONS:
        raise ValidationError(_("Quá nhiều vùng cần làm mờ."))
    cleaned = []
    for region in regions:
        try:
            x, y, w, h = (round(float(v)) for v in region)
        except (TypeError, ValueError):
            raise ValidationError(_("Vùng làm mờ không hợp lệ.")) from None
        x, y = max(0, x), max(0, y)
        w, h = min(w, width - x), min(h, height - y)
        if w < 2 or h < 2:
            continue
        cleaned.append([x, y, w, h])
    if not cleaned:
        raise ValidationError(_("Vùng làm mờ nằm ngoài ảnh."))
    return cleaned


def blur_picture(picture, regions):
    """A copy of `picture` with each region (padded) pixelated then blurred: what is left
    cannot be sharpened back into a face."""
    result = picture.copy()
    for x, y, w, h in regions:
        pad_x, pad_y = round(w * PADDING), round(h * PADDING)
        box = (
            max(0, x - pad_x),
            max(0, y - pad_y),
            min(picture.width, x + w + pad_x),
            min(picture.height, y + h + pad_y),
        )
        part = result.crop(box)
        blocks = (max(1, part.width // 16), max(1, part.height // 16))
        part = part.resize(blocks, Image.Resampling.BOX).resize(part.size, Image.Resampling.NEAREST)
        part = part.filter(ImageFilter.GaussianBlur(radius=max(2, max(part.size) // 12)))
        result.paste(part, box[:2])
    return result


def _encode(picture, source_format):
    output = source_format if source_format in IMAGE_EXTENSIONS else "JPEG"
    buffer = io.BytesIO()
    if output == "JPEG":
        picture.convert("RGB").save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    elif output == "WEBP":
        picture.save(buffer, "WEBP", quality=JPEG_QUALITY)
    else:
        picture.save(buffer, output, optimize=True)
    return buffer.getvalue(), IMAGE_EXTENSIONS[output]


def blur_image(image, regions, user):
    """Replace the image's file by a blurred copy; returns the PhotoBlur."""
    with image.open_file() as handle:
        picture = Image.open(io.BytesIO(handle.read()))
        picture.load()
    regions = clean_regions(regions, picture.width, picture.height)
    data, extension = _encode(blur_picture(picture, regions), picture.format)
    old_files = public_files(image)
    with transaction.atomic():
        original = keep_original(image, QuarantinedFile.Reason.BLURRED, user=user)
        stem = os.path.splitext(os.path.basename(image.file.name))[0]
        image.renditions.all().delete()
        image.file.save(f"{stem}-lam-mo.{extension}", ContentFile(data), save=False)
        image._set_image_file_metadata()
        image.width, image.height = picture.size  # same picture, new pixels
        image.save()
        scan(image)  # the new file: blurred faces are no longer found
        blur = PhotoBlur.objects.create(
            image=image, regions=regions, blurred_by=user, original=original
        )
        log(
            instance=image,
            action=BLURRED_LOG_ACTION,
            user=user,
            data={"regions": len(regions)},
        )
        # The unblurred original and its renditions leave public storage now (not after
        # commit: the copy is already in the quarantine); every page showing the photo is
        # rendered again with the new file.
        delete_public_files(image, old_files)
        invalidate_all()
    purge_urls([url for _name, url in old_files])
    return blur
