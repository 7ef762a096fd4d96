"""A school may only use images and documents from its own collection.

Checked on every form that saves content (pages, site settings), with Wagtail's reference
extractor, so foreign keys, StreamField blocks and rich text are all covered.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.forms import ModelChoiceField
from django.utils.translation import gettext_lazy as _

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage
from wagtail.models import ReferenceIndex

from .permissions import media_collection_ids

# Names only what the sender sent (the kind and the id): never another school's title or
# file name, which a crafted post would otherwise fish out one id at a time.
MEDIA_OUTSIDE_SCHOOL_MESSAGE = _(
    "Chỉ được dùng ảnh và tài liệu trong thư mục của trường mình (%(kind)s số %(id)s không "
    "thuộc thư mục của trường)."
)
_STREAM_BOOKKEEPING = {"count", "order", "deleted", "id", "type"}


def media_outside_school_message(item):
    kind = _("ảnh") if isinstance(item, AbstractImage) else _("tài liệu")
    return MEDIA_OUTSIDE_SCHOOL_MESSAGE % {"kind": kind, "id": item.pk}


def _media_models():
    return get_image_model(), get_document_model()


def media_outside_school(obj, school):
    """[(field name, image/document)] referenced by `obj` (a page or a setting, saved
    or not) that do not live in the school's collection. Uses Wagtail's reference
    extractor, so foreign keys, StreamField blocks and rich text are all covered."""
    return media_outside(obj, Q(collection__path__startswith=school.collection.path))


def media_outside(obj, inside):
    """[(field name, image/document)] referenced by `obj` that `inside` (a Q on the
    media model) does not match."""
    wanted = {ContentType.objects.get_for_model(model).pk: model for model in _media_models()}
    ids_by_model, fields = {}, {}
    for (
        content_type_id,
        object_id,
        model_path,
        _content_path,
    ) in ReferenceIndex._extract_references_from_object(obj):
        model = wanted.get(content_type_id)
        if model is None:
            continue
        ids_by_model.setdefault(model, set()).add(object_id)
        fields.setdefault((model, str(object_id)), model_path.split(".", 1)[0])
    outside = []
    for model, ids in ids_by_model.items():
        foreign = model.objects.filter(pk__in=ids).exclude(inside)
        outside += [(fields[(model, str(item.pk))], item) for item in foreign]
    return outside


def error_field(form, field):
    """Where to show a foreign-media error: next to a chooser field; StreamField and rich
    text widgets do not display plain errors, so those go to the top of the form."""
    return field if isinstance(form.fields.get(field), ModelChoiceField) else None


def add_media_errors(form, school):
    """Add an error to `form` for each image/document its instance uses from outside
    `school` (superusers may use any). Without a school (an office portal's settings):
    from outside the collections the user may use (sites.permissions)."""
    user = getattr(form, "for_user", None)
    if user is not None and user.is_superuser:
        return
    if school is not None:
        outside = media_outside_school(form.instance, school)
    else:
        ids = media_collection_ids(user) if user is not None else None
        outside = [] if ids is None else media_outside(form.instance, Q(collection_id__in=ids))
    for field, item in outside:
        refuse_foreign_media(form, field, item)


def forget_foreign_media(form, field, item):
    """A refused form is shown again with what was posted, and a chooser shows its file's
    title and thumbnail: blank the posted id of the other school's item first."""
    if not hasattr(form.data, "copy"):
        return
    data = form.data.copy()
    for key in list(data.keys()):
        if key != field and not key.startswith(field + "-"):
            continue
        if key.rsplit("-", 1)[-1] in _STREAM_BOOKKEEPING:
            continue
        if data.get(key) == str(item.pk):
            data[key] = ""
    form.data = data


def refuse_foreign_media(form, field, item):
    """The error for one foreign image/document, without showing it back to the sender."""
    form.add_error(error_field(form, field), media_outside_school_message(item))
    forget_foreign_media(form, field, item)
