"""/yeu-cau-go-anh/ on every school site: a parent asks the school to take down a photo or
information about their child. No account; the same protections as the question form
(home/views/visitors.py): honeypot, signed timestamp, rate limit per address, and the
sender's contact kept only until the request is handled (home/photos/takedown.py)."""

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from home.templatetags.identity import site_identity
from home.visitors import allow_submission
from sites.net import client_ip

from .forms import TAKEDOWN_CONSENT_TEXT, TakedownRequestForm
from .takedown import record_request

RATE_SCOPE = "go-anh"


def _page(request, form, status=200, sent=False):
    response = render(
        request,
        "photos/takedown_request.html",
        {"form": form, "consent_text": TAKEDOWN_CONSENT_TEXT, "sent": sent},
        status=status,
    )
    if request.method == "POST":
        response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


# No CSRF cookie: the GET stays in the anonymous page cache (the form carries a signed
# timestamp instead); the POST only adds a request that waits for the principal.
@csrf_exempt
def takedown_request(request):
    school = site_identity(request).school
    if school is None:
        raise Http404  # the office's portal has no pupils' photos to take down
    if request.method not in ("GET", "HEAD", "POST"):
        raise Http404
    if request.method != "POST":
        form = TakedownRequestForm(school=school)
        return _page(request, form, sent=request.GET.get("da-gui") == "1")
    form = TakedownRequestForm(request.POST, school=school)
    if form.is_bot():
        return HttpResponseRedirect("/yeu-cau-go-anh/?da-gui=1")  # tell a bot nothing
    if not form.is_valid():
        return _page(request, form, status=400)
    if not allow_submission(client_ip(request), scope=RATE_SCOPE):
        form.add_error(
            None,
            _("Bạn đã gửi quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau ít phút."),
        )
        return _page(request, form, status=429)
    record_request(school, form.cleaned_data)
    return HttpResponseRedirect("/yeu-cau-go-anh/?da-gui=1#da-gui")
