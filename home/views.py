"""Public views that are not pages: site search and robots.txt (both per host)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from home.models import paginate
from home.search import clean_query, search_portal, search_schools, search_site
from home.slugs import free_slug, parse_date, slug_taken_message
from home.templatetags.identity import site_identity
from sites.text import vietnamese_slug

SEARCH_RESULTS_PER_PAGE = 20


@require_GET
def search(request):
    """Tìm kiếm: this site's pages only, ignoring diacritics and case."""
    identity = site_identity(request)
    query = clean_query(request.GET.get("q", ""))
    results, schools = None, []
    if query and identity.is_portal:
        # The portal finds schools first, then its own pages and every school's news.
        schools = search_schools(query)
        results = paginate(
            request, search_portal(identity.root_page, query), SEARCH_RESULTS_PER_PAGE
        )
    elif query:
        results = paginate(request, search_site(identity.root_page, query), SEARCH_RESULTS_PER_PAGE)
    response = render(
        request,
        "home/search.html",
        {"search_query": query, "results": results, "schools": schools},
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
@cache_control(max_age=86400, public=True)
def share_card(request):
    """/anh-chia-se.jpg: this site's share card (home/share_card.py), kept in the cache."""
    import hashlib

    from django.core.cache import cache

    from home.share_card import render_card

    identity = site_identity(request)
    subtitle = identity.office.name if identity.school and identity.office else ""
    key = "share-card:" + hashlib.sha1(f"{identity.name}|{subtitle}".encode()).hexdigest()
    data = cache.get(key)
    if data is None:
        data = render_card(identity.name, subtitle)
        cache.set(key, data, 7 * 86400)
    return HttpResponse(data, content_type="image/jpeg")


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    """Each host (school or portal) points crawlers at its own sitemap."""
    lines = [
        "User-agent: *",
        "Disallow: /quan-tri/",
        "Disallow: /tim-kiem/",
        "",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_GET
def slug_check(request):
    """Admin: is this slug free among the page's future siblings? Answers the folded slug
    and, when a sibling has it, the next free one (date appended) for the editor to see
    before saving (static/js/admin-slug.js)."""
    from wagtail.models import Page

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
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from wagtail.models import Collection, Page

    from home.gallery import MAX_PHOTOS_AT_ONCE, add_photos
    from home.models import NewsPage

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
