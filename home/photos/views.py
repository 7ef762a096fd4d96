"""Admin screens of the photos app: the consent register, a page's photos (declarations
and confirmations), blurring faces, and takedown requests (the principal handles them;
office staff see counts only)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import View

from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.permissions import policy_registry

from sites.permissions import is_office_staff, schools_visible_to
from sites.spreadsheet import SpreadsheetError

from ..workflows import school_for_page
from .blur import blur_image
from .faces import scans_for
from .forms import (
    BlurForm,
    ClassesForm,
    CloseRequestForm,
    ImportForm,
    KeepersForm,
    ListedPupilForm,
    TakeDownForm,
    YearForm,
)
from .models import ListedPupil, PhotoDeclaration, RegisterKeeper, SchoolClass, TakedownRequest
from .register import (
    classes_of,
    current_year,
    import_class_lists,
    is_principal,
    keeper_candidates,
    principal_school_of,
    register_school_of,
)
from .review import NEEDS_CONFIRMATION, check_version, confirm, declare, image_ids_in, role_for
from .takedown import close_request, counts_by_school, take_down, tell_requester

# --- The consent register ----------------------------------------------------------------------


def _register_school(request):
    school = register_school_of(request.user)
    if school is None:
        raise PermissionDenied
    return school


def register(request):
    """Sổ theo dõi đồng ý đăng ảnh: one school year, every class, its listed pupils."""
    school = _register_school(request)
    year_form = YearForm(request.GET or None)
    year = (year_form.is_valid() and year_form.cleaned_data.get("nam_hoc")) or current_year()
    principal = is_principal(request.user, school)
    forms = {
        "classes": ClassesForm(prefix="lop"),
        "pupil": ListedPupilForm(prefix="hs", school=school, school_year=year),
        "import": ImportForm(prefix="nhap"),
        "keepers": KeepersForm(
            prefix="giu-so",
            candidates=keeper_candidates(school),
            initial={
                "keepers": RegisterKeeper.objects.filter(school=school).values_list(
                    "user_id", flat=True
                )
            },
        ),
    }
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        handled = _register_action(request, school, year, action, forms, principal)
        if handled is True:
            return redirect(f"{reverse('photos_register')}?nam_hoc={year}")
        status = 400
    classes = list(classes_of(school, year).prefetch_related("listed_pupils").order_by("name"))
    return render(
        request,
        "photos/admin/register.html",
        {
            "school": school,
            "year": year,
            "year_form": YearForm(initial={"nam_hoc": year}),
            "classes": classes,
            "forms": forms,
            "principal": principal,
            "statuses": ListedPupil.Status,
        },
        status=status,
    )


def _register_action(request, school, year, action, forms, principal):
    """Apply one POSTed action; True when done, False when a form shows errors."""
    post, files = request.POST, request.FILES
    if action == "lop":
        form = forms["classes"] = ClassesForm(post, prefix="lop")
        if not form.is_valid():
            return False
        for name in form.cleaned_data["names"]:
            SchoolClass.objects.get_or_create(school=school, school_year=year, name=name)
        messages.success(request, _("Đã thêm lớp."))
        return True
    if action == "hoc-sinh":
        form = forms["pupil"] = ListedPupilForm(post, prefix="hs", school=school, school_year=year)
        if not form.is_valid():
            return False
        form.save()
        messages.success(request, _("Đã ghi vào sổ."))
        return True
    if action in ("xoa", "roi-truong"):
        pupil = ListedPupil.objects.filter(school=school, pk=_int(post.get("pupil"))).first()
        if pupil is None:
            raise Http404
        if action == "xoa":
            pupil.delete()
            messages.success(request, _("Đã xoá khỏi sổ (phụ huynh đã đồng ý)."))
        else:
            pupil.left_on = timezone.localdate()
            pupil.save(update_fields=["left_on"])
            messages.success(request, _("Đã ghi ngày học sinh rời trường."))
        return True
    if action == "nhap":
        form = forms["import"] = ImportForm(post, files, prefix="nhap")
        if not form.is_valid():
            return False
        try:
            result = import_class_lists(school, year, form.cleaned_data["file"].read())
        except SpreadsheetError as error:
            form.add_error("file", str(error))
            return False
        messages.success(
            request,
            _(
                "Đã nhập %(classes)s lớp: %(listed)s học sinh chưa đồng ý hoặc đã rút lại, "
                "%(consented)s học sinh đã đồng ý (không ghi vào sổ)."
            )
            % {
                "classes": len(result.classes),
                "listed": result.listed,
                "consented": result.consented,
            },
        )
        return True
    if action == "giu-so" and principal:
        form = forms["keepers"] = KeepersForm(
            post, prefix="giu-so", candidates=keeper_candidates(school)
        )
        if not form.is_valid():
            return False
        with transaction.atomic():
            RegisterKeeper.objects.filter(school=school).delete()
            RegisterKeeper.objects.bulk_create(
                RegisterKeeper(school=school, user=user) for user in form.cleaned_data["keepers"]
            )
        messages.success(request, _("Đã lưu người cùng giữ sổ."))
        return True
    raise PermissionDenied


def _admin_next(value):
    """A `next` that stays in this admin (never another site)."""
    value = value or ""
    admin = reverse("wagtailadmin_home")
    return value if value.startswith(admin) and not value.startswith("//") else ""


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


# --- A page's photos ----------------------------------------------------------------------------


def _page_for_photos(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    school = school_for_page(page)
    if school is None:
        raise Http404
    user = request.user
    task = page.current_workflow_task
    if not (
        page.permissions_for_user(user).can_edit()
        or (task is not None and task.specific.user_can_access_editor(page, user))
    ):
        raise PermissionDenied
    return page, school


def page_photos(request, page_id):
    """Ảnh học sinh trong trang: each photo with faces (or declared), what is in it, the
    listed pupils of the classes it shows (names only), and the confirmation."""
    page, school = _page_for_photos(request, page_id)
    role = role_for(request.user, page)
    check = check_version(page, compute_missing=False)
    classes = list(classes_of(school).order_by("name"))
    errors = []
    if request.method == "POST":
        errors = _save_photo_answers(request, page, check, classes, role)
        if not errors:
            check = check_version(page, compute_missing=False)
            if check.blocks(role):
                messages.warning(request, _("Đã lưu. Còn ảnh cần khai báo hoặc xác nhận."))
                return redirect("photos_page", page.pk)
            messages.success(request, _("Đã lưu. Các ảnh của trang đã được kiểm tra."))
            return redirect(
                request.POST.get("next") or reverse("wagtailadmin_pages:edit", args=(page.pk,))
            )
    listed_classes = {
        c.pk for c in classes if c.listed_pupils.filter(left_on__isnull=True).exists()
    }
    return render(
        request,
        "photos/admin/page_photos.html",
        {
            "page": page,
            "check": check,
            "rows": [(f, f.status(role)) for f in check.findings],
            "classes": classes,
            "listed_classes": listed_classes,
            "kinds": PhotoDeclaration.Kind,
            "role": role,
            "errors": errors,
            "needs_confirmation": NEEDS_CONFIRMATION,
            "edit_url": reverse("wagtailadmin_pages:edit", args=(page.pk,)),
            "next": request.GET.get("next", ""),
        },
        status=400 if errors else 200,
    )


def _save_photo_answers(request, page, check, classes, role):
    by_id = {c.pk: c for c in classes}
    errors = []
    post = request.POST
    with transaction.atomic():
        for finding in check.findings:
            key = f"anh-{finding.image.pk}"
            kind = post.get(f"{key}-kind", "")
            if not kind:
                continue
            if kind not in PhotoDeclaration.Kind.values:
                errors.append(
                    _("“%(title)s”: lựa chọn không hợp lệ.") % {"title": finding.image.title}
                )
                continue
            chosen = [by_id[i] for i in map(_int, post.getlist(f"{key}-lop")) if i in by_id]
            if kind == PhotoDeclaration.Kind.CLASSES and not chosen:
                errors.append(
                    _("“%(title)s”: hãy chọn lớp có trong ảnh.") % {"title": finding.image.title}
                )
                continue
            declare(finding.image, kind, chosen, request.user, page=page)
        if errors:
            transaction.set_rollback(True)
            return errors
        # Confirmations are given for what is now declared.
        fresh = check_version(page, compute_missing=False)
        confirmed = [
            f
            for f in fresh.findings
            if post.get(f"anh-{f.image.pk}-xac-nhan") and f.status(role) == NEEDS_CONFIRMATION
        ]
        confirm(page, confirmed, request.user, role)
    return errors


# --- Blurring ----------------------------------------------------------------------------------


def blur(request, image_id):
    """Làm mờ khuôn mặt: the detected faces (ticked) and rectangles drawn by hand."""
    image = get_object_or_404(get_image_model(), pk=image_id)
    policy = policy_registry.get_by_type(get_image_model())
    if not policy.user_has_permission_for_instance(request.user, "change", image):
        raise PermissionDenied
    scan = scans_for([image]).get(image.pk)
    faces = scan.faces if scan else []
    form = BlurForm(request.POST if request.method == "POST" else None, faces=faces)
    back = request.GET.get("next") or request.POST.get("next") or ""
    if request.method == "POST" and form.is_valid():
        try:
            blur_image(image, form.cleaned_data["regions"], request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Đã làm mờ khuôn mặt. Ảnh gốc không còn được hiển thị công khai."),
            )
            return redirect(
                back
                if back.startswith("/quan-tri/")
                else reverse("wagtailimages:edit", args=(image.pk,))
            )
    preview = image.get_rendition("max-1200x900")
    scale = preview.width / image.width if image.width else 1
    boxes = [
        {
            "index": i,
            "left": box[0] * 100 / image.width,
            "top": box[1] * 100 / image.height,
            "width": box[2] * 100 / image.width,
            "height": box[3] * 100 / image.height,
        }
        for i, box in enumerate(faces)
    ]
    return render(
        request,
        "photos/admin/blur.html",
        {
            "image": image,
            "preview": preview,
            "scale": scale,
            "boxes": boxes,
            "form": form,
            "next": back,
        },
        status=400 if form.errors else 200,
    )


# --- Takedown requests ----------------------------------------------------------------------------


def requests_index(request):
    """The principal's requests; office staff get counts per school (no contents)."""
    school = principal_school_of(request.user)
    if school is None:
        if is_office_staff(request.user):
            return request_counts(request)
        raise PermissionDenied
    now = timezone.now()
    cases = list(TakedownRequest.objects.filter(school=school).order_by("status", "due_at"))
    return render(
        request,
        "photos/admin/requests.html",
        {"school": school, "cases": cases, "now": now},
    )


def request_counts(request):
    if not is_office_staff(request.user):
        raise PermissionDenied
    schools = list(schools_visible_to(request.user).order_by("name"))
    counts = counts_by_school(schools)
    rows = [(school, counts[school.pk]) for school in schools if school.pk in counts]
    return render(request, "photos/admin/request_counts.html", {"rows": rows})


class RequestView(View):
    """One request: what the parent sent, the photos of the page they named, "gỡ ảnh này",
    close without taking down, "đã báo phụ huynh"."""

    model = TakedownRequest

    def dispatch(self, request, pk):
        school = principal_school_of(request.user)
        if school is None:
            raise PermissionDenied
        self.case = get_object_or_404(TakedownRequest, pk=pk, school=school)
        self.school = school
        return super().dispatch(request, pk)

    def images(self):
        page = self.case.page
        if page is None:
            return []
        page = page.specific
        ids = image_ids_in(page)
        images = list(get_image_model().objects.filter(pk__in=ids))
        return sorted(images, key=lambda image: ids.index(image.pk))

    def render(self, take_form=None, close_form=None, status=200):
        return render(
            self.request,
            "photos/admin/request.html",
            {
                "case": self.case,
                "images": self.images(),
                "take_form": take_form or TakeDownForm(),
                "close_form": close_form or CloseRequestForm(),
                "overdue": self.case.is_overdue(),
            },
            status=status,
        )

    def get(self, request, pk):
        return self.render()

    def post(self, request, pk):
        action = request.POST.get("action")
        if action == "go-anh":
            form = TakeDownForm(request.POST)
            if not form.is_valid():
                return self.render(take_form=form, status=400)
            image_ids = {image.pk for image in self.images()}
            image = get_image_model().objects.filter(pk=form.cleaned_data["image"]).first()
            if image is None or image.pk not in image_ids:
                raise Http404
            result = take_down(image, form.cleaned_data["reason"], request.user, request=self.case)
            self.case.refresh_from_db()
            told = tell_requester(self.case)
            messages.success(
                request,
                _("Đã gỡ ảnh khỏi %(pages)s trang, xoá %(files)s tệp ảnh công khai.")
                % {"pages": len(result.pages), "files": result.files}
                + (" " + _("Đã báo người gửi qua thư điện tử.") if told else ""),
            )
            return redirect("photos_request", self.case.pk)
        if action == "dong":
            form = CloseRequestForm(request.POST)
            if not form.is_valid():
                return self.render(close_form=form, status=400)
            status = self.case.status
            if status == TakedownRequest.Status.OPEN:
                status = TakedownRequest.Status.CLOSED
            close_request(self.case, status, form.cleaned_data["outcome"], request.user)
            messages.success(request, _("Đã đóng yêu cầu."))
            return redirect("photos_request", self.case.pk)
        if action == "da-bao":
            self.case.requester_told_at = timezone.now()
            self.case.save(update_fields=["requester_told_at"])
            messages.success(request, _("Đã ghi nhận việc báo lại cho người gửi."))
            return redirect("photos_request", self.case.pk)
        raise PermissionDenied
