"""The isolation matrix, office leg: every admin URL pattern from the resolver, requested
by ward A's administrator and inspector against the tenants outside ward A.

Targets: a school of ward B, ward B's portal, the Sở's portal and the Sở's own school.
Each pattern's arguments are filled with the target's objects (pages, revisions,
workflow and task states, images, documents, uploads, editing sessions, its collection,
Site, settings, school, users and groups); patterns without arguments are requested
once per role and checked against every target. Each request (GET and, where the view
takes one, an empty POST) runs in a savepoint that is rolled back afterwards; when it
wrote anything, the target's rows are compared with the state before (nothing of the
target may be changed, created or deleted). A GET answer (or a redirect's target) must
not carry any target's secret: draft titles, usernames and mail subjects carry a marker
per target, so a finding names whose data leaked.

Ward A's own data carries no marker: what ward A's staff may see of themselves is the
office screens' business (tests/sites/test_office_reach.py).
"""

import re
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.utils import timezone

from wagtail.admin.models import EditingSession
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.log_actions import log
from wagtail.models import (
    Collection,
    GroupPagePermission,
    Page,
    PageViewRestriction,
    Revision,
    Site,
    Task,
    UploadedFile,
    Workflow,
    WorkflowState,
)

import pytest
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from home.models import OfficeNewsPage
from sites.models import (
    BlockedDomainPattern,
    Office,
    OfficeMembership,
    School,
    SchoolHostname,
    SchoolSettings,
)
from sites.roles import OfficeRole, SchoolRole
from tests.factories import (
    NewsPageFactory,
    make_child_office,
    make_office,
    make_office_user,
    make_school,
    make_school_user,
)
from tests.sites.test_isolation_matrix import (
    EXEMPT,
    GROUP,
    UPSTREAM_CRASHES,
    _encode,
    _regex_of,
    accepts_post,
    admin_patterns,
    body,
    build_url,
    marked_media,
    pattern_variants,
    selection_query,
    view_model,
)

TARGETS = ("school_b", "portal_b", "portal_so", "school_so")
MARKERS = {
    "school_b": "zqxtruongb",
    "portal_b": "zqxcongb",
    "portal_so": "zqxcongso",
    "school_so": "zqxtruongso",
}
ROLES = ("administrator", "inspector")
ANY = "any"  # patterns without arguments: requested once per role, checked for every target

# --- The province, built once for the module -----------------------------------------


class Target:
    """One tenant outside ward A: its root page, collection, Site, people and secrets."""


def _secret_mail(target, user):
    """A failed e-mail of the target (the background-task failure list shows subjects)."""
    subject = f"Thư {target.marker} gửi riêng"
    DBTaskResult.objects.create(
        task_path="cms.ops.mail.send_email",
        queue_name="default",
        backend_name="default",
        status=TaskResultStatus.FAILED,
        priority=0,
        args_kwargs={
            "args": [{"subject": subject, "to": [user.email], "cc": []}],
            "kwargs": {"attempt": 4},
        },
        finished_at=timezone.now(),
        traceback="SMTPRecipientsRefused",
        exception_class_path="smtplib.SMTPRecipientsRefused",
    )


def _fill_pages(target, index, factory):
    marker = target.marker
    target.index = index
    target.live = factory(index, f"Tin đã đăng của {target.key}", True)
    target.live.title = f"Bản nháp {marker} chưa duyệt"
    target.revision = target.live.save_revision(user=target.user)
    target.live.locked, target.live.locked_by = True, target.user
    target.live.save(update_fields=["locked", "locked_by"])
    target.draft = factory(index, f"Tin {marker} nháp", False)
    target.draft_revision = target.draft.save_revision(user=target.user)
    target.workflow = target.draft.get_workflow()
    if target.workflow is not None:
        target.workflow_state = target.workflow.start(target.draft, target.user)
        target.task_state = target.workflow_state.current_task_state
    else:
        target.workflow_state = target.task_state = None


def _fill_media(target):
    target.image, target.document, target.upload, target.session = marked_media(
        target.marker, target.collection, target.user, target.draft
    )
    for obj in (target.image, target.document, target.draft, target.live):
        log(instance=obj, action="wagtail.edit", user=target.user)
    target.redirect = Redirect.objects.create(
        old_path=f"/{target.marker}-cu", site=target.site, redirect_link="https://example.test/"
    )
    _secret_mail(target, target.user)


def _school_target(key, school):
    target = Target()
    target.key, target.marker, target.school, target.office = key, MARKERS[key], school, None
    target.root, target.site, target.collection = school.home_page, school.site, school.collection
    target.user = make_school_user(school, SchoolRole.EDITOR, username=f"{target.marker}-bt")
    target.users = [target.user]
    target.group = school.group_for(SchoolRole.EDITOR)
    index = school.home_page.get_children().get(slug="tin-tuc").specific

    def news(parent, title, live):
        return NewsPageFactory(parent=parent, title=title, live=live)

    _fill_pages(target, index, news)
    _fill_media(target)
    return target


def _portal_target(key, office):
    target = Target()
    target.key, target.marker, target.school, target.office = key, MARKERS[key], None, office
    target.site = office.site
    target.root = office.site.root_page
    # An office's own collection where it has one (issue 21), else the root collection
    # where office media lived before.
    target.collection = getattr(office, "collection", None) or Collection.get_first_root_node()
    target.user = make_office_user(office, OfficeRole.ADMINISTRATOR, username=f"{target.marker}-qt")
    target.users = [target.user]
    target.group = Group.objects.get(name=str(OfficeRole.ADMINISTRATOR.label))
    index = target.root.get_children().get(slug="tin-tuc").specific

    def news(parent, title, live):
        page = OfficeNewsPage(title=title, live=live, summary="Tóm tắt.")
        parent.add_child(instance=page)
        return page

    _fill_pages(target, index, news)
    _fill_media(target)
    target.pattern_pk = BlockedDomainPattern.objects.create(
        office=office, pattern=f"{target.marker}cuoc", note=target.marker
    ).pk
    return target


class World:
    pass


def _build_world():
    w = World()
    so = make_office("Sở Giáo dục và Đào tạo Đà Nẵng", "sogddanang.test")
    ward_a = make_child_office(so, "UBND phường Hội An", "hoian.sogddanang.test")
    ward_b = make_child_office(so, "UBND phường Hội An Tây", "hoiantay.sogddanang.test")
    w.school_a = make_school("THCS Kim Đồng", office=ward_a)
    w.users = {
        "administrator": make_office_user(ward_a, OfficeRole.ADMINISTRATOR, username="qt-hoian"),
        "inspector": make_office_user(ward_a, OfficeRole.INSPECTOR, username="tt-hoian"),
    }
    w.page_a = NewsPageFactory.for_school(w.school_a, title="Tin của trường A")
    w.index_a = w.page_a.get_parent()
    w.targets = {
        "school_b": _school_target("school_b", make_school("THCS Nguyễn Du", office=ward_b)),
        "portal_b": _portal_target("portal_b", ward_b),
        "portal_so": _portal_target("portal_so", so),
        "school_so": _school_target(
            "school_so", make_school("THPT Trần Quý Cáp", level="THPT", office=so)
        ),
    }
    return w


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The province, built once; the module's outer transaction is rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build_world()
        transaction.set_rollback(True)


# --- Filling the patterns with a target's objects ------------------------------------------


def argument_values(w, t):
    page = t.draft
    values = {
        "page_id": page.pk,
        "page_pk": page.pk,
        "parent_page_id": t.index.pk,
        "page_to_move_id": t.live.pk,
        "destination_id": t.index.pk,
        "revision_id": t.revision.pk,
        "revision_id_a": t.revision.pk,
        "revision_id_b": "latest",
        "action_name": "approve",
        "image_id": t.image.pk,
        "document_id": t.document.pk,
        "doc_id": t.document.pk,
        "uploaded_file_id": t.upload.pk,
        "session_id": t.session.pk,
        "collection_id": t.collection.pk,
        "content_type_app_name": "home",
        "content_type_model_name": page.specific_class._meta.model_name,
        "app_label": "home",
        "model_name": page.specific_class._meta.model_name,
        "app_name": "sites",
        "filter_spec": "max-165x165",
        "redirect_id": t.redirect.pk,
        "object_id": page.pk,
        "school_id": t.school.pk if t.school else -1,
        "user_id": t.user.pk,
    }
    state = t.workflow_state
    values.update(
        workflow_state_id=state.pk if state else -1,
        task_state_id=t.task_state.pk if state else -1,
        task_id=t.task_state.task_id if state else -1,
        workflow_pk=t.workflow.pk if t.workflow else -1,
    )
    return values


def pk_for(w, t, model, name):
    if model is None:
        for prefix, obj in (
            ("wagtailadmin_api:images", t.image),
            ("wagtailadmin_api:documents", t.document),
            ("wagtailimages_chooser", t.image),
            ("wagtaildocs_chooser", t.document),
            ("wagtailsettings", t.site),
        ):
            if name.startswith(prefix):
                return obj.pk
        return t.draft.pk
    by_model = [
        (Page, t.draft.pk),
        (Image, t.image.pk),
        (Document, t.document.pk),
        (Collection, t.collection.pk),
        (Site, t.site.pk),
        (School, t.school.pk if t.school else -1),
        (Office, t.office.pk if t.office else -1),
        (Group, t.group.pk),
        (Workflow, t.workflow.pk if t.workflow else -1),
        (Task, t.task_state.task_id if t.task_state else -1),
        (SchoolHostname, -1),
        (get_user_model(), t.user.pk),
        (BlockedDomainPattern, getattr(t, "pattern_pk", -1)),
    ]
    for cls, pk in by_model:
        if issubclass(model, cls):
            return pk
    school_field = next(
        (f.name for f in model._meta.concrete_fields if f.related_model is School), None
    )
    if school_field and t.school:
        row = model.objects.filter(**{school_field: t.school}).order_by("pk").first()
        if row:
            return row.pk
    first = model.objects.order_by("pk").first()  # global data (the disclosure catalogue)
    return first.pk if first else 1


def has_arguments(name, chain):
    return bool(GROUP.findall(_regex_of(chain))) or (name or "").endswith("chosen_multiple")


def requests_for(w, t, route, name, chain):
    """[(url, query, accepts POST)] for one pattern filled with target `t`'s objects, with
    variants where the target's page meets ward A's (moved into A, A's moved into it)."""
    values = argument_values(w, t) if t is not None else {}
    variants = pattern_variants(
        name,
        values,
        draft=t.draft.pk if t is not None else None,
        index_a=w.index_a.pk,
        page_a=w.page_a.pk,
    )
    post = accepts_post(chain)
    out = []
    for variant in variants:
        variant = dict(variant)
        if t is not None:
            variant.setdefault("pk", pk_for(w, t, view_model(chain), name or ""))
        try:
            url = build_url(chain, variant)
        except KeyError as missing:
            raise AssertionError(f"no value for {missing} in {route} ({name})") from None
        query = {}
        if t is not None:
            query = selection_query(
                name,
                variant,
                pages=[t.draft.pk, t.live.pk],
                image=t.image.pk,
                document=t.document.pk,
                user=t.user.pk,
                parent=t.index.pk,
            )
        out.append((url, query, post))
    return out


# --- What a target owns -----------------------------------------------------------------------


def _rows(queryset):
    return [tuple(sorted(row.items())) for row in queryset.order_by("pk").values()]


def fingerprint(t):
    """Every row the target owns, in full: a change, a new row or a missing one differs."""
    pages = Page.objects.filter(path__startswith=t.root.path)
    page_ids = [str(pk) for pk in pages.values_list("pk", flat=True)]
    users = get_user_model().objects.filter(pk__in=[u.pk for u in t.users])
    media_ids = [t.collection.pk]
    state = {
        "pages": _rows(pages),
        "revisions": _rows(Revision.objects.filter(object_id__in=page_ids)),
        "restrictions": _rows(PageViewRestriction.objects.filter(page__in=pages)),
        "workflow_states": _rows(WorkflowState.objects.filter(object_id__in=page_ids)),
        "images": _rows(Image.objects.filter(collection_id__in=media_ids)),
        "documents": _rows(Document.objects.filter(collection_id__in=media_ids)),
        "users": _rows(users),
        "memberships": _rows(OfficeMembership.objects.filter(user__in=users)),
        "user_groups": sorted(users.values_list("pk", "groups")),
        "group": _rows(Group.objects.filter(pk=t.group.pk)),
        "group_perms": sorted(t.group.permissions.values_list("pk", flat=True)),
        "group_page_perms": _rows(GroupPagePermission.objects.filter(group=t.group)),
        "sites": _rows(
            Site.objects.filter(pk=t.site.pk)
            | Site.objects.filter(root_page__path__startswith=t.root.path)
            | Site.objects.filter(hostname=t.site.hostname)
        ),
        "settings": _rows(SchoolSettings.objects.filter(site=t.site)),
        "collection": _rows(Collection.objects.filter(path__startswith=t.collection.path))
        if t.school
        else _rows(Collection.objects.filter(pk=t.collection.pk)),
        "uploads": _rows(UploadedFile.objects.filter(pk=t.upload.pk)),
        "sessions": _rows(EditingSession.objects.filter(pk=t.session.pk)),
        "redirects": _rows(Redirect.objects.filter(site=t.site)),
    }
    if t.school:
        state["school"] = _rows(School.objects.filter(pk=t.school.pk))
        state["hostnames"] = _rows(SchoolHostname.objects.filter(school=t.school))
    else:
        state["office"] = _rows(Office.objects.filter(pk=t.office.pk))
        state["patterns"] = _rows(BlockedDomainPattern.objects.filter(office=t.office))
        state["global_patterns"] = _rows(BlockedDomainPattern.objects.filter(office=None))
    return state


def diff(before, after):
    return sorted(key for key in before if before[key] != after[key])


WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


class WriteWatch:
    """Notes whether a request sent any INSERT/UPDATE/DELETE: only then are the
    targets' rows read again (most requests write nothing; reading every target's rows
    after each one would double the matrix's time)."""

    def __init__(self):
        self.wrote = False

    def __call__(self, execute, sql, params, many, context):
        if not self.wrote and WRITE.match(sql):
            self.wrote = True
        return execute(sql, params, many, context)


def leaked_markers(response):
    text = body(response).lower()
    if response.status_code in (301, 302):
        text += response.get("Location", "").lower()
    return [key for key, marker in MARKERS.items() if marker in text]


# --- Running one leg --------------------------------------------------------------------------


def _filled(w, target_key):
    """{(url, query): (name, url, query, post)} of one leg, in resolver order."""
    t = None if target_key == ANY else w.targets[target_key]
    out = {}
    for route, name, chain in admin_patterns():
        if name in EXEMPT or has_arguments(name, chain) == (target_key == ANY):
            continue
        for url, query, post in requests_for(w, t, route, name, chain):
            out.setdefault((url, _encode(query)), (name, url, query, post))
    return out


def leg_requests(w, target_key):
    """(name, url, query, post) of every request of one leg (target ANY: the patterns
    without arguments). A URL an earlier target's leg already requests (its arguments
    do not depend on the target: a workflow, a page type) is left to that leg."""
    filled = _filled(w, target_key)
    if target_key != ANY:
        for earlier in TARGETS[: TARGETS.index(target_key)]:
            for key in _filled(w, earlier):
                filled.pop(key, None)
    return list(filled.values())


def run_leg(w, role, target_key, only=None):
    """[(name, target, problem)], patterns, requests."""
    client = Client(raise_request_exception=False)
    client.force_login(w.users[role])
    targets = TARGETS if target_key == ANY else (target_key,)
    baseline = {key: fingerprint(w.targets[key]) for key in targets}
    problems, names, requests = [], set(), 0
    for name, url, query, post in leg_requests(w, target_key):
        if only is not None and name not in only:
            continue
        names.add(name)
        for method in ("GET", "POST") if post else ("GET",):
            requests += 1
            label = f"{role} {method} {url}"
            watch = WriteWatch()
            with transaction.atomic():
                with connection.execute_wrapper(watch):
                    if method == "POST":
                        response = client.post(url + "?" + _encode(query) if query else url, query)
                    else:
                        response = client.get(url, query)
                    leaked = leaked_markers(response) if method == "GET" else []
                try:
                    changed = (
                        {key: diff(baseline[key], fingerprint(w.targets[key])) for key in targets}
                        if watch.wrote
                        else {}
                    )
                except DatabaseError as error:  # the view left the transaction broken
                    changed = {key: [f"database error: {error}"] for key in targets}
                transaction.set_rollback(True)
            if response.status_code >= 500 and (method, name) not in UPSTREAM_CRASHES:
                problems.append((name, target_key, f"{label}: {response.status_code}"))
            for key in leaked:
                if response.status_code in (200, 301, 302):
                    problems.append((name, key, f"{label}: shows {key}'s secrets"))
            for key, tables in changed.items():
                if tables:
                    problems.append((name, key, f"{label}: changed {key}: {', '.join(tables)}"))
    return problems, names, requests


# --- The matrix ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("target_key", (ANY, *TARGETS))
@pytest.mark.parametrize("role", ROLES)
def test_no_admin_url_crosses_an_office_wall(world, role, target_key):
    started = time.monotonic()
    problems, names, requests = run_leg(world, role, target_key)
    print(
        f"\noffice isolation matrix [{role} → {target_key}]: {len(names)} admin URL patterns, "
        f"{requests} requests in {time.monotonic() - started:.1f} s"
    )
    real = [p[2] + f" ({p[0]})" for p in problems]
    assert not real, "\n".join(real)


def test_every_pattern_is_in_a_leg():
    """Each non-exempt pattern is requested with the targets' ids or, without arguments,
    once per role."""
    names = {name for _route, name, _chain in admin_patterns() if name not in EXEMPT}
    assert len(names) > 150
    with_args = {name for _r, name, chain in admin_patterns() if has_arguments(name, chain)}
    assert "wagtailadmin_pages:move_confirm" in with_args
    assert any(name and name.endswith("chosen_multiple") for name in with_args)
    assert "wagtailadmin_reports:locked_pages" in names - with_args


@pytest.mark.django_db
def test_matrix_detects_a_target_secret(world):
    """The detector can fail: a superuser's GET of a target's draft shows its marker."""
    from tests.factories import SuperuserFactory

    client = Client()
    client.force_login(SuperuserFactory(username="quantri-offices"))
    for key in TARGETS:
        t = world.targets[key]
        response = client.get(f"/quan-tri/pages/{t.index.pk}/")
        assert response.status_code == 200 and key in leaked_markers(response), key
