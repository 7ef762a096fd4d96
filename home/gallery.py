"""Photo galleries of news pages: many phone photos in one go.

Each file goes through the project's image form (home/uploads.py: orientation applied,
metadata dropped, size capped), into the school's collection; the photos are appended to
the page's gallery in a new draft revision, so nothing goes live before the editor has
captioned, reordered and published (or sent for approval)."""

import os

from django.db import transaction
from django.utils.translation import gettext as _

from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form

from .models import NewsGalleryPhoto

MAX_PHOTOS_AT_ONCE = 60


def photo_title(filename, page_title, number):
    stem = os.path.splitext(os.path.basename(filename))[0]
    return f"{page_title[:200]} – {number}" if stem.upper().startswith(("IMG", "DSC")) else stem


def add_photos(page, files, user, collection):
    """Store `files` as images of `collection` and append them to `page`'s gallery in a
    new revision. Returns (revision, [(filename, errors)]); with any refused file,
    nothing is stored at all (the editor picks again without the bad ones)."""
    if not files:
        return None, [("", [_("Hãy chọn ít nhất một ảnh.")])]
    if len(files) > MAX_PHOTOS_AT_ONCE:
        message = _("Mỗi lần chỉ thêm được tối đa %(max)s ảnh.") % {"max": MAX_PHOTOS_AT_ONCE}
        return None, [("", [message])]
    form_class = get_image_form(get_image_model())
    draft = page.get_latest_revision_as_object()
    start = len(draft.gallery_photos.all())
    forms, refused = [], []
    for number, upload in enumerate(files, start=start + 1):
        form = form_class(
            {"title": photo_title(upload.name, page.title, number), "collection": collection.pk},
            {"file": upload},
            user=user,
        )
        if form.is_valid():
            forms.append(form)
        else:
            refused.append((upload.name, [e for errors in form.errors.values() for e in errors]))
    if refused:
        return None, refused
    with transaction.atomic():
        photos = list(draft.gallery_photos.all())
        for form in forms:
            image = form.save(commit=False)
            image.uploaded_by_user = user
            image.save()
            photos.append(NewsGalleryPhoto(image=image, caption=""))
        for order, photo in enumerate(photos):
            photo.sort_order = order
        draft.gallery_photos = photos
        revision = draft.save_revision(user=user, log_action=True)
    return revision, []
