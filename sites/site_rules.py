"""What an office administrator may do to a Wagtail Site (the admin's "Trang web").

A school's Site keeps its own home page; no other Site may be rooted in a school's tree
(an alias host serving another school's pages); hostnames stay under an office's domain
(verified own domains come with the province issue), and under the domain of the
school's office or one above it that the user manages (a ward never gives a school
www.<Sở domain> or a sibling ward's name). And only for schools the user manages: the
checks go through `can_manage_school`, so a tree of offices only widens them. Wagtail's site form is swapped for OfficeSiteForm by patch_wagtail_site_form().
"""

from django.utils.translation import gettext_lazy as _

from wagtail.models import Page
from wagtail.sites.forms import SiteForm

from .domains import normalise_hostname
from .models import Office, School
from .permissions import can_manage_school, hostname_office, may_name_school_host

HOSTNAME_MESSAGE = _(
    "Tên miền “%(hostname)s” không thuộc tên miền của phòng giáo dục (%(domains)s)."
)
OWN_HOME_MESSAGE = _("Trang web của trường “%(school)s” phải giữ trang chủ của chính trường đó.")
FOREIGN_ROOT_MESSAGE = _(
    "Trang gốc đã chọn thuộc trường “%(school)s”; không được dùng cho trang web khác."
)
NOT_MANAGED_MESSAGE = _("Bạn không quản lý trường “%(school)s”.")
# The same words as the Tên miền screen (sites/domains.py).
PORTAL_HOST_MESSAGE = _("%(host)s là tên miền cổng của một đơn vị.")
OTHER_OFFICE_MESSAGE = _("%(host)s thuộc tên miền của đơn vị khác (%(office)s).")


def hostname_allowed(hostname):
    hostname = (hostname or "").lower().rstrip(".")
    return any(
        hostname == domain or hostname.endswith("." + domain)
        for domain in Office.objects.values_list("domain", flat=True)
    )


def site_problems(site, root_page, hostname, user):
    """Messages for a Site about to be saved with this root page and hostname."""
    problems = []
    if not hostname_allowed(hostname):
        domains = ", ".join(Office.objects.values_list("domain", flat=True))
        problems.append(HOSTNAME_MESSAGE % {"hostname": hostname, "domains": domains})
    school = School.objects.filter(site_id=site.pk).first() if site.pk else None
    if school is not None:
        if user is not None and not can_manage_school(user, school):
            problems.append(NOT_MANAGED_MESSAGE % {"school": school.name})
        owner = hostname_office(hostname) if hostname_allowed(hostname) else None
        if owner is not None and owner.domain == normalise_hostname(hostname):
            problems.append(PORTAL_HOST_MESSAGE % {"host": hostname})
        elif owner is not None and not may_name_school_host(user, school, hostname):
            problems.append(OTHER_OFFICE_MESSAGE % {"host": hostname, "office": owner.name})
        if root_page is not None and root_page.pk != school.home_page_id:
            problems.append(OWN_HOME_MESSAGE % {"school": school.name})
    elif root_page is not None:
        owner = School.objects.owning(Page.objects.get(pk=root_page.pk).path)
        if owner is not None:
            problems.append(FOREIGN_ROOT_MESSAGE % {"school": owner.name})
    return problems


class OfficeSiteForm(SiteForm):
    def __init__(self, *args, for_user=None, **kwargs):
        self.for_user = for_user
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        for message in site_problems(
            self.instance, cleaned.get("root_page"), cleaned.get("hostname"), self.for_user
        ):
            self.add_error(None, message)
        return cleaned
