from django.conf import settings
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views
from home.feeds import AtomNewsFeed, NewsFeed
from publicity import views as publicity_views
from sites.host_check import tls_allowed  # noqa: E402

urlpatterns = [
    path("quan-tri/", include(wagtailadmin_urls)),
    path(".well-known/truongso-tls", tls_allowed, name="tls_allowed"),
    path("tai-lieu/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("tim-kiem/", home_views.search, name="search"),
    path("rss.xml", NewsFeed(), name="news_rss"),
    path("atom.xml", AtomNewsFeed(), name="news_atom"),
    path("du-lieu-mo/cong-khai.json", publicity_views.open_data, name="publicity_open_data"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
