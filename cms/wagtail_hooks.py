"""The office's school screens in the Wagtail admin."""

from wagtail import hooks

from .views import school_viewset


@hooks.register("register_admin_viewset")
def register_school_viewset():
    return school_viewset
