"""Admin screens for Công khai data: the catalogue (the Sở's administrators change it,
every office reads it), each office's school-year calendar (its administrators), and the events a school records — changes of
information and "chưa ban hành" declarations (the school's own people; office staff
read them)."""

from django import forms
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from sites.models import Office
from sites.permissions import (
    offices_managed_by,
    offices_visible_to,
    schools_visible_to,
    user_school,
)
from sites.reach_views import ReachViewSetMixin

from .models import (
    DisclosureCatalogue,
    DisclosureChange,
    DisclosureDeferral,
    DisclosureRequirement,
    SchoolYearCalendar,
)
from .periods import period_label, school_year_options
from .permissions import school_events_in_reach


class RequirementViewSet(ModelViewSet):
    model = DisclosureRequirement
    icon = "list-ul"
    menu_label = _("Mục công khai")
    list_display = [
        "title",
        "code",
        "group",
        "timing",
        "is_conditional",
        "is_optional",
        "is_retired",
    ]
    list_filter = ["catalogue", "group", "timing", "is_conditional", "is_optional", "is_retired"]
    search_fields = ["title", "code"]
    ordering = ["catalogue", "order", "code"]
    panels = [
        FieldRowPanel([FieldPanel("catalogue"), FieldPanel("code"), FieldPanel("order")]),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("group"), FieldPanel("legal_basis")]),
        FieldPanel("stages"),
        FieldRowPanel([FieldPanel("is_conditional"), FieldPanel("is_optional")]),
        MultiFieldPanel(
            [
                FieldPanel("timing"),
                FieldRowPanel(
                    [
                        FieldPanel("deadline_day"),
                        FieldPanel("deadline_month"),
                        FieldPanel("working_days"),
                    ]
                ),
            ],
            heading=_("Thời hạn"),
        ),
        FieldPanel("is_retired"),
    ]


class CatalogueViewSet(ModelViewSet):
    model = DisclosureCatalogue
    icon = "doc-full"
    menu_label = _("Phiên bản danh mục")
    list_display = ["version", "title", "effective_from", "is_current"]
    form_fields = ["version", "title", "effective_from", "is_current"]


def school_year_field(form):
    """A school year is picked from a labelled list (the current one first), not typed."""
    old = form.fields.get("school_year")
    if old is None:
        return
    options = school_year_options()
    current = form.instance.school_year
    if current and current not in dict(options):
        options.insert(0, (current, period_label(current)))
    form.fields["school_year"] = forms.ChoiceField(
        label=old.label, choices=options, help_text=old.help_text
    )


class CalendarForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        school_year_field(self)
        field = self.fields.get("office")
        if field is not None and self.for_user is not None:
            field.queryset = Office.objects.filter(
                pk__in=offices_managed_by(self.for_user)
            ).order_by("name")


class CalendarIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .filter(office_id__in=offices_visible_to(self.request.user))
            .select_related("office")
        )


class ReachObjectMixin:
    """An object outside the user's reach is not found (404): never shown nor changed."""

    def in_reach(self, obj):
        raise NotImplementedError

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not self.in_reach(obj):
            raise Http404
        return obj


class CalendarObjectMixin(ReachObjectMixin):
    """A ward sets its own calendar, never its neighbour's or the province's."""

    def in_reach(self, obj):
        return obj.office_id in offices_managed_by(self.request.user)


class CalendarEditView(CalendarObjectMixin, generic.EditView):
    pass


class CalendarDeleteView(CalendarObjectMixin, generic.DeleteView):
    pass


class CalendarViewSet(ReachViewSetMixin, ModelViewSet):
    model = SchoolYearCalendar
    index_view_class = CalendarIndexView
    edit_view_class = CalendarEditView
    delete_view_class = CalendarDeleteView
    icon = "date"
    menu_label = _("Kế hoạch thời gian năm học")
    list_display = ["school_year", "office", "first_day", "semester_one_end", "last_day"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("office"), FieldPanel("school_year")]),
            FieldRowPanel(
                [FieldPanel("first_day"), FieldPanel("semester_one_end"), FieldPanel("last_day")]
            ),
            InlinePanel("breaks", heading=_("Kỳ nghỉ")),
        ],
        base_form_class=CalendarForm,
    )

    def reach(self, request, action):
        offices = (
            offices_visible_to(request.user)
            if action == "view"
            else offices_managed_by(request.user)
        )
        return SchoolYearCalendar.objects.filter(office_id__in=offices)


class DisclosureCatalogueGroup(ModelViewSetGroup):
    menu_label = _("Danh mục công khai")
    menu_icon = "list-ul"
    menu_order = 290
    items = (
        RequirementViewSet("muc-cong-khai"),
        CatalogueViewSet("danh-muc-cong-khai"),
        CalendarViewSet("ke-hoach-nam-hoc"),
    )


# --- Events a school records ------------------------------------------------------------


class SchoolEventForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        school_year_field(self)
        user = self.for_user
        field = self.fields.get("school")
        if field is not None and user is not None:
            field.queryset = schools_visible_to(user).order_by("name")
            school = user_school(user)
            if school is not None:
                field.initial = school.pk
        requirement = self.fields.get("requirement")
        if requirement is not None:
            requirement.queryset = DisclosureRequirement.objects.in_force().exclude(
                timing__in=("monthly", "weekly")
            )


class ScopedMixin:
    def get_base_queryset(self):
        return super().get_base_queryset() & school_events_in_reach(
            self.model, self.request.user, "view"
        )


class ScopedObjectMixin(ReachObjectMixin):
    def in_reach(self, obj):
        return (
            school_events_in_reach(self.model, self.request.user, "view").filter(pk=obj.pk).exists()
        )


class EventIndexView(ScopedMixin, generic.IndexView):
    pass


class EventEditView(ScopedObjectMixin, generic.EditView):
    pass


class EventDeleteView(ScopedObjectMixin, generic.DeleteView):
    pass


class SchoolEventViewSet(ReachViewSetMixin, ModelViewSet):
    index_view_class = EventIndexView
    edit_view_class = EventEditView
    delete_view_class = EventDeleteView

    def reach(self, request, action):
        # History, usage and copy too: another school's change notes are not found.
        return school_events_in_reach(self.model, request.user, action)


class ChangeViewSet(SchoolEventViewSet):
    model = DisclosureChange
    icon = "edit"
    menu_label = _("Thay đổi thông tin")
    list_display = ["changed_on", "requirement", "description", "school"]
    list_filter = ["school_year", "requirement"]
    edit_handler = ObjectList(
        [
            FieldPanel("school"),
            FieldPanel("requirement"),
            FieldPanel("changed_on"),
            FieldPanel("description"),
        ],
        base_form_class=SchoolEventForm,
    )


class DeferralViewSet(SchoolEventViewSet):
    model = DisclosureDeferral
    icon = "time"
    menu_label = _("Thông tin chưa ban hành")
    list_display = ["requirement", "school_year", "expected_on", "reason", "school"]
    list_filter = ["school_year"]
    edit_handler = ObjectList(
        [
            FieldPanel("school"),
            FieldPanel("requirement"),
            FieldRowPanel([FieldPanel("school_year"), FieldPanel("expected_on")]),
            FieldPanel("reason"),
        ],
        base_form_class=SchoolEventForm,
    )


class SchoolEventGroup(ModelViewSetGroup):
    menu_label = _("Sự kiện công khai")
    menu_icon = "date"
    menu_order = 285
    items = (ChangeViewSet("thay-doi-cong-khai"), DeferralViewSet("chua-ban-hanh"))
