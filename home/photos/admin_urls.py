from django.urls import path

from . import views

urlpatterns = [
    path("so-dong-y/", views.register, name="photos_register"),
    path("trang/<int:page_id>/", views.page_photos, name="photos_page"),
    path("anh/<int:image_id>/lam-mo/", views.blur, name="photos_blur"),
    path("yeu-cau-go-anh/", views.requests_index, name="photos_requests"),
    path("yeu-cau-go-anh/so-lieu/", views.request_counts, name="photos_request_counts"),
    path("yeu-cau-go-anh/<int:pk>/", views.RequestView.as_view(), name="photos_request"),
]
