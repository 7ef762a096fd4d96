"""What a school editor sees of the Wagtail admin chrome carries no English leftovers."""

from django.urls import reverse

import wagtail

import pytest

from tests.factories import ImageFactory, NewsPageFactory

# Each was seen in English on these screens before it was translated or overridden.
ENGLISH_LEFTOVERS = [
    "&quot;label&quot;: &quot;Image&quot;",  # ImageBlock's chooser child in the page editor
    ">Image<",
    "Email<span",  # the account page's name/e-mail form
    ">Email<",
    'aria-label="Actions"',  # shared/headers/_actions.html
    f"Wagtail {wagtail.__version__}",  # the version badge on the dashboard
    wagtail.__version__,
    "target_version=",  # the link to the English editor guide of this Wagtail version
]


@pytest.mark.django_db
def test_editor_screens_have_no_english_chrome(client, editor, school):
    client.force_login(editor)
    news = NewsPageFactory.for_school(school)
    image = ImageFactory(collection=school.collection)
    screens = {
        "dashboard": reverse("wagtailadmin_home"),
        "page editor": reverse("wagtailadmin_pages:edit", args=[news.pk]),
        "images": reverse("wagtailimages:index"),
        "image edit": reverse("wagtailimages:edit", args=[image.pk]),
        "account": reverse("wagtailadmin_account"),
    }
    found = {}
    for name, url in screens.items():
        response = client.get(url)
        assert response.status_code == 200, name
        html = response.content.decode()
        found[name] = [s for s in ENGLISH_LEFTOVERS if s in html]
    assert found == {name: [] for name in screens}


@pytest.mark.django_db
def test_the_replacements_are_there(client, editor, school):
    client.force_login(editor)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("editing_help") in dashboard
    assert 'aria-label="Thao tác"' in client.get(reverse("wagtailimages:index")).content.decode()
    assert "Thư điện tử" in client.get(reverse("wagtailadmin_account")).content.decode()
