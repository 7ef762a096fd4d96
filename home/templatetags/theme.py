"""Template helpers for the public theme: who the site belongs to, O(1) URLs for
pages on the current site, file labels and structured data."""

import json

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from home import chrome
from home.sections import PORTAL_SECTIONS, SCHOOL_SECTIONS
from sites.text import stream_text

from .identity import site_identity, site_relative_path

register = template.Library()


@register.simple_tag(takes_context=True)
def identity(context):
    """The SiteIdentity of the request (school, office, settings), computed once."""
    request = context.get("request")
    return site_identity(request) if request is not None else None


@register.simple_tag(takes_context=True)
def chrome_html(context, part):
    """The site's header ("header": office link, logo, name, motto) or footer ("footer"),
    rendered once per school generation (home/chrome.py). Nothing here may depend on the
    request's path or query: the search box and the menu's aria-current stay outside."""
    request = context.get("request")
    ident = identity(context)

    def render():
        return render_to_string(f"components/chrome_{part}.html", {"ident": ident})

    return mark_safe(chrome.cached(request, f"html-{part}", render))  # noqa: S308 (our template)


@register.simple_tag
def school_sections(core):
    """[(path, title)] of a school site's sections from the one table: the four fixed
    ones (core=True, the main menu) or the others (core=False, the footer menu)."""
    return [(f"/{s.slug}/", s.title) for s in SCHOOL_SECTIONS if s.core == core]


@register.simple_tag
def portal_sections(main_menu):
    """[(path, title)] of an office portal's sections: the main menu's or the footer's."""
    return [(f"/{s.slug}/", s.title) for s in PORTAL_SECTIONS if s.main_menu == main_menu]


@register.filter
def local_url(page):
    """URL of a page on the current site, without Wagtail's scan of every site root.
    Every site root (school home, portal home) sits at depth 2 of the page tree."""
    return site_relative_path(page)


@register.simple_tag(takes_context=True)
def absolute(context, path):
    request = context.get("request")
    if not path:
        return ""
    if path.startswith(("http://", "https://")) or request is None:
        return path
    return request.build_absolute_uri(path)


@register.filter
def file_kind(document):
    """ "PDF", "DOCX"... from the file name."""
    return (document.file_extension or "").upper() or "?"


@register.simple_tag
def json_ld(data):
    """A schema.org <script>; "<" is escaped so text can never close the tag."""
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@register.simple_tag(takes_context=True)
def aria_current(context, prefix):
    """aria-current for navigation: "page" on the section's own page, "true" below it."""
    request = context.get("request")
    path = request.path if request is not None else ""
    if prefix == "/":
        return mark_safe(' aria-current="page"') if path == "/" else ""
    if path == prefix:
        return mark_safe(' aria-current="page"')
    if path.startswith(prefix):
        return mark_safe(' aria-current="true"')
    return ""


@register.simple_tag(takes_context=True)
def page_query(context, number):
    """?trang=N keeping the other query parameters (filters, search)."""
    request = context["request"]
    params = request.GET.copy()
    params["trang"] = number
    return "?" + params.urlencode()


@register.simple_tag(takes_context=True)
def share_image(context):
    """The image shown when a link is shared (Zalo, Facebook): the page's own lead
    image, else the first photo of its gallery, else the school's banner, else its logo;
    None means the generated card (/anh-chia-se.jpg) is used."""
    page = context.get("page")
    image = getattr(page, "lead_image", None) if page is not None else None
    if image is None and hasattr(page, "gallery"):
        photos = page.gallery  # read once, shown again by the article
        image = photos[0].image if photos else None
    if image is None:
        ident = identity(context)
        image = ident and (ident.banner or ident.logo)
    return image or None


@register.simple_tag(takes_context=True)
def canonical_url(context):
    request = context.get("request")
    if request is None:
        return ""
    path = request.path
    # Filters and tracking parameters are dropped; a later page of a list is its own page.
    page_number = request.GET.get("trang", "")
    if page_number.isdigit() and page_number != "1":
        path += f"?trang={page_number}"
    return request.build_absolute_uri(path)


@register.filter
def local_parent_url(page):
    """URL of the page's parent on the current site, from the page's own path."""
    path = site_relative_path(page).rstrip("/")
    return path.rsplit("/", 1)[0] + "/"


def _image_url(context, image, spec="fill-1200x630|format-jpeg"):
    if not image:
        return None
    rendition = image.get_rendition(spec)
    return absolute(context, rendition.url)


@register.simple_tag(takes_context=True)
def json_ld_school(context, school):
    ident = identity(context)
    data = {
        "@context": "https://schema.org",
        "@type": "School",
        "name": school.name,
        "url": absolute(context, "/"),
        "parentOrganization": {
            "@type": "GovernmentOrganization",
            "name": school.office.name,
            "url": school.office.portal_url,
        },
    }
    if school.address:
        data["address"] = {
            "@type": "PostalAddress",
            "streetAddress": school.address,
            "addressCountry": "VN",
        }
    if school.phone:
        data["telephone"] = school.phone
    if school.email:
        data["email"] = school.email
    logo = _image_url(context, ident.logo, "max-512x512|format-png") if ident else None
    if logo:
        data["logo"] = logo
    return data


@register.simple_tag(takes_context=True)
def json_ld_article(context, page):
    ident = identity(context)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title[:110],
        "datePublished": page.date.isoformat(),
        "mainEntityOfPage": canonical_url(context),
        "publisher": {"@type": "Organization", "name": ident.name if ident else ""},
    }
    if page.last_published_at:
        data["dateModified"] = page.last_published_at.isoformat()
    if page.summary:
        data["description"] = page.summary
    image = _image_url(context, page.lead_image)
    if image:
        data["image"] = [image]
    return data


@register.simple_tag(takes_context=True)
def page_description(context):
    """What previews and search engines show: the page's description, its summary,
    or the school's motto."""
    page = context.get("page")
    for value in (getattr(page, "search_description", ""), getattr(page, "summary", "")):
        if value:
            return value
    body = getattr(page, "body", None)
    if body and not getattr(page, "has_confirmed_personal_data", False):
        text = stream_text(body)
        if text:
            return text[:300]
    ident = identity(context)
    if ident is None:
        return ""
    if ident.motto:
        return ident.motto
    # Every public page has a description (search results, link previews): say whose.
    title = getattr(page, "title", "") if page is not None else ""
    if title and getattr(page, "depth", 2) != 2:
        return _("%(page)s – trang thông tin điện tử của %(site)s.") % {
            "page": title,
            "site": ident.name,
        }
    return _("Trang thông tin điện tử của %(site)s.") % {"site": ident.name}
