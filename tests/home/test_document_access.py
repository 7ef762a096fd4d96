"""`/tai-lieu/<id>/<file>`: a document is served on its own school's host only, and only
once a live, public page of that school links it (or the principal released it).
Requests are made as the attacker would: anonymous, with another school's Host header,
for an attachment of a draft nobody approved."""

import json

from django.urls import reverse

from wagtail.models import PageViewRestriction

import pytest

from home.models import DocumentRelease, OfficeNewsIndexPage
from sites.roles import SchoolRole
from tests.factories import (
    DocumentFactory,
    NewsPageFactory,
    OfficeNewsPageFactory,
    make_school_user,
)

pytestmark = pytest.mark.django_db


def pdf(collection, title="Kế hoạch"):
    return DocumentFactory(
        title=title,
        collection=collection,
        file__filename="ke-hoach.pdf",
        file__data=b"%PDF-1.4\n" + b"0" * 512,
    )


def attach(document):
    return json.dumps([{"type": "document", "value": {"document": document.pk, "title": ""}}])


def fetch(client, document, host):
    return client.get(document.url, HTTP_HOST=host)


def served(response):
    return response.status_code == 200 and b"%PDF-1.4" in b"".join(response.streaming_content)


def refused(response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 404 and "no-cache" in cache_control and "private" in cache_control
    )


def test_document_on_a_live_page_is_served_on_its_schools_host(client, school):
    document = pdf(school.collection)
    NewsPageFactory.for_school(school, title="Kế hoạch năm học", attachments=attach(document))
    assert served(fetch(client, document, school.site.hostname))


def test_same_document_through_another_schools_host_is_404(client, school, other_school, office):
    document = pdf(school.collection)
    NewsPageFactory.for_school(school, title="Kế hoạch năm học", attachments=attach(document))
    assert refused(fetch(client, document, other_school.site.hostname))
    assert refused(fetch(client, document, office.site.hostname))


def test_attachment_of_a_draft_is_404(client, school):
    document = pdf(school.collection, title="Dự thảo")
    NewsPageFactory.for_school(school, title="Nháp", live=False, attachments=attach(document))
    for _ in range(2):  # and the refusal is not cached into a later success or failure
        assert refused(fetch(client, document, school.site.hostname))


def test_unlinked_upload_is_404(client, school):
    document = pdf(school.collection)
    assert refused(fetch(client, document, school.site.hostname))


def test_page_of_another_school_linking_it_does_not_publish_it(client, school, other_school):
    document = pdf(school.collection)
    NewsPageFactory.for_school(other_school, title="Tin B", attachments=attach(document))
    assert refused(fetch(client, document, school.site.hostname))
    assert refused(fetch(client, document, other_school.site.hostname))


def test_document_on_a_password_protected_page_is_404(client, school):
    document = pdf(school.collection)
    page = NewsPageFactory.for_school(school, title="Nội bộ", attachments=attach(document))
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="matkhau"
    )
    assert refused(fetch(client, document, school.site.hostname))


def test_released_document_is_served_on_its_host_only(client, school, other_school):
    document = pdf(school.collection)
    DocumentRelease.objects.create(document=document)
    assert served(fetch(client, document, school.site.hostname))
    assert refused(fetch(client, document, other_school.site.hostname))


def test_office_document_is_served_on_the_portal_only(client, office, school):
    from wagtail.models import Collection

    document = pdf(Collection.get_first_root_node(), title="Công văn")
    index = office.site.root_page.get_children().type(OfficeNewsIndexPage).get().specific
    OfficeNewsPageFactory(parent=index, title="Công văn mới", attachments=attach(document))
    assert served(fetch(client, document, office.site.hostname))
    assert refused(fetch(client, document, school.site.hostname))


def test_staff_who_may_edit_it_preview_the_draft_attachment(client, school, other_school):
    document = pdf(school.collection)
    client.force_login(make_school_user(school, SchoolRole.EDITOR))
    assert served(fetch(client, document, school.site.hostname))
    client.force_login(make_school_user(other_school, SchoolRole.EDITOR))
    assert refused(fetch(client, document, school.site.hostname))


def test_principal_releases_a_document_from_its_edit_form(client, school):
    document = pdf(school.collection)
    url = reverse("wagtaildocs:edit", args=[document.pk])
    client.force_login(make_school_user(school, SchoolRole.EDITOR))
    assert 'name="release"' not in client.get(url).content.decode()
    client.force_login(make_school_user(school, SchoolRole.PRINCIPAL))
    assert 'name="release"' in client.get(url).content.decode()
    data = {"title": document.title, "collection": school.collection.pk, "release": "on"}
    response = client.post(url, data)
    assert response.status_code == 302
    assert DocumentRelease.objects.filter(document=document).exists()
    client.post(url, {k: v for k, v in data.items() if k != "release"})
    assert not DocumentRelease.objects.filter(document=document).exists()
