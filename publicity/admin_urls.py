"""Admin URLs of Công khai (registered by wagtail_hooks.register_admin_urls)."""

from django.urls import path

from .sector_data.admin_urls import urlpatterns as sector_data_urls
from .views import DashboardView, ItemView, RollupView, SchoolComplianceView

urlpatterns = [
    path("cong-khai/", DashboardView.as_view(), name="publicity_dashboard"),
    path("cong-khai/theo-muc/", ItemView.as_view(), name="publicity_items"),
    path("cong-khai/theo-don-vi/", RollupView.as_view(), name="publicity_rollup"),
    path(
        "cong-khai/truong/<int:school_id>/",
        SchoolComplianceView.as_view(),
        name="publicity_school",
    ),
]

urlpatterns += sector_data_urls
