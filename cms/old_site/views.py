"""Nhập trang web cũ: the office administrator's screens. One form queues the import of
one school or many (each school's `legacy_url`), a list follows them (progress from the
database, refreshed every few seconds while one runs) and a report per run. Office
administrators only, and only for the schools they manage (`schools_managed_by`):
inspectors and school staff are refused, another office's run is 404."""

import datetime
import uuid

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from sites.permissions import is_office_admin, schools_managed_by

from .forms import OldSiteImportForm
from .models import ImportEvent, OldAddress, OldSiteImport
from .runner import prepare_run, summary
from .tasks import import_old_site

REFRESH_SECONDS = 5
EVENTS_PER_PAGE = 100
# A run saves its progress after every page; one silent this long lost its worker.
STALLED_AFTER = datetime.timedelta(minutes=15)


class OfficeAdminOnly(WagtailAdminTemplateMixin):
    header_icon = "download"

    def dispatch(self, request, *args, **kwargs):
        if not is_office_admin(request.user):
            raise PermissionDenied
        self.schools = schools_managed_by(request.user)
        return super().dispatch(request, *args, **kwargs)

    def runs(self):
        return OldSiteImport.objects.filter(school__in=self.schools).select_related("school")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("trang_cu:index"), "label": _("Nhập trang web cũ")},
            {"url": "", "label": self.get_page_title()},
        ]


class ImportListView(OfficeAdminOnly, TemplateView):
    template_name = "cms/admin/old_site_list.html"
    page_title = _("Nhập trang web cũ")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        runs = self.runs()
        batch = self.request.GET.get("dot", "")
        try:
            runs = runs.filter(batch=uuid.UUID(batch)) if batch else runs[:100]
        except ValueError:
            runs = runs.none()
        runs = list(runs)
        return super().get_context_data(
            runs=runs,
            batch=batch,
            refresh=REFRESH_SECONDS if any(run.is_active for run in runs) else None,
            **kwargs,
        )


class ImportStartView(OfficeAdminOnly, FormView):
    template_name = "cms/admin/old_site_start.html"
    form_class = OldSiteImportForm
    page_title = _("Chọn trường để nhập")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "schools": self.schools}

    def get_initial(self):
        wanted = self.request.GET.get("truong", "")
        return {"schools": [int(wanted)] if wanted.isdigit() else []}

    def form_valid(self, form):
        data, batch, queued = form.cleaned_data, uuid.uuid4(), 0
        for school in data["schools"]:
            if OldSiteImport.objects.filter(
                school=school,
                status__in=[OldSiteImport.Status.QUEUED, OldSiteImport.Status.RUNNING],
                updated_at__gte=timezone.now() - STALLED_AFTER,  # else: its worker died
            ).exists():
                messages.warning(
                    self.request,
                    _t("%(school)s đang được nhập; bỏ qua.") % {"school": school.name},
                )
                continue
            run, _resumed = prepare_run(
                school,
                school.legacy_url,
                dry_run=data["dry_run"],
                since=data["since"],
                max_pages=data["max_pages"],
                user=self.request.user,
                batch=batch,
            )
            run.batch, run.status = batch, OldSiteImport.Status.QUEUED
            run.save()
            import_old_site.enqueue(run.pk)
            queued += 1
        if queued:
            messages.success(
                self.request,
                _t("Đã xếp %(n)d trường vào hàng đợi nhập trang web cũ.") % {"n": queued},
            )
        return redirect(f"{reverse('trang_cu:index')}?dot={batch}")


class ImportReportView(OfficeAdminOnly, TemplateView):
    model = OldSiteImport  # `pk` names a run (the admin guard and the isolation matrix)
    template_name = "cms/admin/old_site_report.html"

    def dispatch(self, request, *args, **kwargs):
        if not is_office_admin(request.user):
            raise PermissionDenied
        self.run = get_object_or_404(
            OldSiteImport.objects.filter(school__in=schools_managed_by(request.user)),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _t("Báo cáo nhập trang web cũ: %(school)s") % {"school": self.run.school.name}

    def get_context_data(self, **kwargs):
        run = self.run
        events = ImportEvent.objects.filter(run=run).exclude(
            kind__in=[ImportEvent.Kind.CREATED, ImportEvent.Kind.UPDATED]
        )
        kind = self.request.GET.get("loai", "")
        if kind in ImportEvent.Kind.values:
            events = events.filter(kind=kind)
        page = Paginator(events.select_related("page"), EVENTS_PER_PAGE).get_page(
            self.request.GET.get("trang")
        )
        redirects = (
            OldAddress.objects.filter(school=run.school, redirect__isnull=False)
            .select_related("redirect", "item__page")
            .order_by("old_url")
        )
        return super().get_context_data(
            run=run,
            summary=summary(run),
            events=page,
            kinds=ImportEvent.Kind.choices,
            kind=kind,
            redirects=redirects[:500],
            redirect_count=redirects.count(),
            refresh=REFRESH_SECONDS if run.is_active else None,
            **kwargs,
        )
