"""The office's admin screens: the list of schools, adding a school, importing a CSV,
adding people to a school's roles (through cms.schools.provisioning) and a school's hostnames
(Tên miền, through sites.domains).

Access follows Django model permissions on School (see provisioning._ensure_office_groups):
office administrators hold add/change/view, inspectors only view (a read-only list),
school staff none.
"""

from django.contrib.auth import get_user_model
from django.db.models import Count, Max, Q
from django.db.models.functions import Substr
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from wagtail.admin import messages
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.models import Page

from sites.domains import (
    DomainError,
    proof_steps,
    proofs_needed,
    request_school_hostnames,
    verify_school_hostnames,
)
from sites.invitations import local_time
from sites.models import Office, School, SchoolHostname
from sites.permissions import (
    managed_among,
    offices_managed_by,
    schools_managed_by,
    schools_visible_to,
    user_office,
)
from sites.roles import SchoolRole
from sites.routing import subtree_q

from .csv_import import import_school_csv
from .forms import (
    NewSchoolForm,
    SchoolCsvForm,
    SchoolDetailsForm,
    SchoolDomainsForm,
    SchoolUserForm,
)
from .lifecycle_views import SchoolCloseView, SchoolMergeView, SchoolMoveView, SchoolRenameView
from .provisioning import ProvisioningError, add_school_user, provision_school
from .screens import ManagedSchoolFormView, OfficeFormView


class SiteLinkColumn(Column):
    cell_template_name = "sites/admin/site_link_cell.html"


def default_office(user):
    """Where a new school of this user goes: their own office, else the only office."""
    return user_office(user) or Office.objects.sole()


def offices_for_new_schools(user):
    return Office.objects.filter(pk__in=offices_managed_by(user)).order_by("name")


# The office's actions on one school: (label, URL name, icon), in the list's row menu and
# the edit page's header menu.
SCHOOL_ACTIONS = (
    (_("Thêm người dùng"), "add_user", "user"),
    (_("Tên miền"), "domains", "site"),
    (_("Đổi tên, cấp học"), "rename", "edit"),
    (_("Chuyển đơn vị"), "move", "arrow-right"),
    (_("Sáp nhập trường khác vào"), "merge", "arrows-up-down"),
    (_("Ngừng hoạt động"), "close", "warning"),
)


class SchoolIndexView(generic.IndexView):
    def get_base_queryset(self):
        # One annotation for the whole list; the last content update is read for the
        # shown page only (paginate_queryset): a correlated subquery per school made the
        # Sở's list (20,000 schools) take minutes.
        return (
            super()
            .get_base_queryset()
            .filter(pk__in=schools_visible_to(self.request.user).values("pk"))
            .select_related("site", "office", "home_page")
            .annotate(
                editor_count=Count(
                    "role_groups__group__user",
                    filter=Q(role_groups__role=SchoolRole.EDITOR),
                    distinct=True,
                ),
            )
        )

    def paginate_queryset(self, queryset, page_size):
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        object_list = list(object_list)
        last_updates(object_list)
        self.managed_ids = managed_among(self.request.user, object_list)
        return paginator, page, object_list, is_paginated

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.request.user.has_perm("sites.add_school"):
            buttons.append(
                HeaderButton(
                    _("Nhập từ tệp CSV"),
                    url=reverse("truong_hoc:import"),
                    icon_name="upload",
                )
            )
        return buttons

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.request.user.has_perm("sites.change_school"):
            for priority, (label, name, icon) in enumerate(SCHOOL_ACTIONS, start=15):
                buttons.append(
                    MenuItem(
                        label,
                        url=reverse(f"truong_hoc:{name}", args=[instance.pk]),
                        icon_name=icon,
                        priority=priority,
                    )
                )
        if self._may_import_old_site(instance):
            buttons.append(
                MenuItem(
                    _("Nhập trang web cũ"),
                    url=f"{reverse('trang_cu:start')}?truong={instance.pk}",
                    icon_name="download",
                    priority=15 + len(SCHOOL_ACTIONS),
                )
            )
        return buttons

    def _may_import_old_site(self, school):
        """The import screen for this school: an administrator who manages it, when it has
        an old address and is still open (a closed school is an archive)."""
        return (
            bool(school.legacy_url)
            and not school.is_closed
            and school.pk in getattr(self, "managed_ids", set())
        )


def last_updates(schools):
    """Set `last_content_update` on each school: the newest revision in its subtree, in
    one query (index range scans on the tree path, one per school shown)."""
    for school in schools:
        school.last_content_update = None
    if not schools:
        return
    in_subtrees = Q()
    for school in schools:
        in_subtrees |= subtree_q(school.home_page, inclusive=True)
    rows = (
        Page.objects.filter(in_subtrees, latest_revision_created_at__isnull=False)
        .annotate(root=Substr("path", 1, Page.steplen * 2))
        .values("root")
        .annotate(last=Max("latest_revision_created_at"))
    )
    by_root = {row["root"]: row["last"] for row in rows}
    for school in schools:
        school.last_content_update = by_root.get(school.home_page.path)


class SchoolCreateView(generic.CreateView):
    """Add one school: the form validates through the service, then provisions."""

    def get_form_kwargs(self):
        user = self.request.user
        return {
            **super().get_form_kwargs(),
            "office": default_office(user),
            "offices": offices_for_new_schools(user),
        }

    def save_instance(self):
        school, _created = provision_school(
            self.form.office, self.form.spec(), user=self.request.user
        )
        return school

    def get_success_message(self, instance=None):
        return _t("Đã tạo trường “%(name)s” tại %(url)s.") % {
            "name": instance.name,
            "url": instance.base_url,
        }

    def form_valid(self, form):
        if form.office is None:
            form.add_error(None, _t("Chưa có phòng giáo dục; hãy tạo phòng trước."))
            return self.form_invalid(form)
        try:
            return super().form_valid(form)
        except ProvisioningError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)


class SchoolImportView(OfficeFormView):
    form_class = SchoolCsvForm
    page_title = _("Nhập danh sách trường từ tệp CSV")
    submit_button_label = _("Kiểm tra và nhập")

    def get_form_kwargs(self):
        user = self.request.user
        return {
            **super().get_form_kwargs(),
            "office": default_office(user),
            "offices": offices_for_new_schools(user),
        }

    def form_valid(self, form):
        if form.office is None:
            form.add_error(None, _t("Chưa có phòng giáo dục; hãy tạo phòng trước."))
            return self.form_invalid(form)
        try:
            result = import_school_csv(
                form.office, form.cleaned_data["csv_file"], user=self.request.user
            )
        except ProvisioningError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _t("Đã tạo %(created)d trường mới; %(existing)d trường đã có từ trước.")
            % {"created": result.created, "existing": result.existing},
        )
        return redirect(self.get_success_url())


class SchoolUserAddView(ManagedSchoolFormView):
    form_class = SchoolUserForm
    header_icon = "user"
    submit_button_label = _("Thêm người dùng")

    def get_page_title(self):
        return _t("Thêm người dùng cho %(school)s") % {"school": self.school.name}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        members = (
            get_user_model()
            .objects.filter(groups__school_role__school=self.school)
            .values_list("username", "groups__school_role__role")
            .order_by("username")
        )
        labels = dict(SchoolRole.choices)
        context["members"] = [(name, labels.get(role, role)) for name, role in members]
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            user = add_school_user(
                self.school,
                data["role"],
                username=data["username"],
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                invited_by=self.request.user,
            )
        except ProvisioningError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        done = _t("Đã thêm %(user)s làm %(role)s của %(school)s.") % {
            "user": user.username,
            "role": SchoolRole(data["role"]).label,
            "school": self.school.name,
        }
        if user.invited_until:
            done += " " + _t("Đã gửi thư mời đặt mật khẩu tới %(email)s (hết hạn %(time)s).") % {
                "email": user.email,
                "time": local_time(user.invited_until),
            }
        messages.success(self.request, done)
        return redirect(self.get_success_url())


class SchoolDomainsView(ManagedSchoolFormView):
    """Tên miền: the school's main hostname and aliases. A hostname under the office's
    domains is applied at once; any other first needs the office's proof (DNS TXT or a
    file), shown here with a "Kiểm tra" button. Office administrators who manage the
    school only: inspectors get 403 (a hostname is configuration, not something they
    review), another ward's school is 404."""

    form_class = SchoolDomainsForm
    template_name = "cms/admin/school_domains.html"
    header_icon = "site"
    submit_button_label = _("Lưu")

    def dispatch(self, request, *args, **kwargs):
        self.proofs = []
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _t("Tên miền của %(school)s") % {"school": self.school.name}

    def get_initial(self):
        aliases = self.school.hostnames.filter(reason=SchoolHostname.Reason.ALIAS)
        return {
            "main": self.school.site.hostname,
            "aliases": "\n".join(aliases.order_by("hostname").values_list("hostname", flat=True)),
        }

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.request.method == "POST":
            # The proofs the posted hostnames still need decide whether "Kiểm tra" is shown.
            self.proofs = proofs_needed(
                self.school,
                self.request.POST.get("main", ""),
                self.request.POST.get("aliases", "").splitlines(),
                by=self.request.user,
            )
        return {**kwargs, "proofs": self.proofs}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        hostnames = self.school.hostnames.order_by("hostname")
        context.update(
            school=self.school,
            aliases=hostnames.filter(reason=SchoolHostname.Reason.ALIAS),
            moved=hostnames.exclude(reason=SchoolHostname.Reason.ALIAS),
            proofs=[(proof, proof_steps(proof)) for proof in self.proofs],
        )
        return context

    def form_valid(self, form):
        main, aliases = form.cleaned_data["main"], form.alias_list()
        try:
            if self.request.POST.get("action") == "check":
                verify_school_hostnames(
                    self.school, main, aliases, form.method(), by=self.request.user
                )
            elif request_school_hostnames(self.school, main, aliases, by=self.request.user):
                messages.warning(
                    self.request,
                    _t(
                        "Chưa lưu: tên miền ngoài tên miền của đơn vị cần được xác minh. Hãy "
                        "tạo bản ghi DNS hoặc tệp như hướng dẫn rồi bấm “Kiểm tra”."
                    ),
                )
                return self.render_to_response(self.get_context_data(form=form))
        except DomainError as error:
            for message in error.messages:
                form.add_error(None, message)
            # The proofs still unseen.
            self.proofs = proofs_needed(self.school, main, aliases, by=self.request.user)
            return self.form_invalid(form)
        self.school.refresh_from_db()
        messages.success(
            self.request,
            _t("Đã lưu tên miền của %(school)s: %(url)s.")
            % {"school": self.school.name, "url": self.school.base_url},
        )
        return redirect(self.get_success_url())

    def get_success_url(self):
        return reverse("truong_hoc:domains", args=[self.school.pk])


class SchoolEditView(generic.EditView):
    def get_object(self, queryset=None):
        # An office administrator edits the schools of their own subtree only.
        return super().get_object(schools_managed_by(self.request.user))

    @cached_property
    def header_more_buttons(self):
        return [
            *super().header_more_buttons,
            *(
                Button(
                    label,
                    url=reverse(f"truong_hoc:{name}", args=[self.object.pk]),
                    icon_name=icon,
                    priority=priority,
                )
                for priority, (label, name, icon) in enumerate(SCHOOL_ACTIONS[1:], start=5)
            ),
        ]


class SchoolViewSet(ModelViewSet):
    model = School
    name = "truong_hoc"
    url_prefix = "truong-hoc"
    icon = "group"
    menu_label = _("Trường học")
    menu_order = 150
    add_to_admin_menu = True
    index_view_class = SchoolIndexView
    add_view_class = SchoolCreateView
    edit_view_class = SchoolEditView
    delete_view_enabled = False  # schools are deactivated, never deleted (PROTECTed rows)
    copy_view_enabled = False
    inspect_view_enabled = False
    form_fields = SchoolDetailsForm.Meta.fields
    list_filter = ["office", "level", "is_active"]
    search_fields = ["name", "slug"]
    search_backend_name = None  # plain database filter: School is not in the search index
    list_display = [
        "name",
        Column("office", label=_("Đơn vị"), accessor="office"),
        Column("level", label=_("Cấp học"), accessor="get_level_display"),
        SiteLinkColumn("base_url", label=_("Trang web")),
        NumberColumn("editor_count", label=_("Biên tập viên"), sort_key="editor_count"),
        DateColumn("last_content_update", label=_("Cập nhật nội dung")),
    ]

    def get_form_class(self, for_update=False):
        return SchoolDetailsForm if for_update else NewSchoolForm

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("nhap-csv/", SchoolImportView.as_view(), name="import"),
            path("<int:pk>/them-nguoi-dung/", SchoolUserAddView.as_view(), name="add_user"),
            path("<int:pk>/ten-mien/", SchoolDomainsView.as_view(), name="domains"),
            path("<int:pk>/doi-ten/", SchoolRenameView.as_view(), name="rename"),
            path("<int:pk>/chuyen-don-vi/", SchoolMoveView.as_view(), name="move"),
            path("<int:pk>/sap-nhap/", SchoolMergeView.as_view(), name="merge"),
            path("<int:pk>/ngung-hoat-dong/", SchoolCloseView.as_view(), name="close"),
        ]


school_viewset = SchoolViewSet()
