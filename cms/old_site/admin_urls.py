from django.urls import path

from .views import ImportListView, ImportReportView, ImportStartView

urlpatterns = [
    path("", ImportListView.as_view(), name="index"),
    path("nhap/", ImportStartView.as_view(), name="start"),
    path("<int:pk>/", ImportReportView.as_view(), name="report"),
]
