"""Every change this project makes to a Wagtail class, in one place.

What and why:
- ``Page._get_relevant_site_root_paths``, ``get_url``, ``url``, ``relative_url``: plain
  ``wagtail.models.Page`` instances (``get_children()`` without ``.specific()``, menus,
  the admin) would build each URL by scanning every site's root path, which costs
  milliseconds per link with thousands of schools. Our page types get the same methods
  from ``sites.routing.FastUrlPageMixin``, the supported way; this gives them to plain
  pages too.
- ``TreeQuerySet.descendant_of_q``: Wagtail filters a subtree with ``path LIKE 'x%'``,
  which neither SQLite (case-insensitive LIKE) nor PostgreSQL (non-C collation) can
  answer from the path index, so "latest news of this school" walked every school's
  news. An indexed range (``sites.routing.subtree_q``) gives the same rows.
- ``WagtailFilterSet.form``: the user, site, collection and group filters of Wagtail's
  reports and listings offer every school's people and sites; for school staff the choices
  are scoped to their school (``sites.admin_filters.scope_filter_form``), for a ward's
  office staff the people and collections to their reach, and for office staff the Site
  choices to their reach, dropped past a few hundred sites (20,000
  checkboxes cost seconds on every explorer page). Wagtail has no hook for filter choices.
- The Sites screen (``wagtail.sites.views``) uses ``sites.site_rules.OfficeSiteForm``, which
  keeps a school's Site on its own home and hostnames under an office's domains; Wagtail's
  viewset takes no form from settings. Its list shows a ward's staff the Sites of their
  reach only (``sites.admin_filters.office_sites``).

- ``PageTypesUsageReportView.get_queryset`` (the page-types usage report): it counts
  pages and names the last edited page of each type across the whole tree; for a ward's
  office staff both are taken from the pages they govern (``sites.page_policy``), so
  another ward's draft title does not show. Same query as Wagtail's, one filter more.

- ``SpreadsheetExportMixin.preprocess_field_value``: the CSV/XLSX downloads of Wagtail's
  reports and listings write page titles and usernames as they are; a title starting with
  ``=`` is a live formula in the office's CSV. Every value goes through
  ``sites.cells.neutralise`` like the project's own exports.

- ``modelsearch`` (Wagtail's search backends, django-modelsearch 1.3): the SQLite FTS5
  backend puts each word between double quotes without doubling a ``"`` inside it, so a
  search for ``"`` in the admin's image or document listing was a 500 ("unterminated
  string"). ``Lexeme.as_sql`` now doubles it (FTS5's escape). And the admin's image and
  document listings filter on an annotation (``usage_count``) before they search; the
  backend's filter check expects every filter to name a column (``lhs.target``) and
  crashed with AttributeError. The database backends (SQLite, PostgreSQL) run the
  queryset's WHERE clause in SQL themselves and use that check only to validate, so a
  filter on an annotation is let through the check. Reported upstream: see README,
  "Known upstream issues".

- ``bulk_index``: the PostgreSQL search index recomputes every entry's title norm (an
  average over the whole index, then an UPDATE scanning it) after each ``add_bulk``,
  i.e. per page type per provisioning batch: O(schools) work per batch, quadratic over
  an import. ``bulk_index`` adds a batch's pages per type with that refresh deferred
  to one call at the end (same rows, same norms). Not a patch: the index object is the
  one ``add_bulk`` uses, its method replaced only for the duration of the call.

Checked against Wagtail 8.0.x: on any other release series start-up stops with an
error, so an upgrade re-reads Wagtail's versions of these members before patching.
Setting ``TRUONGSO_PATCH_PAGE_URLS = False`` leaves Wagtail untouched (used to compare).
"""

import inspect

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

import wagtail
from wagtail.admin.filters import WagtailFilterSet
from wagtail.models import Page
from wagtail.query import TreeQuerySet
from wagtail.sites import views as site_views

from .admin_filters import office_sites, scope_filter_form, scope_office_filter_form
from .cells import neutralise
from .page_policy import governed_q
from .permissions import is_school_user
from .routing import FastUrlPageMixin, subtree_q
from .site_rules import OfficeSiteForm

CHECKED_WAGTAIL_SERIES = {(8, 0)}
CHECKED_MODELSEARCH_SERIES = {(1, 3)}
PAGE_URL_MEMBERS = ("_get_relevant_site_root_paths", "get_url", "url", "relative_url")

ORIGINALS = {}  # Wagtail's own members, for tests that compare with Wagtail


def check_wagtail_version(version=wagtail.VERSION):
    series = tuple(version[:2])
    if series not in CHECKED_WAGTAIL_SERIES:
        checked = ", ".join(f"{a}.{b}" for a, b in sorted(CHECKED_WAGTAIL_SERIES))
        raise ImproperlyConfigured(
            f"sites/wagtail_compat.py chưa được kiểm tra với Wagtail {series[0]}.{series[1]} "
            f"(đã kiểm tra: {checked}): hãy đọc lại các thành phần Wagtail bị thay thế "
            "rồi cập nhật CHECKED_WAGTAIL_SERIES."
        )


def _descendant_of_q(self, other, inclusive=False):
    return subtree_q(other, inclusive)


def apply():
    """Called once from SitesConfig.ready()."""
    if ORIGINALS:
        return
    check_wagtail_version()
    _scope_filter_forms()
    _office_site_form()
    _scope_page_types_usage()
    _neutralise_exports()
    _escape_fts5_quotes()
    _annotation_filters_in_search()
    if not getattr(settings, "TRUONGSO_PATCH_PAGE_URLS", True):
        return
    ORIGINALS.update((name, inspect.getattr_static(Page, name)) for name in PAGE_URL_MEMBERS)
    ORIGINALS["descendant_of_q"] = TreeQuerySet.descendant_of_q
    Page._get_relevant_site_root_paths = FastUrlPageMixin._get_relevant_site_root_paths
    Page.get_url = FastUrlPageMixin.get_url
    Page.url = property(FastUrlPageMixin.get_url)
    Page.relative_url = FastUrlPageMixin.relative_url
    # descendant_of()/child_of() of every page queryset (child_of builds on it).
    TreeQuerySet.descendant_of_q = _descendant_of_q


def _scope_filter_forms():
    original = WagtailFilterSet.form
    ORIGINALS["WagtailFilterSet.form"] = original

    def form(self):
        form = original.fget(self)
        user = getattr(getattr(self, "request", None), "user", None)
        if user is not None and not getattr(form, "_school_scoped", False):
            form._school_scoped = True
            if is_school_user(user):
                scope_filter_form(form, user)
            elif getattr(user, "is_authenticated", False):
                scope_office_filter_form(form, user)
        return form

    WagtailFilterSet.form = property(form)


def _office_site_form():
    site_views.SiteViewSet.get_form_class = lambda self, for_update=False: OfficeSiteForm
    # The Sites list: a ward's staff see the Sites of their reach, not the province's.
    original_queryset = site_views.IndexView.get_base_queryset
    ORIGINALS["sites.IndexView.get_base_queryset"] = original_queryset
    site_views.IndexView.get_base_queryset = lambda self: original_queryset(self).filter(
        pk__in=office_sites(self.request.user).values("pk")
    )
    for view_class in (site_views.CreateView, site_views.EditView):
        original = view_class.get_form_kwargs

        def get_form_kwargs(self, _original=original):
            return {**_original(self), "for_user": self.request.user}

        view_class.get_form_kwargs = get_form_kwargs


def _scope_page_types_usage():
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count, F, OuterRef, Q, Subquery

    from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView

    original = PageTypesUsageReportView.get_queryset
    ORIGINALS["PageTypesUsageReportView.get_queryset"] = original

    def get_queryset(self):
        own = governed_q(self.request.user)
        if own is None:
            return original(self)
        queryset = ContentType.objects.filter(model__in=self.page_models)
        self.queryset = queryset
        queryset = self.filter_queryset(queryset)
        data = self.filters.form.cleaned_data
        pages = Page.objects.filter(own)
        counted = governed_q(self.request.user, field="pages__path")
        if data.get("page_locale"):
            pages = pages.filter(locale__language_code=data["page_locale"])
            counted &= Q(pages__locale__language_code=data["page_locale"])
        if data.get("site"):
            pages = pages.filter(path__startswith=data["site"])
            counted &= Q(pages__path__startswith=data["site"])
        latest = pages.filter(content_type=OuterRef("pk")).order_by(
            F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk"
        )
        return queryset.annotate(
            count=Count("pages", filter=counted),
            last_edited_page_id=Subquery(latest.values("pk")[:1]),
        ).order_by("-count", "app_label", "model")

    PageTypesUsageReportView.get_queryset = get_queryset


def _neutralise_exports():
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    original = SpreadsheetExportMixin.preprocess_field_value
    ORIGINALS["SpreadsheetExportMixin.preprocess_field_value"] = original

    def preprocess_field_value(self, field, value, export_format):
        return neutralise(original(self, field, value, export_format))

    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value


def uses_sqlite_search():
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"


def check_modelsearch_version(version=None):
    if version is None:
        import modelsearch

        version = modelsearch.VERSION
    series = tuple(version[:2])
    if series not in CHECKED_MODELSEARCH_SERIES:
        raise ImproperlyConfigured(
            f"sites/wagtail_compat.py chưa được kiểm tra với modelsearch {series[0]}.{series[1]}: "
            "hãy xem lỗi đã được sửa chưa (README, “Known upstream issues”) rồi cập nhật "
            "CHECKED_MODELSEARCH_SERIES."
        )


def _escape_fts5_quotes():
    check_modelsearch_version()
    if not uses_sqlite_search():
        return  # the module needs the SQLite index model, absent on PostgreSQL
    from modelsearch.backends.database.sqlite.query import Lexeme

    original = Lexeme.as_sql
    ORIGINALS["Lexeme.as_sql"] = original

    def as_sql(self, compiler, connection):
        template, params = original(self, compiler, connection)
        return template, [param.replace('"', '""') for param in params]

    Lexeme.as_sql = as_sql


def _annotation_filters_in_search():
    from django.db.models.lookups import Lookup, Transform

    from modelsearch.backends.base import BaseSearchQueryCompiler

    original = BaseSearchQueryCompiler._get_filters_from_where_node
    ORIGINALS["BaseSearchQueryCompiler._get_filters_from_where_node"] = original

    def _get_filters_from_where_node(self, where_node, check_only=False):
        if (
            check_only
            and isinstance(where_node, Lookup)
            and not isinstance(where_node.lhs, Transform)
            and not hasattr(where_node.lhs, "target")
        ):
            return None  # an annotation (usage_count): the database applies it in SQL
        return original(self, where_node, check_only=check_only)

    BaseSearchQueryCompiler._get_filters_from_where_node = _get_filters_from_where_node


def bulk_index(pages):
    """Add `pages` (any page types) to every auto-updated search backend, refreshing the
    PostgreSQL title norms once instead of once per page type (see the module text)."""
    from wagtail.search.backends import get_search_backends

    by_model = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page)
    for backend in get_search_backends(with_auto_update=True):
        refresh = None
        for model, objs in by_model.items():
            index = backend.get_index_for_model(model)
            own = getattr(index, "_refresh_title_norms", None)
            if own is None:
                backend.add_bulk(model, objs)
                continue
            refresh = own
            index._refresh_title_norms = lambda full=False: None
            try:
                index.add_items(model, objs)
            finally:
                del index._refresh_title_norms
        if refresh is not None:
            refresh()
