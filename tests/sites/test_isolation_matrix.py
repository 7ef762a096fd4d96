"""The isolation matrix: every admin URL pattern, filled with another school's objects,
requested by every school role and by the office inspector.

The patterns come from the URL resolver, so a view Wagtail (or this project) adds later
is attacked without anyone listing it. Each pattern's arguments are filled with school
B's objects (pages, revisions, workflow and task states, images, documents, uploads,
editing sessions, its collection, Site, settings, school, users and groups); the view is
requested with GET and, where it accepts one, an empty POST (a delete view's empty POST
*is* the confirmation). Nothing of B may come back: everything B owns carries the marker
MARKER (titles, file names, the username, the school's name and hostname), so a 200 is
fine only without it. A POST must leave B's data as it was.

The inspector is office staff: reading every school is its job (compliance, the approval
trail), so for it the matrix checks only that it cannot change anything and that no view
crashes; its reads are limited by the tests of the office screens.
"""

import re
import time

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from wagtail.admin.models import EditingSession
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.log_actions import log
from wagtail.models import (
    Collection,
    Page,
    Revision,
    Site,
    Task,
    UploadedFile,
    Workflow,
)

import pytest

from home.photos.models import ListedPupil, RegisterKeeper, SchoolClass, TakedownRequest
from home.photos.register import current_year
from sites.models import School, SchoolSettings
from sites.roles import OfficeRole, SchoolRole
from tests.factories import (
    DocumentFactory,
    ImageFactory,
    NewsPageFactory,
    SuperuserFactory,
    UserFactory,
    join_office,
    make_office,
    make_school,
    make_school_user,
)

MARKER = "zqxbimat"
ADMIN_PREFIX = "quan-tri/"

# Patterns not requested, and why.
EXEMPT = {
    "wagtailadmin_logout": "ends the session the matrix runs in; names no object",
    "wagtailadmin_login": "public login form; names no object (accounts issue)",
    "wagtailadmin_password_reset": "public; names no object (accounts issue)",
    "wagtailadmin_password_reset_done": "public static page",
    "wagtailadmin_password_reset_confirm": "public; its arguments are a signed token",
    "wagtailadmin_password_reset_complete": "public static page",
    "truongso_invitation_accept": "public; its arguments are a signed token (invitations)",
    "wagtailadmin_error_test": "raises on purpose (Wagtail's 500 test view)",
}
# Wagtail views that answer 500 to a malformed (empty) POST from anyone, superuser
# included: upstream bugs unrelated to tenancy, listed so any other crash still fails.
UPSTREAM_CRASHES = {
    ("POST", "wagtailadmin_choose_page_external_link"),
}
SCHOOL_ROLES = [SchoolRole.EDITOR, SchoolRole.TEACHER, SchoolRole.GROUP_HEAD, SchoolRole.PRINCIPAL]
ROLES = [*SCHOOL_ROLES, "inspector"]
API_PAGE_ACTIONS = ["copy", "delete", "publish", "unpublish", "move", "revert_to_page_revision"]


# --- Walking the resolver ---------------------------------------------------------------


def admin_patterns():
    """(route, view name, pattern) of every URL pattern under the admin prefix."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = namespace
                if pattern.namespace:
                    ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, prefix + [pattern], ns)
            elif isinstance(pattern, URLPattern):
                name = pattern.name and (
                    f"{namespace}:{pattern.name}" if namespace else pattern.name
                )
                yield prefix + [pattern], name

    for chain, name in walk(get_resolver().url_patterns, [], ""):
        route = "".join(str(p.pattern) for p in chain)
        if route.startswith(ADMIN_PREFIX):
            yield route, name, chain


def _regex_of(chain):
    """The full regex of a pattern chain and its group names (for filling arguments)."""
    parts = [p.pattern.regex.pattern.lstrip("^").rstrip("$").replace(r"\Z", "") for p in chain]
    return "".join(parts)


GROUP = re.compile(r"\(\?P<(\w+)>((?:[^()]|\([^()]*\))*)\)")


def build_url(chain, values):
    """Fill a chain of patterns with `values` by name; None when a name has no value."""
    regex = _regex_of(chain)
    missing = []

    def fill(match):
        name = match.group(1)
        if name not in values:
            missing.append(name)
            return ""
        return str(values[name])

    path = GROUP.sub(fill, regex)
    if missing:
        raise KeyError(missing)
    # What is left is literal text with regex escapes and anchors.
    path = path.replace("\\", "").replace("^", "").replace("$", "")
    path = re.sub(r"\.\*", "x", path)
    return "/" + path


def accepts_post(chain):
    callback = chain[-1].callback
    actions = getattr(callback, "actions", None)  # DRF viewsets
    if actions is not None:
        return "post" in actions
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return hasattr(view_class, "post")
    return True  # function views: try, a 405 is an answer too


def view_model(chain):
    callback = chain[-1].callback
    # A viewset passes its model to as_view(), so the class attribute may be unset.
    model = getattr(callback, "view_initkwargs", {}).get("model")
    if isinstance(model, type):
        return model
    for owner in (getattr(callback, "view_class", None), getattr(callback, "cls", None)):
        try:
            model = getattr(owner, "model", None)
        except Exception:
            model = None
        if isinstance(model, type):
            return model
    return None


# --- School B's world, built once for the module ------------------------------------------


class World:
    pass


def _build_world():
    w = World()
    office = make_office()
    w.school_a = make_school("THCS Kim Đồng", level="THCS", office=office)
    w.school_b = make_school(f"TH {MARKER.capitalize()}", level="TH", office=office)
    b = w.school_b
    w.users = {role: make_school_user(w.school_a, role) for role in SCHOOL_ROLES}
    inspector = UserFactory(username="kiemtra-matrix")
    join_office(inspector, OfficeRole.INSPECTOR)
    w.users["inspector"] = inspector
    w.superuser = SuperuserFactory(username="quantri-matrix")

    w.user_b = make_school_user(b, SchoolRole.EDITOR, username=f"{MARKER}-bientap")
    w.principal_b = make_school_user(b, SchoolRole.PRINCIPAL, username=f"{MARKER}-hieutruong")
    w.news_index_b = b.home_page.get_children().get(slug="tin-tuc").specific
    w.news_index_a = w.school_a.home_page.get_children().get(slug="tin-tuc").specific
    w.live_b = NewsPageFactory(parent=w.news_index_b, title=f"Tin {MARKER} đã đăng")
    w.live_b.title = f"Bản nháp {MARKER} chưa duyệt"
    w.revision_b = w.live_b.save_revision(user=w.user_b)
    w.live_b.locked, w.live_b.locked_by = True, w.user_b
    w.live_b.save(update_fields=["locked", "locked_by"])
    w.draft_b = NewsPageFactory(parent=w.news_index_b, title=f"Tin {MARKER} nháp", live=False)
    draft_revision = w.draft_b.save_revision(user=w.user_b)
    workflow = w.draft_b.get_workflow()
    w.workflow = workflow
    w.workflow_state_b = workflow.start(w.draft_b, w.user_b)
    w.task_state_b = w.workflow_state_b.current_task_state
    w.draft_revision_b = draft_revision
    w.page_a = NewsPageFactory(parent=w.news_index_a, title="Tin của trường A")

    w.image_b, w.document_b, w.upload_b, w.session_b = marked_media(
        MARKER, b.collection, w.user_b, w.draft_b
    )
    settings_b = SchoolSettings.for_site(b.site)
    settings_b.motto = f"Khẩu hiệu {MARKER}"
    settings_b.save()
    for obj in (w.image_b, w.document_b, w.draft_b, w.live_b):
        log(instance=obj, action="wagtail.edit", user=w.user_b)
    from wagtail.contrib.redirects.models import Redirect

    w.redirect_b = Redirect.objects.create(
        old_path=f"/{MARKER}-cu", site=b.site, redirect_link="https://example.test/"
    )
    w.group_b = b.group_for(SchoolRole.EDITOR)
    # Pupils' photos: B's consent register and a parent's takedown request.
    class_b = SchoolClass.objects.create(school=b, school_year=current_year(), name="9Z")
    ListedPupil.objects.create(
        school=b,
        school_class=class_b,
        name=f"Học sinh {MARKER}",
        status=ListedPupil.Status.WITHDRAWN,
        recorded_on=timezone.localdate(),
    )
    now = timezone.now()
    w.case_b = TakedownRequest.objects.create(
        school=b,
        page_url=f"/tin-tuc/{MARKER}/",
        page=w.live_b,
        description=f"Ảnh con tôi {MARKER}",
        name=f"Phụ huynh {MARKER}",
        contact=f"{MARKER}@example.test",
        consented_at=now,
        due_at=now,
    )
    return w


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """School B's objects, built once; the module's outer transaction is rolled back at
    the end, and each test's own transaction (pytest-django) undoes what it changed."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build_world()
        transaction.set_rollback(True)


def argument_values(w):
    """What each URL argument name is filled with: always school B's object."""
    page = w.draft_b
    return {
        "page_id": page.pk,
        "page_pk": page.pk,
        "parent_page_id": w.news_index_b.pk,
        "page_to_move_id": w.live_b.pk,
        "destination_id": w.news_index_b.pk,
        "revision_id": w.revision_b.pk,
        "revision_id_a": w.revision_b.pk,
        "revision_id_b": "latest",
        "workflow_state_id": w.workflow_state_b.pk,
        "task_state_id": w.task_state_b.pk,
        "task_id": w.task_state_b.task_id,
        "action_name": "approve",
        "image_id": w.image_b.pk,
        "document_id": w.document_b.pk,
        "doc_id": w.document_b.pk,
        "uploaded_file_id": w.upload_b.pk,
        "session_id": w.session_b.pk,
        "collection_id": w.school_b.collection.pk,
        "content_type_app_name": "home",
        "content_type_model_name": "newspage",
        "app_label": "home",
        "model_name": "newspage",
        "app_name": "sites",
        "filter_spec": "max-165x165",
        "workflow_pk": w.workflow.pk,
        "redirect_id": w.redirect_b.pk,
        "object_id": page.pk,
        "school_id": w.school_b.pk,
        "user_id": w.user_b.pk,
    }


def pk_for(w, model, name):
    """`pk` depends on the view's model."""
    if model is None:
        if name.startswith("wagtailadmin_api:images"):
            return w.image_b.pk
        if name.startswith("wagtailadmin_api:documents"):
            return w.document_b.pk
        if name.startswith("wagtailimages_chooser"):
            return w.image_b.pk
        if name.startswith("wagtaildocs_chooser"):
            return w.document_b.pk
        if name.startswith("wagtailsettings"):
            return w.school_b.site.pk
        return w.draft_b.pk  # pages (API, revisions compare)
    by_model = [
        (Page, w.draft_b.pk),
        (Image, w.image_b.pk),
        (Document, w.document_b.pk),
        (Collection, w.school_b.collection.pk),
        (Site, w.school_b.site.pk),
        (School, w.school_b.pk),
        (Group, w.group_b.pk),
        (Workflow, w.workflow.pk),
        (Task, w.task_state_b.task_id),
        (TakedownRequest, w.case_b.pk),
    ]
    for cls, pk in by_model:
        if issubclass(model, cls):
            return pk
    from django.contrib.auth import get_user_model

    if issubclass(model, get_user_model()):
        return w.user_b.pk
    first = model.objects.order_by("pk").first()  # global data (the disclosure catalogue)
    return first.pk if first else 1


def requests_for(w, route, name, chain):
    """[(label, url, query, accepts POST)] for one pattern: its arguments filled with B's
    objects, with variants where B's object meets A's (move B's page into A, A's into B)."""
    values = argument_values(w)
    variants = pattern_variants(
        name, values, draft=w.draft_b.pk, index_a=w.news_index_a.pk, page_a=w.page_a.pk
    )
    post = accepts_post(chain)
    out = []
    for variant in variants:
        variant = dict(variant)
        variant.setdefault("pk", pk_for(w, view_model(chain), name or ""))
        try:
            url = build_url(chain, variant)
        except KeyError as missing:
            raise AssertionError(f"no value for {missing} in {route} ({name})") from None
        query = selection_query(
            name,
            variant,
            pages=[w.draft_b.pk, w.live_b.pk],
            image=w.image_b.pk,
            document=w.document_b.pk,
            user=w.user_b.pk,
            parent=w.news_index_b.pk,
        )
        out.append((url, query, post))
    return out


def marked_media(marker, collection, user, draft):
    """A tenant's image, document, pending upload and editing session (of `draft`), each
    named with the tenant's marker so a leak says whose it was."""
    image = ImageFactory(
        title=f"Ảnh {marker}", collection=collection, file__filename=f"{marker}-anh.png"
    )
    document = DocumentFactory(
        title=f"Tài liệu {marker}", collection=collection, file__filename=f"{marker}-tailieu.pdf"
    )
    upload = UploadedFile.objects.create(
        file=ContentFile(b"%PDF-1.4\n", name=f"{marker}-dang-tai.pdf"),
        uploaded_by_user=user,
        for_content_type=None,
    )
    session = EditingSession.objects.create(
        user=user,
        content_type_id=draft.content_type_id,
        object_id=str(draft.pk),
        last_seen_at=timezone.now(),
    )
    return image, document, upload, session


def pattern_variants(name, values, *, draft, index_a, page_a):
    """The argument sets a pattern is requested with: its own, plus one per API page action,
    the moves where the target's page meets the attacker's (`index_a`, `page_a`), one per
    registered bulk action, and settings asked for by the school settings' model name."""
    if name == "wagtailsettings:edit":
        values = {**values, "model_name": "schoolsettings"}
    if name and name.startswith("wagtailadmin_api:pages:action"):
        return [{**values, "pk": draft, "action_name": a} for a in API_PAGE_ACTIONS]
    if name == "wagtailadmin_pages:move_confirm":
        return [
            values,
            {**values, "destination_id": index_a},
            {**values, "page_to_move_id": page_a},
        ]
    if name == "wagtail_bulk_action":
        bulk_action_registry.get_bulk_actions_for_model("wagtailcore", "page")  # scans hooks
        return [
            {**values, "app_label": app_label, "model_name": model_name, "action": action}
            for app_label, models in bulk_action_registry.actions.items()
            for model_name, actions in models.items()
            for action in actions
        ]
    return [values]


def selection_query(name, variant, *, pages, image, document, user, parent):
    """The query string of views that act on a selection (bulk actions, choosers'
    chosen-multiple): the target's objects of the view's kind."""
    if name == "wagtail_bulk_action":
        ids = {"page": pages, "image": [image], "document": [document], "user": [user]}
        return {"id": ids.get(variant["model_name"], [user]), "childOf": parent}
    if name and name.endswith("chosen_multiple"):
        if name.startswith("wagtailimages"):
            return {"id": [image]}
        if name.startswith("wagtaildocs"):
            return {"id": [document]}
        return {"id": pages}
    return {}


# --- What B owns, before and after ------------------------------------------------------------


def fingerprint(w):
    b = w.school_b
    pages = list(
        Page.objects.filter(path__startswith=b.home_page.path)
        .order_by("path")
        .values_list(
            "pk",
            "title",
            "slug",
            "path",
            "live",
            "locked",
            "latest_revision_id",
            "has_unpublished_changes",
        )
    )
    return {
        "pages": pages,
        "revisions": Revision.objects.filter(object_id__in=[str(p[0]) for p in pages]).count(),
        "images": list(
            Image.objects.filter(collection=b.collection).values_list("pk", "title", "file")
        ),
        "documents": list(
            Document.objects.filter(collection=b.collection).values_list("pk", "title", "file")
        ),
        "users": list(
            type(w.user_b)
            .objects.filter(pk__in=[w.user_b.pk, w.principal_b.pk])
            .values_list("pk", "username", "is_active", "password", "email")
        ),
        "groups": sorted(w.user_b.groups.values_list("pk", flat=True)),
        "site": Site.objects.filter(pk=b.site.pk).values_list("hostname", "root_page_id").get(),
        "settings": SchoolSettings.objects.filter(site=b.site)
        .values_list("motto", "logo_id")
        .get(),
        "collection": Collection.objects.filter(pk=b.collection.pk)
        .values_list("name", "path")
        .get(),
        "school": School.objects.filter(pk=b.pk).values_list("name", "slug", "is_active").get(),
        "workflow_state": type(w.workflow_state_b)
        .objects.filter(pk=w.workflow_state_b.pk)
        .values_list("status", "current_task_state_id")
        .get(),
        "uploads": UploadedFile.objects.filter(pk=w.upload_b.pk).count(),
        "redirects": list(
            type(w.redirect_b).objects.filter(site=b.site).values_list("old_path", "redirect_link")
        ),
        "register": list(
            ListedPupil.objects.filter(school=b).values_list("name", "status", "left_on")
        ),
        "classes": list(SchoolClass.objects.filter(school=b).values_list("name", flat=True)),
        "keepers": RegisterKeeper.objects.filter(school=b).count(),
        "cases": list(
            TakedownRequest.objects.filter(school=b).values_list("status", "outcome", "closed_at")
        ),
        "image_b_file": get_image_model_rows(w),
        "live_b_privacy": w.live_b.get_view_restrictions().count(),
        "draft_b_privacy": w.draft_b.get_view_restrictions().count(),
    }


def get_image_model_rows(w):
    return list(Image.objects.filter(pk=w.image_b.pk).values_list("file", "file_hash"))


def body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def leaks(response):
    """The other school's marker in the answer (HTML, JSON, a redirect's target)."""
    text = body(response).lower()
    if response.status_code in (301, 302):
        text += response.get("Location", "").lower()
    return MARKER in text


# --- The matrix ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES, ids=str)
def test_no_admin_url_leaks_another_school(world, role):
    # A crash is recorded as a finding, not raised, so one run lists them all.
    client = Client(raise_request_exception=False)
    user = world.users[role]
    school_role = role != "inspector"
    client.force_login(user)
    before = fingerprint(world)
    problems, checked, requests = [], 0, 0
    started = time.monotonic()
    for route, name, chain in admin_patterns():
        if name in EXEMPT:
            continue
        checked += 1
        for url, query, post in requests_for(world, route, name, chain):
            methods = [("GET", client.get)] + ([("POST", client.post)] if post else [])
            for method, send in methods:
                requests += 1
                if method == "POST" and query:
                    response = send(url + "?" + _encode(query), query)
                else:
                    response = send(url, query)
                label = f"{method} {url} ({name})"
                if response.status_code >= 500:
                    if (method, name) in UPSTREAM_CRASHES:
                        continue
                    problems.append(f"{label}: {response.status_code}")
                elif school_role and response.status_code == 200 and leaks(response):
                    problems.append(f"{label}: 200 shows school B's data")
                elif school_role and response.status_code in (301, 302) and leaks(response):
                    problems.append(f"{label}: redirect names school B's data")
    elapsed = time.monotonic() - started
    print(
        f"\nisolation matrix [{role}]: {checked} admin URL patterns checked "
        f"({len(EXEMPT)} exempt), {requests} requests in {elapsed:.1f} s"
    )
    assert fingerprint(world) == before, f"{role} changed school B's data"
    assert client.get("/quan-tri/").status_code == 200, "the session must survive the matrix"
    assert not problems, "\n".join(problems)


def _encode(query):
    from urllib.parse import urlencode

    return urlencode(query, doseq=True)


@pytest.mark.django_db
def test_matrix_detects_school_b_data(client, world):
    """The detector can fail: the superuser sees B's marker where a school role must not."""
    client.force_login(world.superuser)
    for url in (
        "/quan-tri/api/main/images/",
        "/quan-tri/api/main/documents/",
        f"/quan-tri/pages/{world.news_index_b.pk}/",
        "/quan-tri/reports/site-history/",
    ):
        response = client.get(url)
        assert response.status_code == 200 and leaks(response), url


def test_matrix_walks_the_resolver():
    names = {name for _route, name, _chain in admin_patterns()}
    # A sample of views that must be in the walk (and are in no hand-written list).
    for name in (
        "wagtailadmin_api:images:listing",
        "wagtailadmin_pages:move_confirm",
        "wagtailadmin_reports:page_types_usage",
        "wagtail_bulk_action",
        "wagtailimages_chooser:chosen",
    ):
        assert name in names, name
    assert len(names) > 150


@pytest.mark.django_db
def test_matrix_fills_the_office_school_screens_with_school_b(world):
    """The school screens name their model, so their `pk` is school B's (a page id would
    make the 404 meaningless)."""
    patterns = {name: (route, chain) for route, name, chain in admin_patterns()}
    for name in ("truong_hoc:domains", "truong_hoc:add_user", "truong_hoc:edit"):
        route, chain = patterns[name]
        [(url, _query, post)] = requests_for(world, route, name, chain)
        assert f"/{world.school_b.pk}/" in url and post, (name, url)
