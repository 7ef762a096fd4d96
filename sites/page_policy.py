"""Page permissions of office staff, scoped to their office's subtree.

The office groups hold Wagtail page permissions at the tree root (one row per codename),
so their rights reach every page. This policy keeps those rows but, for a user whose
office does not reach the whole install, replaces each tree-wide row by the same
permission on the depth-2 pages the office governs: the portals of the office and of the
offices below it and the homes of their schools. School homes stay depth-2 siblings, so
routing and the page cache are unchanged.

Why not one GroupPagePermission per school: Wagtail ORs one subtree filter per row in
every explorer/chooser query (thousands of ORs for a Sở, past SQLite's 1,000 expression
depth). Here the queries Wagtail builds from the permission list are replaced by one
filter on the first path segment (`substr(path, 1, 8) IN (...)`), whatever the number of
schools. See README (architecture) for the measurements.
"""

from django.db.models import Q
from django.db.models.functions import Substr
from django.db.models.lookups import In

from wagtail.models import GroupPagePermission, Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from .models import Office, School
from .permissions import is_office_staff, offices_visible_to, sees_every_office

ROOT_SEGMENT = Page.steplen * 2  # length of a depth-2 path
_GOVERNED_CACHE = "_truongso_governed_pages"


def governed_pages(user):
    """The depth-2 pages (portals and school homes) whose subtrees `user`'s office rows
    reach, or None when they reach everything (superusers, staff of a top office over
    the whole install) or the user is no office staff."""
    if not is_office_staff(user) or sees_every_office(user):
        return None
    if not hasattr(user, _GOVERNED_CACHE):
        office_ids = offices_visible_to(user)
        # Two indexed semi-joins (schools by office, portals by office) instead of an OR
        # across LEFT JOINs, which read every depth-2 page (20,000 in a province).
        pages = list(
            Page.objects.filter(depth=2)
            .filter(
                Q(pk__in=School.objects.filter(office_id__in=office_ids).values("home_page_id"))
                | Q(pk__in=Office.objects.filter(pk__in=office_ids).values("site__root_page_id"))
            )
            .only("id", "path", "depth", "url_path", "title", "content_type_id")
            .order_by("path")
        )
        setattr(user, _GOVERNED_CACHE, pages)
    return getattr(user, _GOVERNED_CACHE)


def governed_q(user, field="path"):
    """Q for every page under the pages `user` governs (None: no restriction). `field`:
    the tree path column to filter on, e.g. "page__path" for log entries."""
    pages = governed_pages(user)
    if pages is None:
        return None
    if not pages:
        return Q(pk__in=[])
    return Q(In(Substr(field, 1, ROOT_SEGMENT), [page.path for page in pages]))


class OfficeScopedPagePermissionPolicy(PagePermissionPolicy):
    def get_all_permissions_for_user(self, user):
        perms = super().get_all_permissions_for_user(user)
        pages = governed_pages(user)
        if pages is None:
            return perms
        scoped = []
        for perm in perms:
            if perm.page.depth > 1:
                scoped.append(perm)
                continue
            # A tree-wide row of an office group: the same permission on each governed
            # subtree (objects never saved; Wagtail only reads page, page_id and
            # permission). Each gets its own negative pk: Wagtail puts them in sets (the
            # page-create URL's parent chooser), and a model without pk is unhashable.
            scoped += [
                GroupPagePermission(
                    pk=-(len(scoped) + i + 1),
                    group_id=perm.group_id,
                    page=page,
                    permission=perm.permission,
                )
                for i, page in enumerate(pages)
            ]
        return scoped

    def _root_codenames(self, user):
        return {
            perm.permission.codename
            for perm in super().get_all_permissions_for_user(user)
            if perm.page.depth == 1
        }

    def instances_user_has_any_permission_for(self, user, actions):
        q = governed_q(user) if user.is_active else None
        if q is None:
            return super().instances_user_has_any_permission_for(user, actions)
        # Office staff hold their rights through the tree-wide rows only.
        wanted = self._get_permission_codenames(
            set(actions) | ({"add"} if "change" in actions else set())
        )
        if not wanted & self._root_codenames(user):
            return self.model._default_manager.none()
        return self.model._default_manager.filter(q)

    def explorable_instances(self, user):
        q = governed_q(user) if user.is_active else None
        if q is None:
            return super().explorable_instances(user)
        # The governed subtrees plus the tree root above them (to navigate from).
        return self.model._default_manager.filter(q | Q(depth=1))

    def explorable_root_instance(self, user):
        if governed_pages(user) is None:
            return super().explorable_root_instance(user)
        if not hasattr(user, self._explorable_root_instance_cache_name):
            pages = governed_pages(user)
            root = pages[0] if len(pages) == 1 else Page.get_first_root_node()
            setattr(user, self._explorable_root_instance_cache_name, root if pages else None)
        return getattr(user, self._explorable_root_instance_cache_name)

    def users_with_any_permission_for_instance(self, actions, instance, include_superusers=True):
        """Wagtail's answer (used for moderation notices) minus office staff whose office
        does not reach the page's office."""
        users = super().users_with_any_permission_for_instance(
            actions, instance, include_superusers
        )
        allowed = offices_reaching_page(instance)
        return users.exclude(
            Q(office_membership__isnull=False) & ~Q(office_membership__office_id__in=allowed)
        )


def offices_reaching_page(page):
    """Ids of the offices whose staff reach `page`: the office of its school (or of its
    portal) and every office above it."""
    root_path = (page.path or "")[:ROOT_SEGMENT]
    office = (
        Office.objects.filter(schools__home_page__path=root_path).first()
        or Office.objects.filter(site__root_page__path=root_path).first()
    )
    if office is None:
        return []
    return office.ancestor_ids()


def register():
    """Called from SitesConfig.ready(): Page's own entry wins over Wagtail's AbstractPage."""
    from wagtail.permissions import register_permission_policy

    register_permission_policy(Page, OfficeScopedPagePermissionPolicy(Page))
