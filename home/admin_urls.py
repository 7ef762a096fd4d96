from django.urls import path

from .views import editing, links, pages

urlpatterns = [
    path("huong-dan/", editing.editor_help, name="editing_help"),
    path("nhat-ky/", editing.office_trail, name="editing_office_trail"),
    path("nhat-ky/<int:page_id>/", editing.editing_trail, name="editing_trail"),
    path(
        "kiem-tra-du-lieu-ca-nhan/<int:page_id>/",
        editing.privacy_review,
        name="editing_privacy_review",
    ),
    path("ten-mien-lien-ket-moi/", links.new_link_domains_report, name="links_new_domains"),
    path("duong-dan-trang/", pages.slug_check, name="editing_slug_check"),
    path(
        "bo-suu-tap/<int:page_id>/them-anh/", pages.add_gallery_photos, name="editing_gallery_add"
    ),
]
