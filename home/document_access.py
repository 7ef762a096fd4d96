"""Who may download a document through `/tai-lieu/<id>/<file>` (Wagtail's serve view).

A document is public only where and once its school made it public:
- on its own school's host (an office's document, in the office's collection, on its
  portal's host; one left in the root on the default portal's), and
- once a live, public page of that school links it (Wagtail's ReferenceIndex, which
  holds what the page's live row references), or the school released it on purpose
  (DocumentRelease, set by the principal on the document's edit form).
An attachment of a draft nobody approved, or another school's file fetched through
this school's host, is a 404 that no cache keeps. Staff who may edit the document in
the admin still get it (previewing their own drafts).

Storage privacy (a private bucket, no guessable public key) is the storage setting's
part; this is the app's part, which holds whatever storage serves the bytes.
"""

from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponseNotFound
from django.utils.cache import add_never_cache_headers

from wagtail.documents import get_document_model
from wagtail.models import Page, ReferenceIndex, Site
from wagtail.permissions import policy_registry

from sites.models import Office, School, SchoolSettings
from sites.permissions import is_office_admin
from sites.roles import SchoolRole

from .models import DocumentRelease


def owner_school(document):
    """The School whose collection holds the document, or None (the office's)."""
    path = document.collection.path
    for school in School.objects.select_related("collection", "home_page", "site").filter(
        collection__path__in=[path[:n] for n in range(4, len(path) + 1, 4)]
    ):
        return school
    return None


def owner_office(document):
    """The Office whose own collection holds the document, or None (the root's)."""
    path = document.collection.path
    return (
        Office.objects.select_related("site__root_page")
        .filter(collection__path=path[: Page.steplen * 2], site__isnull=False)
        .first()
    )


def _referencing_ids(document, model):
    base = ContentType.objects.get_for_model(model)
    return [
        int(object_id)
        for object_id in ReferenceIndex.get_references_to(document)
        .filter(base_content_type=base)
        .values_list("object_id", flat=True)
        if str(object_id).isdigit()
    ]


def is_published(document, school):
    """Linked from a live, public page (or the site settings) of `school` (None: the
    portal), or released on purpose."""
    if DocumentRelease.objects.filter(document=document).exists():
        return True
    pages = Page.objects.live().public().filter(pk__in=_referencing_ids(document, Page))
    if school is not None:
        if pages.filter(path__startswith=school.home_page.path).exists():
            return True
        return SchoolSettings.objects.filter(
            pk__in=_referencing_ids(document, SchoolSettings), site=school.site
        ).exists()
    homes = School.objects.values_list("home_page__path", flat=True)
    return any(not any(p.path.startswith(h) for h in homes) for p in pages.only("path"))


def is_published_by_office(document, office):
    """Linked from a live, public page (or the settings) of the office's portal, or
    released on purpose."""
    if DocumentRelease.objects.filter(document=document).exists():
        return True
    pages = Page.objects.live().public().filter(pk__in=_referencing_ids(document, Page))
    if pages.filter(path__startswith=office.site.root_page.path).exists():
        return True
    return SchoolSettings.objects.filter(
        pk__in=_referencing_ids(document, SchoolSettings), site_id=office.site_id
    ).exists()


def served_on_right_host(request, school, office=None):
    site = Site.find_for_request(request)
    if school is not None:
        return site is not None and site.pk == school.site_id
    if office is not None:
        return site is not None and site.pk == office.site_id
    return site is not None and site.is_default_site


def may_download(request, document):
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        policy = policy_registry.get_by_type(get_document_model())
        if policy.user_has_permission_for_instance(user, "change", document):
            return True
    school = owner_school(document)
    office = owner_office(document) if school is None else None
    if office is not None:
        return served_on_right_host(request, None, office) and is_published_by_office(
            document, office
        )
    return served_on_right_host(request, school) and is_published(document, school)


def refuse():
    response = HttpResponseNotFound(
        "Không tìm thấy tài liệu.", content_type="text/plain; charset=utf-8"
    )
    add_never_cache_headers(response)
    return response


def may_release(user):
    """Releasing a document without a page is publishing: the principal's call (or the
    office administrator's), like publishing a page."""
    if user is None or not user.is_authenticated:
        return False
    return (
        is_office_admin(user) or user.groups.filter(school_role__role=SchoolRole.PRINCIPAL).exists()
    )
