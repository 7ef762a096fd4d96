"""The admin's Help menu leads to the Vietnamese guide."""

from django.test import RequestFactory

from wagtail.admin.menu import help_menu

import pytest

pytestmark = pytest.mark.django_db


def test_help_menu_has_the_vietnamese_guide_and_no_english_guide(editor):
    from django.urls import reverse

    request = RequestFactory().get("/quan-tri/")
    request.user = editor
    items = help_menu.menu_items_for_request(request)
    names = [item.name for item in items]
    assert "editor-guide" not in names
    assert not any(name.startswith("whats-new-in-wagtail") for name in names)
    guide = next(item for item in items if item.name == "huong-dan")
    assert guide.url == reverse("editing_help")
