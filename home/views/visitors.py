"""Public endpoints that are not pages: the visitor form's POST target and the events
feed (/su-kien/lich.ics, which Wagtail's slash-ended page routes cannot serve)."""

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from wagtail.models import Page, Site

from home.events import EventIndexPage
from home.forms import VisitorMessageForm
from home.visibility import without_restricted
from home.visitors import AcceptsVisitorMessages, allow_submission, record_message
from sites.net import client_ip


def _page_on_this_site(request, page_id):
    """The live page with the form, only on the host that owns it (a school's form
    cannot be used to post into another school)."""
    site = Site.find_for_request(request)
    page = Page.objects.live().filter(pk=page_id).specific().first()
    if (
        site is None
        or page is None
        or not isinstance(page, AcceptsVisitorMessages)
        or not page.path.startswith(site.root_page.path)
        or page.school is None
    ):
        raise Http404
    return page


def _render_with(request, page, form, status):
    context = page.get_context(request)
    context["form"] = form
    response = TemplateResponse(request, page.get_template(request), context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


# No CSRF cookie: the page with the form stays in the anonymous page cache. The signed
# timestamp, the honeypot and the per-address rate limit stand in for the token; the
# endpoint changes nothing but adding a message that waits for moderation.
@csrf_exempt
@require_POST
def submit(request, page_id):
    page = _page_on_this_site(request, page_id)
    form = VisitorMessageForm(request.POST, page=page)
    if form.is_bot():
        return HttpResponseRedirect(page.url + "?da-gui=1")  # tell a bot nothing
    if not form.is_valid():
        return _render_with(request, page, form, 400)
    if page.school.is_closed:  # an archive: nothing new comes in
        form.add_error(
            None,
            _(
                "Trường đã ngừng hoạt động; trang web chỉ để tra cứu, không nhận câu hỏi, góp ý mới."
            ),
        )
        return _render_with(request, page, form, 403)
    if not allow_submission(client_ip(request)):
        form.add_error(
            None,
            _("Bạn đã gửi quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau ít phút."),
        )
        return _render_with(request, page, form, 429)
    record_message(page, page.visitor_message_kind, form.cleaned_data)
    return HttpResponseRedirect(page.get_url(request) + "?da-gui=1#da-gui")


@require_GET
def events_ical(request):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    # A restricted events section has no public feed (the page itself asks for a login).
    index = without_restricted(EventIndexPage.objects.live().child_of(site.root_page)).first()
    if index is None:
        raise Http404
    response = index.ical(request)
    if not isinstance(response, HttpResponse):
        raise Http404
    return response
