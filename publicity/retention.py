"""Five years means five years (TT 09/2024, RETAIN_5Y): the model-level guards behind the
admin's permission testers and hooks, so that no path — a scheduled expiry, a bulk
action, a move, a view restriction, a script — takes a disclosure offline within 5 years
of its publication unless a superuser does it."""

import contextlib
import contextvars

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from wagtail.models import PageViewRestriction
from wagtail.signals import pre_page_move

from sites.receivers import connect, page_models

from .models import DisclosurePage, acting_user_is_superuser, retained_disclosures_under

RETENTION_MESSAGE = _(
    "Nội dung công khai phải ở trên trang ít nhất 5 năm kể từ ngày công khai; chỉ quản trị "
    "hệ thống mới được gỡ xuống sớm hơn. Hãy đăng phiên bản mới thay vì gỡ bản cũ."
)


class RetentionError(PermissionDenied):
    def __init__(self):
        super().__init__(str(RETENTION_MESSAGE))


def _is_disclosure(page):
    if isinstance(page, DisclosurePage):
        return True
    # A plain Page from a queryset (publish_scheduled, bulk actions): ContentType is cached.
    model = ContentType.objects.get_for_id(page.content_type_id).model_class()
    return model is not None and issubclass(model, DisclosurePage)


def refuse_taking_offline(sender, instance, raw=False, **kwargs):
    """Unpublish and scheduled expiry save the page with live=False (often as a plain
    Page, so DisclosurePage methods are not involved): refuse it here. Connected to page
    saves only (connect_receivers)."""
    if raw or instance.pk is None or instance.live:
        return
    if acting_user_is_superuser() or not _is_disclosure(instance):
        return
    if retained_disclosures_under(instance).filter(pk=instance.pk).exists():
        raise RetentionError()


# Set while two schools merge (cms/schools/lifecycle.py): the merged school's disclosures
# move under the surviving school's Công khai, stay live and public, and every old
# address answers 301 to them; that move is not a way to take one offline.
_MOVING_WITH_MERGE = contextvars.ContextVar("publicity_moving_with_merge", default=False)


@contextlib.contextmanager
def moving_with_merge():
    token = _MOVING_WITH_MERGE.set(True)
    try:
        yield
    finally:
        _MOVING_WITH_MERGE.reset(token)


@receiver(pre_page_move, dispatch_uid="publicity_retention_move")
def refuse_moving(sender, instance, parent_page_before, parent_page_after, **kwargs):
    """Moving a disclosure (or a page above one) elsewhere changes where the public finds
    it; reordering under the same parent is harmless, and so is a school merge."""
    if parent_page_before.pk == parent_page_after.pk or acting_user_is_superuser():
        return
    if _MOVING_WITH_MERGE.get() and parent_page_after.specific_class is (
        parent_page_before.specific_class
    ):
        return  # from one school's Công khai section to the other's, still public
    if retained_disclosures_under(instance).exists():
        raise RetentionError()


@receiver(pre_save, sender=PageViewRestriction, dispatch_uid="publicity_retention_privacy")
def refuse_view_restriction(sender, instance, raw=False, **kwargs):
    if raw or acting_user_is_superuser():
        return
    if retained_disclosures_under(instance.page).exists():
        raise RetentionError()


def connect_receivers():
    """Called by PublicityConfig.ready(): every page type (a disclosure is often saved as
    a plain Page)."""
    connect(
        refuse_taking_offline,
        page_models(),
        signals=(pre_save,),
        uid="publicity_retention_unpublish",
    )
