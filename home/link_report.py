"""The office's weekly report of new link domains, built from what public pages RENDER.

Content checks (home/links.py) look at what editors typed; this looks at the HTML a
visitor gets — templates, settings, blocks and anything that reached the page by a road
the checks did not foresee. Each live, public page is rendered in-process through the
whole middleware stack (Django's test client on the page's own host), its links are
parsed with the same parser, and every external domain is stored per page
(home.models.LinkDomainSighting) with when it was first seen and who last edited.

Scale: a run renders only pages published since the previous run, plus the home page
of every site whose settings changed since then (settings links show on the home page
and in the layout every page shares, so the home page carries all of them).
`--full` renders everything (the first run does too).
"""

import time
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.test import Client
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import ModelLogEntry, Page, Site

from sites.links import domain_of
from sites.models import BlockedDomainPattern, School, SchoolSettings, own_domains
from sites.permissions import is_office_staff, schools_visible_to

from .links import LinkParser, external
from .models import LinkCrawl, LinkDomainSighting
from .templatetags.identity import site_relative_path


@dataclass
class CrawlResult:
    crawl: LinkCrawl
    seconds: float
    new: list = field(default_factory=list)  # LinkDomainSighting rows created
    errors: list = field(default_factory=list)

    @property
    def pages_per_second(self):
        return self.crawl.pages_rendered / self.seconds if self.seconds else 0.0


class SiteIndex:
    """Site and school of a page from the first segment of its tree path (one query
    each for all sites and all schools, whatever the number of pages)."""

    def __init__(self):
        self.sites = {
            site.root_page.path: site for site in Site.objects.select_related("root_page")
        }
        self.schools = {
            school.home_page.path: school
            for school in School.objects.select_related("home_page", "site")
        }

    def home_path(self, page):
        return page.path[: Page.steplen * 2]

    def site_of(self, page):
        return self.sites.get(self.home_path(page))

    def school_of(self, page):
        return self.schools.get(self.home_path(page))


def public_url(site, page):
    return site.root_url + site_relative_path(page)


def render(client, site, page):
    """(status, html) of the page as an anonymous visitor on its own host receives it."""
    host = site.hostname if site.port in (80, 443) else f"{site.hostname}:{site.port}"
    response = client.get(site_relative_path(page), HTTP_HOST=host, secure=site.port == 443)
    return response.status_code, response.content.decode(response.charset or "utf-8", "replace")


def pages_to_render(since):
    """Live public pages changed since `since` (all of them when None), plus the home
    pages of sites whose settings changed."""
    pages = Page.objects.live().public().filter(depth__gte=2)
    if since is None:
        return pages.order_by("path")
    changed_settings = SchoolSettings.objects.filter(updated_at__gte=since).values_list(
        "site__root_page_id", flat=True
    )
    return pages.filter(
        Q(last_published_at__gte=since) | Q(pk__in=list(changed_settings))
    ).order_by("path")


def settings_editor(site_id):
    """Who last changed the site's settings (from the audit log), or None."""
    settings = SchoolSettings.objects.filter(site_id=site_id).first()
    if settings is None:
        return None, set()
    entry = (
        ModelLogEntry.objects.for_instance(settings)
        .exclude(user=None)
        .order_by("-timestamp", "-pk")
        .first()
    )
    domains = {domain_of(url) for url, _where in settings.public_links()}
    return (entry.user_id if entry else None), domains


def record(page, school, site_links, editor_id, settings_domains, now):
    """Store the domains `page` rendered; returns the rows created (new sightings)."""
    grouped = {}
    for link in site_links:
        grouped.setdefault(link.domain, link)
    existing = {row.domain: row for row in LinkDomainSighting.objects.filter(page=page)}
    created = []
    author = page.live_revision.user_id if page.live_revision_id else None
    with transaction.atomic():
        for domain, link in grouped.items():
            from_settings = domain in settings_domains
            row = existing.get(domain)
            if row is None:
                created.append(
                    LinkDomainSighting(
                        domain=domain,
                        page=page,
                        school=school,
                        example_url=link.url[:2000],
                        hidden=link.hidden[:255],
                        from_settings=from_settings,
                        added_by_id=editor_id if from_settings else author,
                        first_seen=now,
                        last_seen=now,
                    )
                )
            else:
                row.last_seen, row.hidden, row.example_url = now, link.hidden[:255], link.url[:2000]
                row.save(update_fields=["last_seen", "hidden", "example_url"])
        LinkDomainSighting.objects.bulk_create(created)
        # A domain no longer rendered is forgotten, so putting it back shows as new.
        LinkDomainSighting.objects.filter(page=page).exclude(domain__in=list(grouped)).delete()
    return created


def crawl(full=False, stdout=None):
    """Render what changed since the last run and record the domains; returns CrawlResult."""
    previous = LinkCrawl.objects.filter(finished_at__isnull=False).order_by("-started_at").first()
    since = None if full or previous is None else previous.started_at
    started = time.perf_counter()
    run = LinkCrawl.objects.create(started_at=timezone.now(), full=since is None)
    index, internal, client = SiteIndex(), own_domains(), Client()
    editors = {}
    result = CrawlResult(crawl=run, seconds=0.0)
    # Pages that stopped being live or public take their sightings with them.
    LinkDomainSighting.objects.exclude(page__in=Page.objects.live().public()).delete()
    for page in pages_to_render(since).specific(defer=True).iterator(chunk_size=200):
        site = index.site_of(page)
        if site is None:
            continue
        try:
            status, html = render(client, site, page)
        except Exception as error:
            result.errors.append(f"{public_url(site, page)}: {error!r}")
            continue
        run.pages_rendered += 1
        if status != 200:
            result.errors.append(f"{public_url(site, page)}: HTTP {status}")
            continue
        parser = LinkParser(_("trang công khai"))
        parser.feed(html)
        links = external(parser.close(), internal)
        if site.pk not in editors:
            editors[site.pk] = settings_editor(site.pk)
        editor_id, settings_domains = editors[site.pk]
        result.new += record(
            page, index.school_of(page), links, editor_id, settings_domains, run.started_at
        )
    run.new_sightings = len(result.new)
    run.errors = "\n".join(result.errors)[:20000]
    run.finished_at = timezone.now()
    run.save()
    result.seconds = time.perf_counter() - started
    return result


REPORT_MAX_DOMAINS = 500
PAGES_PER_DOMAIN = 5


@dataclass
class NewDomain:
    """A domain a school's public pages started rendering in the period, with its pages."""

    domain: str
    school: object
    first_seen: object
    sightings: list
    blocked: object = None

    @property
    def shown(self):
        return self.sightings[:PAGES_PER_DOMAIN]

    @property
    def more(self):
        return max(0, len(self.sightings) - PAGES_PER_DOMAIN)

    @property
    def hidden(self):
        return any(row.hidden for row in self.sightings)


def report_rows(user, since):
    """[NewDomain] new to each school since `since` (no page of that school rendered the
    domain before), newest first, scoped to the schools `user` may see; the portal's own
    pages for office staff."""
    rows = LinkDomainSighting.objects.filter(first_seen__gte=since).exclude(
        Exists(
            LinkDomainSighting.objects.filter(
                school=OuterRef("school"), domain=OuterRef("domain"), first_seen__lt=since
            )
        )
    )
    visible = rows.filter(school__in=schools_visible_to(user))
    if is_office_staff(user):
        visible = visible | rows.filter(school__isnull=True)  # the portal's own pages
    patterns = list(BlockedDomainPattern.objects.filter(is_active=True))
    groups, index = {}, None
    for row in visible.select_related("school", "page", "added_by").order_by(
        "-first_seen", "domain", "pk"
    ):
        if row.school is not None:
            row.public_url = row.school.base_url + site_relative_path(row.page)
        else:
            index = index or SiteIndex()
            site = index.site_of(row.page)
            row.public_url = public_url(site, row.page) if site else ""
        key = (row.school_id, row.domain)
        if key not in groups:
            if len(groups) >= REPORT_MAX_DOMAINS:
                continue
            blocked = next((p for p in patterns if p.matches(row.domain)), None)
            groups[key] = NewDomain(row.domain, row.school, row.first_seen, [], blocked)
        groups[key].sightings.append(row)
    return list(groups.values())


def recent_settings_changes(user, since):
    """Who changed which school's site settings (audit log), newest first, scoped."""
    schools = {s.site_id: s for s in schools_visible_to(user)}
    settings_by_pk = {
        str(row.pk): row.site_id for row in SchoolSettings.objects.filter(site_id__in=list(schools))
    }
    entries = (
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(SchoolSettings),
            object_id__in=list(settings_by_pk),
            timestamp__gte=since,
        )
        .select_related("user")
        .order_by("-timestamp", "-pk")[:200]
    )
    return [
        {"entry": entry, "school": schools[settings_by_pk[entry.object_id]]} for entry in entries
    ]
