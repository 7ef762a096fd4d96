"""Admin helpers of the page editor: the free-slug check and the many-photos gallery upload."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from wagtail.models import Collection, Page

from sites.text import vietnamese_slug

from ..gallery import MAX_PHOTOS_AT_ONCE, add_photos
from ..models import NewsPage
from ..photos.review import NEEDS_DECLARATION, check_version, role_for
from ..slugs import free_slug, parse_date, slug_taken_message


@require_GET
def slug_check(request):
    """Admin: is this slug free among the page's future siblings? Answers the folded slug
    and, when a sibling has it, the next free one (date appended) for the editor to see
    before saving (static/js/admin-slug.js)."""
    params = request.GET
    page = None
    if params.get("parent", "").isdigit():
        parent = get_object_or_404(Page, pk=params["parent"])
        allowed = parent.permissions_for_user(request.user).can_add_subpage()
    elif params.get("page", "").isdigit():
        page = get_object_or_404(Page, pk=params["page"])
        parent = page.get_parent()
        allowed = page.permissions_for_user(request.user).can_edit()
    elif params.get("copy_of", "").isdigit():
        original = get_object_or_404(Page, pk=params["copy_of"])
        parent = original.get_parent()
        allowed = original.permissions_for_user(request.user).can_copy()
    else:
        return JsonResponse({"error": "Thiếu trang cha."}, status=400)
    if not allowed or parent is None:
        raise PermissionDenied
    slug = vietnamese_slug(params.get("slug", ""))[:255].rstrip("-")
    free = free_slug(parent, slug, page, date=parse_date(params.get("date")))
    taken = bool(slug) and free != slug
    return JsonResponse(
        {
            "slug": free,
            "taken": taken,
            "message": slug_taken_message(slug, free) if taken else "",
        }
    )


def add_gallery_photos(request, page_id):
    """Admin: many photos into a news page's gallery in one action (home/gallery.py)."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, NewsPage) or not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    school = page.school
    collection = school.collection if school else Collection.get_first_root_node()
    refused = []
    if request.method == "POST":
        files = request.FILES.getlist("photos")
        revision, refused = add_photos(page, files, request.user, collection)
        if revision is not None:
            messages.success(
                request,
                _(
                    "Đã thêm %(count)s ảnh vào bộ sưu tập (bản nháp). Hãy viết chú thích, sắp xếp rồi xuất bản."
                )
                % {"count": len(files)},
            )
            # Photos with faces: the editor says who is in them now, while they remember.
            undeclared = check_version(
                page, version=revision.as_object(), compute_missing=False
            ).needing(NEEDS_DECLARATION, role_for(request.user, page))
            if undeclared:
                messages.warning(
                    request,
                    _(
                        "%(count)s ảnh cần kiểm tra khuôn mặt: với ảnh có khuôn mặt, hãy cho "
                        "biết lớp nào có trong ảnh (hoặc hoạt động công cộng, không có học sinh)."
                    )
                    % {"count": len(undeclared)},
                )
                return redirect(reverse("photos_page", args=(page.pk,)) + f"?next={edit_url}")
            return redirect(edit_url)
    draft = page.get_latest_revision_as_object()
    return render(
        request,
        "home/admin/gallery_upload.html",
        {
            "page": page,
            "refused": refused,
            "photo_count": len(draft.gallery_photos.all()),
            "max_photos": MAX_PHOTOS_AT_ONCE,
            "edit_url": edit_url,
        },
        status=400 if refused else 200,
    )
