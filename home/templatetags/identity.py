"""Who a public request belongs to: the school (or the office portal), its office and
its look. Computed once per request in a fixed number of queries, whatever the
number of schools. (A helper module, not a tag library: it defines no `register`.)"""

from dataclasses import dataclass

from wagtail.models import Site

from home import chrome
from sites.models import Office, School, SchoolSettings

DEFAULT_COLOUR = "#0b5394"


def site_relative_path(page):
    """ "/tin-tuc/bai-viet/" for a page whose site root is at depth 2 (every school
    home and the portal home), without scanning every site's root path."""
    parts = page.url_path.split("/", 2)
    return "/" + (parts[2] if len(parts) > 2 else "")


def _channel(value):
    value /= 255
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def text_colour_for(background):
    """White or black, whichever reads better on the school's colour (WCAG contrast)."""
    try:
        r, g, b = (int(background[i : i + 2], 16) for i in (1, 3, 5))
    except (TypeError, ValueError):
        return "#ffffff"
    lum = 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)
    on_white, on_black = 1.05 / (lum + 0.05), (lum + 0.05) / 0.05
    # One of the two always reaches at least 4.58:1, whatever colour a school picks.
    return "#ffffff" if on_white >= on_black else "#000000"


@dataclass
class SiteIdentity:
    site: Site | None
    school: School | None
    office: Office | None
    settings: SchoolSettings | None

    @property
    def is_portal(self):
        return self.school is None

    @property
    def name(self):
        if self.school:
            return self.school.name
        if self.office:
            return self.office.name
        return self.site.site_name if self.site else ""

    @property
    def colour(self):
        return (self.settings.primary_colour if self.settings else "") or DEFAULT_COLOUR

    @property
    def text_colour(self):
        return text_colour_for(self.colour)

    @property
    def nav_shade(self):
        """The navigation bar is the brand colour pushed away from its text colour,
        so the contrast only grows (darker under white text, lighter under dark)."""
        return "rgba(0,0,0,.28)" if self.text_colour == "#ffffff" else "rgba(255,255,255,.4)"

    @property
    def logo(self):
        return self.settings.logo if self.settings else None

    @property
    def banner(self):
        return self.settings.banner_image if self.settings else None

    @property
    def motto(self):
        return self.settings.motto if self.settings else ""

    @property
    def quick_links(self):
        return self.settings.quick_links if self.settings else []

    @property
    def portal_url(self):
        return self.office.portal_url if self.office else "/"

    @property
    def root_page(self):
        return self.site.root_page if self.site else None

    @property
    def contact(self):
        """Whose address/phone/email the footer shows."""
        return self.school or self.office


def site_identity(request):
    """Per request, from the school's chrome (home/chrome.py): no query once cached."""
    return chrome.cached(request, "identity", lambda: _load_identity(request))


def _load_identity(request):
    site = Site.find_for_request(request)
    school = office = settings = None
    if site is not None:
        school = School.objects.select_related("office__site").filter(site_id=site.pk).first()
        settings = (
            SchoolSettings.objects.select_related("logo", "banner_image")
            .filter(site_id=site.pk)
            .first()
        )
    if school is not None:
        office = school.office
    else:
        # The office whose portal this is; a stray host (no site) has no office.
        office = (
            Office.objects.select_related("site").filter(site_id=site.pk).first()
            if site is not None
            else None
        )
    return SiteIdentity(site=site, school=school, office=office, settings=settings)
