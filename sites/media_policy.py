"""Image and document permissions of office staff, scoped to their office's subtree.

The office administrators' group holds image and document rights on the root collection,
so Wagtail would let a ward's administrator list, edit and delete every school's media
(the Images and Documents screens, bulk actions, the upload form's collection choice).
This policy keeps Wagtail's answer and narrows it to the collections the user may see
(`sites.permissions.media_collection_ids`, the same predicate the choosers and the admin
API use). A school's staff hold rights on their own collection only, so Wagtail's own
answer already fits them.

A closed school's collection is an archive: its media stay listed to choose and served,
but nobody except a superuser adds, changes or deletes them
(`sites.permissions.archived_collection_ids`).
"""

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

from .permissions import (
    WRITE_ACTIONS,
    archived_collection_ids,
    is_office_staff,
    media_collection_ids,
)


def _office_scope(user):
    """The collection ids `user` is limited to, or None (no office limit applies)."""
    if not is_office_staff(user):
        return None
    return media_collection_ids(user)


def _archive_locked(user, actions):
    """The archived collection ids when every action asked for writes (an archive's media
    may still be chosen), else an empty list."""
    if not actions or not set(actions) <= WRITE_ACTIONS:
        return []
    return archived_collection_ids(user)


class OfficeScopedMediaPolicy(CollectionOwnershipPermissionPolicy):
    def instances_user_has_any_permission_for(self, user, actions):
        instances = super().instances_user_has_any_permission_for(user, actions)
        ids = _office_scope(user)
        if ids is not None:
            instances = instances.filter(collection_id__in=ids)
        archived = _archive_locked(user, actions)
        return instances.exclude(collection_id__in=archived) if archived else instances

    def user_has_any_permission_for_instance(self, user, actions, instance):
        ids = _office_scope(user)
        if ids is not None and instance.collection_id not in ids:
            return False
        if instance.collection_id in _archive_locked(user, actions):
            return False
        return super().user_has_any_permission_for_instance(user, actions, instance)

    def collections_user_has_any_permission_for(self, user, actions):
        collections = super().collections_user_has_any_permission_for(user, actions)
        ids = _office_scope(user)
        if ids is not None:
            collections = collections.filter(pk__in=ids)
        archived = _archive_locked(user, actions)
        return collections.exclude(pk__in=archived) if archived else collections


def register():
    """Called from SitesConfig.ready(), before wagtail.images and wagtail.documents
    register theirs: an exact-class entry wins over their subclass entries."""
    from wagtail.permissions import register_permission_policy

    # The same arguments as wagtail.images / wagtail.documents get_permission_policy().
    for model, auth_model in (
        (get_image_model(), "wagtailimages.Image"),
        (get_document_model(), "wagtaildocs.Document"),
    ):
        policy = OfficeScopedMediaPolicy(
            model, auth_model=auth_model, owner_field_name="uploaded_by_user"
        )
        register_permission_policy(model, policy, exact_class=True)
