"""Pages of text under Giới thiệu and Thông tin chuyên môn.

A school's introduction is one structured page, but schools also keep pages such as
"Lịch sử nhà trường", "Thành tích" or a subject group's "Tổ Toán – Tin" article; an old
website's pages of that kind land here when they are imported (cms/old_site/). Same
fields as a news page (date, summary, lead image, body, attachments), no category.
"""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from .base import ArticlePage
from .visibility import without_restricted


class SectionArticlePage(ArticlePage):
    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("lead_image"),
        FieldPanel("body"),
        FieldPanel("attachments"),
    ]
    settings_panels = ArticlePage.settings_panels + [FieldPanel("old_url", read_only=True)]
    parent_page_types = ["home.IntroductionPage", "home.ProfessionalIndexPage"]
    subpage_types = []
    template = "home/section_article_page.html"

    class Meta:
        verbose_name = _("bài viết trong mục")
        verbose_name_plural = _("bài viết trong mục")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["section_title"] = self.get_parent().title
        return context


def articles_under(section):
    """The live pages of text under a section, newest first."""
    return (
        without_restricted(SectionArticlePage.objects.child_of(section).live())
        .defer_streamfields()
        .order_by("-date", "-pk")
    )
