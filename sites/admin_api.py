"""The admin API's image and document endpoints, scoped to a school's collection.

Wagtail's `/quan-tri/api/main/images/` and `/documents/` list every image and document
(with download URLs) to anyone who may open the admin; Wagtail has no queryset hook for
them, so sites/wagtail_hooks.py swaps these subclasses in through `construct_admin_api`.
"""

from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet

from .permissions import is_school_user, school_collection_ids, user_school


class _SchoolScopedMixin:
    def get_queryset(self):
        queryset = super().get_queryset()
        user = self.request.user
        if is_school_user(user):
            queryset = queryset.filter(collection_id__in=school_collection_ids(user_school(user)))
        return queryset


class SchoolImagesAdminAPIViewSet(_SchoolScopedMixin, ImagesAdminAPIViewSet):
    pass


class SchoolDocumentsAdminAPIViewSet(_SchoolScopedMixin, DocumentsAdminAPIViewSet):
    pass
