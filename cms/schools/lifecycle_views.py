"""The office's screens for a school's life cycle: rename or re-level, move to another
office, merge other schools into it, close it (cms/schools/lifecycle.py does the work).

Each is two steps: the form, then a confirmation listing what will change (the same
data carried in hidden fields), then the change. Office administrators only, for the
schools they manage (`schools_managed_by`; the other schools and offices a form offers
come from the same predicates); inspectors and school staff are refused (403)."""

from django.shortcuts import redirect
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from wagtail.admin import messages

from sites.models import Office
from sites.permissions import offices_managed_by, schools_managed_by

from . import lifecycle
from .forms import SchoolCloseForm, SchoolMergeForm, SchoolMoveForm, SchoolRenameForm
from .provisioning import ProvisioningError, move_school
from .screens import ManagedSchoolFormView

CONFIRM = "xac_nhan"


class SchoolChangeView(ManagedSchoolFormView):
    template_name = "cms/admin/school_change.html"
    header_icon = "edit"
    submit_button_label = _("Xem trước thay đổi")
    title = ""

    def get_page_title(self):
        return self.title % {"school": self.school.name}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "school": self.school}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            school=self.school,
            history=lifecycle.history(self.school),
            closed=self.school.is_closed,
            confirm_name=CONFIRM,
        )
        return context

    def form_valid(self, form):
        try:
            plan = self.plan(form)
            if self.request.POST.get(CONFIRM) != "1":
                return self.render_to_response(
                    self.get_context_data(form=form, plan=plan, **self.plan_context(plan))
                )
            message = self.apply(form)
        except ProvisioningError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, message)
        return redirect(self.get_success_url())

    def plan_context(self, plan):
        return {"lines": plan}

    def plan(self, form):
        raise NotImplementedError

    def apply(self, form):
        raise NotImplementedError


class SchoolRenameView(SchoolChangeView):
    form_class = SchoolRenameForm
    title = _("Đổi tên, cấp học hoặc mã của %(school)s")

    def plan(self, form):
        lines = lifecycle.plan_rename(self.school, **form.changes())
        if not lines:
            raise ProvisioningError(_t("Không có gì thay đổi."))
        return lines

    def apply(self, form):
        lifecycle.rename_school(
            self.school, on=form.cleaned_data["on"], by=self.request.user, **form.changes()
        )
        return _t("Đã lưu thay đổi của trường; tên cũ vẫn tìm được trên cổng thông tin.")


class SchoolMoveView(SchoolChangeView):
    form_class = SchoolMoveForm
    header_icon = "arrow-right"
    title = _("Chuyển %(school)s sang đơn vị khác")

    def get_form_kwargs(self):
        offices = Office.objects.filter(pk__in=offices_managed_by(self.request.user))
        return {**super().get_form_kwargs(), "offices": offices.order_by("name")}

    def plan(self, form):
        return lifecycle.plan_move(self.school, form.cleaned_data["to_office"])

    def apply(self, form):
        office = form.cleaned_data["to_office"]
        move_school(self.school, office, on=form.cleaned_data["on"], by=self.request.user)
        self.school.refresh_from_db()
        return _t("Đã chuyển %(school)s sang %(office)s; địa chỉ: %(url)s.") % {
            "school": self.school.name,
            "office": office.name,
            "url": self.school.base_url,
        }


class SchoolMergeView(SchoolChangeView):
    form_class = SchoolMergeForm
    header_icon = "arrows-up-down"
    title = _("Sáp nhập các trường vào %(school)s")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "schools": schools_managed_by(self.request.user)}

    def plan(self, form):
        return lifecycle.plan_merge(self.school, list(form.cleaned_data["schools"]))

    def plan_context(self, plan):
        return {"merge": plan}

    def apply(self, form):
        merged = list(form.cleaned_data["schools"])
        result = lifecycle.merge_schools(
            self.school,
            merged,
            on=form.cleaned_data["on"],
            by=self.request.user,
            close_accounts=form.cleaned_data["close_accounts"],
        )
        return _t(
            "Đã sáp nhập %(schools)s vào %(school)s: %(pages)d trang, %(images)d ảnh, "
            "%(documents)d tài liệu; %(moved)d tài khoản chuyển sang, %(closed)d tài khoản "
            "khoá; địa chỉ cũ chuyển hướng về %(url)s."
        ) % {
            "schools": ", ".join(s.name for s in merged),
            "school": self.school.name,
            "pages": result.pages,
            "images": result.images,
            "documents": result.documents,
            "moved": result.accounts_moved,
            "closed": result.accounts_closed,
            "url": self.school.base_url,
        }


class SchoolCloseView(SchoolChangeView):
    form_class = SchoolCloseForm
    header_icon = "warning"
    title = _("Cho %(school)s ngừng hoạt động")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("school")
        return kwargs

    def plan(self, form):
        return lifecycle.plan_close(self.school)

    def apply(self, form):
        closed = lifecycle.close_school(
            self.school,
            on=form.cleaned_data["on"],
            by=self.request.user,
            reason=form.cleaned_data["reason"],
        )
        return _t(
            "%(school)s đã ngừng hoạt động; trang web giữ lại để tra cứu; %(n)d tài khoản đã khoá."
        ) % {"school": self.school.name, "n": closed}
