"""Admin menu items shown to the users a predicate of sites/permissions.py admits."""

from wagtail.admin.menu import MenuItem


class MenuItemFor(MenuItem):
    """`MenuItemFor(is_office_admin, label, url, icon_name=…, order=…)`: a menu item
    shown only when `shown_to(user)` is true (the view still checks on its own)."""

    def __init__(self, shown_to, label, url, **kwargs):
        super().__init__(label, url, **kwargs)
        self.shown_to = shown_to

    def is_shown(self, request):
        return self.shown_to(request.user)
