"""Old addresses whose query string names the article (`/?p=123`, `/?page_id=7`,
`/index.php?option=com_content&…`) on a path the new site serves itself (`/` is the
school's home). Wagtail's RedirectMiddleware looks only at 404 responses, so these would
land on the home page: here a request whose query string holds parameters no public page
reads (sites.cache.canonical_query says so) is first looked up among the site's Wagtail
redirects. Requests without such parameters cost nothing; the others one indexed query.
"""

from django.conf import settings
from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from django.urls import reverse

from wagtail.contrib.redirects.middleware import get_redirect
from wagtail.contrib.redirects.models import Redirect

from sites.cache import canonical_query


class OldQueryRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        # The admin's own query strings (filters, search, ordering) and the site search's
        # (?q=, never cached, so never "known" to canonical_query) are never old links.
        self.skipped = (
            reverse("wagtailadmin_home"),
            settings.STATIC_URL or "/static/",
            reverse("search"),
        )

    def __call__(self, request):
        if (
            request.method in ("GET", "HEAD")
            and request.META.get("QUERY_STRING")
            and not request.path.startswith(self.skipped)
            and canonical_query(request) is None
        ):
            path = Redirect.normalise_path(request.get_full_path(), decode_unicode=False)
            redirect = get_redirect(request, path)
            if redirect is not None and redirect.link:
                response_class = (
                    HttpResponsePermanentRedirect if redirect.is_permanent else HttpResponseRedirect
                )
                return response_class(redirect.link)
        return self.get_response(request)
