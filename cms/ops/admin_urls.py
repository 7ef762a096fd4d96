from django.urls import path

from .views import FailedTasksView

urlpatterns = [
    path("", FailedTasksView.as_view(), name="failed_tasks"),
]
