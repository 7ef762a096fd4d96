import re

from django.conf import settings
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.ops import documents
from home.feeds import AtomNewsFeed, NewsFeed
from home.photos import public_views as photo_views
from home.views import public as home_views
from home.views import visitors as visitor_views
from publicity import views as publicity_views
from publicity.sector_data import public as sector_open_data
from sites.accounts_views import InvitationAcceptView
from sites.host_check import tls_allowed

# A lost database answers 503 in Vietnamese; any other error the usual 500 page.
handler500 = "cms.ops.errors.server_error"

urlpatterns = [
    # The invitation's set-password link: public (no login yet), so outside Wagtail's
    # admin include, whose hooks' URLs all require an admin session.
    path(
        "quan-tri/loi-moi/<uidb64>/<token>/",
        InvitationAcceptView.as_view(),
        name="truongso_invitation_accept",
    ),
    path("quan-tri/", include(wagtailadmin_urls)),
    # Same name as Wagtail's, listed first so document URLs reverse to this wrapper.
    re_path(r"^tai-lieu/(\d+)/(.*)$", documents.serve, name="wagtaildocs_serve"),
    path(".well-known/truongso-tls", tls_allowed, name="tls_allowed"),
    path("tai-lieu/", include(wagtaildocs_urls)),
    path("sitemap.xml", home_views.sitemap, name="sitemap"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("favicon.ico", home_views.favicon, name="favicon"),
    path("anh-chia-se.jpg", home_views.share_card, name="share_card"),
    path("tim-kiem/", home_views.search, name="search"),
    path("rss.xml", NewsFeed(), name="news_rss"),
    path("atom.xml", AtomNewsFeed(), name="news_atom"),
    path("su-kien/lich.ics", visitor_views.events_ical, name="events_ical"),
    path("gui-y-kien/<int:page_id>/", visitor_views.submit, name="visitor_submit"),
    path("yeu-cau-go-anh/", photo_views.takedown_request, name="photos_takedown_request"),
    path("du-lieu-mo/cong-khai.json", publicity_views.open_data, name="publicity_open_data"),
    path("du-lieu-mo/so-lieu-nganh.json", sector_open_data.open_data_json, name="sector_data_json"),
    path("du-lieu-mo/so-lieu-nganh.csv", sector_open_data.open_data_csv, name="sector_data_csv"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
elif getattr(settings, "DEMO_SERVE_MEDIA", False):
    # `make demo` runs with DEBUG off (the real 404/500 pages) and no media server; Django's
    # `static()` helper serves nothing without DEBUG, so the view is routed directly.
    from django.views.static import serve as serve_media

    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
            serve_media,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

urlpatterns += [path("", include(wagtail_urls))]
