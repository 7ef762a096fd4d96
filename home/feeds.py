"""RSS and Atom feeds: a school's news on its own host; on the portal, the office's
news together with the newest news of every school (each linking to its school site)."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from home.models import NewsPage, OfficeNewsPage
from home.templatetags.identity import site_identity, site_relative_path
from home.visibility import without_restricted

FEED_ITEMS = 20


class NewsFeed(Feed):
    def get_object(self, request, *args, **kwargs):
        self.request = request
        return site_identity(request)

    def title(self, identity):
        return _("Tin mới – %(name)s") % {"name": identity.name}

    def link(self, identity):
        return self.request.build_absolute_uri("/tin-tuc/")

    def description(self, identity):
        if identity.is_portal:
            return _("Tin tức, thông báo của %(name)s và tin mới của các trường trực thuộc.") % {
                "name": identity.name
            }
        return _("Thông tin, thông báo của %(name)s.") % {"name": identity.name}

    def items(self, identity):
        root = identity.root_page
        if root is None:
            return []
        if not identity.is_portal:
            return list(
                without_restricted(NewsPage.objects.live())
                .descendant_of(root)
                .defer_streamfields()
                .order_by("-date", "-pk")[:FEED_ITEMS]
            )
        office_news = list(
            without_restricted(OfficeNewsPage.objects.live())
            .descendant_of(root)
            .defer_streamfields()
            .order_by("-date", "-pk")[:FEED_ITEMS]
        )
        merged = office_news + NewsPage.latest_across_schools(FEED_ITEMS)
        merged.sort(
            key=lambda item: (item.date, item.last_published_at or item.first_published_at),
            reverse=True,
        )
        return merged[:FEED_ITEMS]

    def item_title(self, item):
        if getattr(item, "school_name", None):
            return f"{item.title} ({item.school_name})"
        return item.title

    def item_description(self, item):
        if item.has_confirmed_personal_data:
            return ""  # published despite a privacy warning: the text stays on the page
        return item.summary or item.search_description

    def item_link(self, item):
        school_url = getattr(item, "school_url", None)
        return school_url or self.request.build_absolute_uri(site_relative_path(item))

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        label = item.get_category_display() if hasattr(item, "get_category_display") else ""
        return [label] if label else []


class AtomNewsFeed(NewsFeed):
    feed_type = Atom1Feed

    def subtitle(self, identity):
        return self.description(identity)
