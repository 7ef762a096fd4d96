"""Who a user is in the tenancy: a school's staff, office staff or a superuser.

Wagtail's permissions already stop a school user from editing another school's pages
and media; these predicates close the gaps Wagtail leaves global (choosers, menus,
references in form posts) and decide who may use the office screens.
"""

from django.utils.translation import gettext_lazy as _

from wagtail.models import ReferenceIndex

from .roles import OfficeRole

# Names only what the sender sent (the kind and the id): never another school's title or
# file name, which a crafted post would otherwise fish out one id at a time.
MEDIA_OUTSIDE_SCHOOL_MESSAGE = _(
    "Chỉ được dùng ảnh và tài liệu trong thư mục của trường mình (%(kind)s số %(id)s không "
    "thuộc thư mục của trường)."
)


def media_outside_school_message(item):
    from wagtail.images.models import AbstractImage

    kind = _("ảnh") if isinstance(item, AbstractImage) else _("tài liệu")
    return MEDIA_OUTSIDE_SCHOOL_MESSAGE % {"kind": kind, "id": item.pk}


def _cached(user, attr, compute):
    """Per-request memo on the user object (request.user lives for one request)."""
    if not hasattr(user, attr):
        setattr(user, attr, compute())
    return getattr(user, attr)


def user_school(user):
    """The School whose staff `user` is, or None (office staff, superusers, anonymous)."""
    if not getattr(user, "is_authenticated", False) or user.is_superuser:
        return None

    def compute():
        from .models import School

        return (
            School.objects.filter(role_groups__group__user=user)
            .select_related("home_page", "collection", "site")
            .first()
        )

    return _cached(user, "_truongso_school", compute)


def _office_roles(user):
    def compute():
        labels = {str(role.label): role for role in OfficeRole}
        return {
            labels[name]
            for name in user.groups.filter(name__in=labels).values_list("name", flat=True)
        }

    return _cached(user, "_truongso_office_roles", compute)


def is_office_admin(user):
    """Office administrators (and superusers) manage schools and their users."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or OfficeRole.ADMINISTRATOR in _office_roles(user)


def is_office_staff(user):
    """Administrators and inspectors: they see every school."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or bool(_office_roles(user))


def is_school_user(user):
    """Staff of one school (and nothing more): everything they see is scoped to it."""
    return user_school(user) is not None and not is_office_staff(user)


# --- The one answer to "which schools may this user see / manage" -----------------
# Every office-facing screen (dashboards, reports, exports, user management, reminders,
# the approval trail) filters through these two, so widening them to a tree of offices
# widens every screen at once.


def schools_visible_to(user):
    """The schools whose data this user may read: office staff (administrators and
    inspectors) see their office's schools, a school's staff only their own school."""
    from .models import School

    if not getattr(user, "is_authenticated", False):
        return School.objects.none()
    if user.is_superuser or is_office_staff(user):
        return School.objects.all()
    school = user_school(user)
    return School.objects.filter(pk=school.pk) if school else School.objects.none()


def schools_managed_by(user):
    """The schools this user may administer (create, change, manage their people)."""
    from .models import School

    if is_office_admin(user):
        return School.objects.all()
    return School.objects.none()


def can_see_school(user, school):
    return school is not None and schools_visible_to(user).filter(pk=school.pk).exists()


def can_manage_school(user, school):
    return school is not None and schools_managed_by(user).filter(pk=school.pk).exists()


def school_collection_ids(school):
    """Ids of the school's collection and its children. Media querysets are filtered by
    these ids rather than by collection path, because Wagtail's search backend (chooser
    and API search) can filter on `collection_id` only."""
    from wagtail.models import Collection

    return list(
        Collection.objects.filter(path__startswith=school.collection.path).values_list(
            "pk", flat=True
        )
    )


def school_of_page(page):
    """The School a page belongs to (by tree path), or None for the portal."""
    from .models import School

    return School.objects.select_related("collection").owning(page.path)


def page_in_school(page, school):
    return page.path.startswith(school.home_page.path)


def _media_models():
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    return get_image_model(), get_document_model()


def media_outside_school(obj, school):
    """[(field name, image/document)] referenced by `obj` (a page or a setting, saved
    or not) that do not live in the school's collection. Uses Wagtail's reference
    extractor, so foreign keys, StreamField blocks and rich text are all covered."""
    from django.contrib.contenttypes.models import ContentType

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
        foreign = model.objects.filter(pk__in=ids).exclude(
            collection__path__startswith=school.collection.path
        )
        outside += [(fields[(model, str(item.pk))], item) for item in foreign]
    return outside


def error_field(form, field):
    """Where to show a foreign-media error: next to a chooser field; StreamField and rich
    text widgets do not display plain errors, so those go to the top of the form."""
    from django.forms import ModelChoiceField

    return field if isinstance(form.fields.get(field), ModelChoiceField) else None


_STREAM_BOOKKEEPING = {"count", "order", "deleted", "id", "type"}


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
