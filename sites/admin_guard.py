"""One wall around every admin URL for a school's staff.

Wagtail checks permissions view by view, and some views only check that the user may
*use* a kind of object (choose an image, see a report) without checking whose it is:
"chosen" endpoints, move confirmations, bulk-action confirmations, reports. Instead of
patching those views one by one, this middleware looks at what the URL names (the
resolved arguments, and the `id`/`childOf` lists of bulk actions and multiple choosers)
and answers 404 when any of it belongs to another school, before the view runs (for a
ward's office staff: an image, document or school outside the ward is 404, a page
403). A new Wagtail view whose arguments use the usual names is covered without
anyone remembering it; tests/sites/test_isolation_matrix.py (school
roles) and test_isolation_matrix_offices.py (ward staff) walk every admin URL pattern.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from wagtail.admin.models import EditingSession
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    Page,
    Revision,
    Site,
    TaskState,
    UploadedFile,
    WorkflowState,
)

from .models import Office, School, SchoolGroup
from .page_policy import ROOT_SEGMENT, governed_pages
from .permissions import (
    can_change_site,
    is_office_staff,
    is_school_user,
    media_collection_ids,
    offices_visible_to,
    schools_visible_to,
    sees_every_office,
    user_school,
)

# Screens of the office (or of the superuser) that school staff never use: their menus
# are hidden by sites/wagtail_hooks.py, and here they are closed by URL too.
OFFICE_ONLY_NAMESPACES = {
    "wagtailusers_users",
    "wagtailusers_groups",
    "wagtailsites",
    "wagtailadmin_collections",
    "wagtailadmin_workflows",
    "wagtailredirects",
    "truong_hoc",
}
OFFICE_ONLY_URL_NAMES = {
    # Global reports: every school's page titles, editors' names and workflow states.
    "wagtailadmin_reports:site_history",
    "wagtailadmin_reports:site_history_results",
    "wagtailadmin_reports:page_types_usage",
    "wagtailadmin_reports:page_types_usage_results",
    "wagtailadmin_reports:workflow",
    "wagtailadmin_reports:workflow_results",
    "wagtailadmin_reports:workflow_tasks",
    "wagtailadmin_reports:workflow_tasks_results",
    # Usage of a page type across the whole tree.
    "wagtailadmin_pages:type_use",
    "wagtailadmin_pages:type_use_results",
}

# URL argument name -> model it names. `pk` is resolved from the view's model.
PAGE_ARGS = {"page_id", "parent_page_id", "page_to_move_id", "destination_id", "page_pk"}
REVISION_ARGS = {"revision_id", "revision_id_a", "revision_id_b"}
ARG_MODELS = {
    "image_id": get_image_model,
    "document_id": get_document_model,
    "doc_id": get_document_model,
    "collection_id": lambda: Collection,
    "task_state_id": lambda: TaskState,
    "workflow_state_id": lambda: WorkflowState,
    "uploaded_file_id": lambda: UploadedFile,
    "session_id": lambda: EditingSession,
    "user_id": get_user_model,
    "school_id": lambda: School,
}
# `pk` by URL namespace, where the view class does not say which model it serves.
NAMESPACE_MODELS = {
    "wagtailadmin_pages": lambda: Page,
    "wagtailadmin_api:pages": lambda: Page,
    "wagtailadmin_api:images": get_image_model,
    "wagtailadmin_api:documents": get_document_model,
    "wagtailimages_chooser": get_image_model,
    "wagtaildocs_chooser": get_document_model,
}
# Query parameters that carry object ids (bulk actions, multiple choosers).
ID_PARAMS = ("id", "childOf")


def _is_admin_path(request):
    return request.path_info.startswith(reverse("wagtailadmin_home"))


class SchoolAdminGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        if match is None or not _is_admin_path(request):
            return None
        user = getattr(request, "user", None)
        if user is None:
            return None
        if getattr(user, "is_superuser", False):
            return None
        if is_office_staff(user):
            _guard_office_pages(match, request, user)
            return _guard_office_reach(match, request, user)
        if not is_school_user(user):
            return None
        school = user_school(user)
        if match.namespace in OFFICE_ONLY_NAMESPACES or match.view_name in OFFICE_ONLY_URL_NAMES:
            raise PermissionDenied  # the screen exists; what it lists is not theirs
        # Another school's object: 404, as if it did not exist.
        for model, pk in named_objects(match, request):
            if not belongs_to_school(model, pk, school, user):
                raise Http404
        return None


def _guard_office_pages(match, request, user):
    """A ward's office staff: a school outside their reach, or a page outside the portals
    and schools of their offices (or a revision, workflow state, task state or editing
    session of one), is refused on every view that names it (explorer, move and
    bulk-action confirmations, "chosen" endpoints, history, revisions, a school's history
    and usage):
    Wagtail's permission checks stop the writes, but several of those views show titles
    and usernames to anyone who may use them. A page is 403, as Wagtail answers for a
    page one may not edit; a school 404, as the school screens answer."""
    pages = governed_pages(user)
    if pages is None:
        return
    roots = {page.path for page in pages}
    for model, pk in named_objects(match, request):
        if model is not None and issubclass(model, School):
            # A school's screens (edit, history, usage, domains…) of another ward.
            if not schools_visible_to(user).filter(pk=_int(pk)).exists():
                raise Http404  # as the school screens' own lookups answer
            continue
        path = _page_path(model, pk)
        if path is not None and len(path) > Page.steplen and path[:ROOT_SEGMENT] not in roots:
            raise PermissionDenied


def _page_path(model, pk):
    """The tree path of the page `model` #`pk` is or is about, or None (not a page's)."""
    if model is None:
        return None
    if issubclass(model, Page):
        return Page.objects.filter(pk=_int(pk)).values_list("path", flat=True).first()
    if issubclass(model, Revision):
        about = Revision.objects.filter(pk=_int(pk)).values_list(
            "base_content_type_id", "object_id"
        )
    elif issubclass(model, WorkflowState):
        about = model.objects.filter(pk=_int(pk)).values_list("base_content_type_id", "object_id")
    elif issubclass(model, TaskState):
        about = model.objects.filter(pk=_int(pk)).values_list(
            "workflow_state__base_content_type_id", "workflow_state__object_id"
        )
    elif issubclass(model, EditingSession):
        about = model.objects.filter(pk=_int(pk)).values_list("content_type_id", "object_id")
    else:
        return None
    found = about.first()
    if found is None:
        return None
    content_model = ContentType.objects.get_for_id(found[0]).model_class()
    if content_model is None or not issubclass(content_model, Page):
        return None
    return _page_path(Page, found[1])


def _guard_office_reach(match, request, user):
    """Office staff: an object outside their office's reach is 404 on every view that
    names it (edit, delete, history, usage, copy, chosen, bulk actions): an image or
    document of another ward's school or office, a Site they may not change (a portal
    is the superusers'), a school's or an office's record beyond their subtree."""
    for model, pk in named_objects(match, request):
        if not office_reaches(model, pk, user):
            raise Http404
    return None


def office_reaches(model, pk, user):
    """May this office staff member open the object `model` #`pk`? Objects that belong to
    no school or office (the tree root's pages, the disclosure catalogue) are left to
    Wagtail's permissions and the viewsets' policies."""
    if model is None or issubclass(model, Page):
        return True  # pages: sites.page_policy
    if model is get_image_model() or model is get_document_model():
        ids = media_collection_ids(user)
        return ids is None or not (
            model.objects.filter(pk=_int(pk)).exclude(collection_id__in=ids).exists()
        )
    if issubclass(model, Site):
        # Only the Sites screen's edit and delete views name a Site.
        site = Site.objects.filter(pk=_int(pk)).first()
        return site is None or can_change_site(user, site)
    if sees_every_office(user):
        return True
    if issubclass(model, BaseSiteSetting):
        return True  # addressed by Site pk: sites.office_policies decides
    if issubclass(model, School):
        return (
            not School.objects.filter(pk=_int(pk)).exclude(pk__in=schools_visible_to(user)).exists()
        )
    if issubclass(model, Office):
        return (
            not Office.objects.filter(pk=_int(pk)).exclude(pk__in=offices_visible_to(user)).exists()
        )
    school_field = _school_field(model)
    if school_field is not None:
        return (
            not model.objects.filter(pk=_int(pk))
            .exclude(**{f"{school_field}__in": schools_visible_to(user)})
            .exists()
        )
    office_field = _office_field(model)
    if office_field is not None:
        # A row with no office is install-wide (read by every office; changed only by
        # whom the viewset's policy allows).
        return (
            not model.objects.filter(pk=_int(pk), **{f"{office_field}__isnull": False})
            .exclude(**{f"{office_field}__in": offices_visible_to(user)})
            .exists()
        )
    return True


def _view_model(match):
    # A viewset passes its model to as_view(), so the class attribute may be unset.
    model = getattr(match.func, "view_initkwargs", {}).get("model")
    if isinstance(model, type):
        return model
    view_class = getattr(match.func, "view_class", None)
    for owner in (view_class, getattr(match.func, "cls", None)):
        model = getattr(owner, "model", None) if owner is not None else None
        if isinstance(model, type):
            return model
    getter = NAMESPACE_MODELS.get(match.namespace)
    return getter() if getter else None


def _model_from_labels(app_label, model_name):
    try:
        return apps.get_model(app_label, model_name)
    except (LookupError, ValueError):
        return None


def named_objects(match, request):
    """(model, pk) of every object the URL names. pk stays a string: a value that is not
    an id simply matches nothing."""
    kwargs = match.kwargs
    for name, value in kwargs.items():
        if name in PAGE_ARGS:
            yield Page, value
        elif name in REVISION_ARGS:
            if str(value).isdigit():
                yield Revision, value
        elif name in ARG_MODELS:
            yield ARG_MODELS[name](), value
    if "redirect_id" in kwargs:
        return  # office-only (redirects are refused above)
    if "pk" in kwargs:
        model = None
        if "app_name" in kwargs and "model_name" in kwargs:  # settings
            model = _model_from_labels(kwargs["app_name"], kwargs["model_name"])
        model = model or _view_model(match)
        if model is not None:
            yield model, kwargs["pk"]
    if "object_id" in kwargs and "app_label" in kwargs:  # editing sessions
        model = _model_from_labels(kwargs["app_label"], kwargs["model_name"])
        if model is not None:
            yield model, kwargs["object_id"]
    # Bulk actions and multiple choosers name their objects in the query string (GET to
    # confirm, POST to act).
    list_model = None
    if match.url_name == "wagtail_bulk_action":
        list_model = _model_from_labels(kwargs.get("app_label"), kwargs.get("model_name"))
    elif match.url_name and match.url_name.endswith("chosen_multiple"):
        list_model = Page if match.namespace == "" else _view_model(match)
    if list_model is not None:
        for param in ID_PARAMS:
            for value in request.GET.getlist(param) + request.POST.getlist(param):
                if value and value != "all":
                    yield (Page if param == "childOf" else list_model), value


def belongs_to_school(model, pk, school, user):
    """May this school's staff reach the object `model` #`pk`? Objects that belong to
    no school (the tree root, Wagtail's global tasks, the disclosure catalogue) are left
    to Wagtail's own permissions; objects of another school, or of nobody's school where
    a school's own is expected (portal pages, the office's collection), are not."""
    if model is None:
        return True
    if issubclass(model, Page):
        path = Page.objects.filter(pk=_int(pk)).values_list("path", flat=True).first()
        return path is None or path.startswith(school.home_page.path) or len(path) <= Page.steplen
    if issubclass(model, Revision):
        revision = Revision.objects.filter(pk=_int(pk)).first()
        return revision is None or _content_belongs(
            revision.base_content_type_id, revision.object_id, school, user
        )
    if issubclass(model, (WorkflowState, TaskState)):
        state = model.objects.filter(pk=_int(pk)).first()
        if state is None:
            return True
        workflow_state = state if isinstance(state, WorkflowState) else state.workflow_state
        return _content_belongs(
            workflow_state.base_content_type_id, workflow_state.object_id, school, user
        )
    if model is get_image_model() or model is get_document_model():
        return (
            not model.objects.filter(pk=_int(pk))
            .exclude(collection__path__startswith=school.collection.path)
            .exists()
        )
    if issubclass(model, Collection):
        path = Collection.objects.filter(pk=_int(pk)).values_list("path", flat=True).first()
        return path is None or path.startswith(school.collection.path)
    if issubclass(model, UploadedFile):
        return not UploadedFile.objects.filter(pk=_int(pk)).exclude(uploaded_by_user=user).exists()
    if issubclass(model, EditingSession):
        return not EditingSession.objects.filter(pk=_int(pk)).exclude(user=user).exists()
    if issubclass(model, Site):
        return not Site.objects.filter(pk=_int(pk)).exclude(pk=school.site_id).exists()
    if issubclass(model, BaseSiteSetting):
        # Site settings are addressed by their Site's pk.
        return not Site.objects.filter(pk=_int(pk)).exclude(pk=school.site_id).exists()
    if issubclass(model, School):
        return not School.objects.filter(pk=_int(pk)).exclude(pk=school.pk).exists()
    if issubclass(model, get_user_model()):
        if str(pk) == str(user.pk):
            return True
        other = get_user_model().objects.filter(pk=_int(pk)).first()
        return other is None or user_school(other) == school
    if issubclass(model, Group):
        return not SchoolGroup.objects.filter(group_id=_int(pk)).exclude(school=school).exists()
    school_field = _school_field(model)
    if school_field is not None:
        # A school's own record (a visitor's message, a takedown request...): its school
        # foreign key says whose it is.
        return not model.objects.filter(pk=_int(pk)).exclude(**{school_field: school}).exists()
    return True


def _school_field(model):
    return _relation_to(model, School)


def _office_field(model):
    return _relation_to(model, Office)


def _relation_to(model, target):
    for model_field in model._meta.concrete_fields:
        if model_field.is_relation and model_field.related_model is target:
            return model_field.name
    return None


def _content_belongs(content_type_id, object_id, school, user):
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return belongs_to_school(model, object_id, school, user)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1
