"""The admin API's image and document endpoints, scoped to what the user may see.

Wagtail's `/quan-tri/api/main/images/` and `/documents/` list every image and document
(with download URLs) to anyone who may open the admin; Wagtail has no queryset hook for
them, so sites/wagtail_hooks.py swaps these subclasses in through `construct_admin_api`.
"""

from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet

from .permissions import media_collection_ids


class _SchoolScopedMixin:
    """A school's staff see their collection, a ward's office staff their schools' and
    the office-wide collections (the predicate the choosers use)."""

    def get_queryset(self):
        queryset = super().get_queryset()
        ids = media_collection_ids(self.request.user)
        return queryset if ids is None else queryset.filter(collection_id__in=ids)


class SchoolImagesAdminAPIViewSet(_SchoolScopedMixin, ImagesAdminAPIViewSet):
    pass


class SchoolDocumentsAdminAPIViewSet(_SchoolScopedMixin, DocumentsAdminAPIViewSet):
    pass
