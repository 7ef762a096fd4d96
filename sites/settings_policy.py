"""Who changes a Site's settings: the offices' reach (sites.office_policies), and a closed
school's settings are an archive that nobody but a superuser changes.

Wagtail's SitePermissionPolicy answers from the groups' site permissions; the office
policy narrows it to the Sites the user manages, and this takes the closed schools' sites
out for everyone else
(`sites.permissions.site_is_archive_for`), so the settings screen answers 403 for such a
site and its site switcher no longer offers it.
"""

from wagtail.models import Site

from .office_policies import OfficeScopedSettingsPolicy
from .permissions import WRITE_ACTIONS, archive_locks, site_is_archive_for


def _writes(actions):
    return bool(actions) and set(actions) <= WRITE_ACTIONS


class ArchiveAwareSitePolicy(OfficeScopedSettingsPolicy):
    def user_has_any_permission_for_instance(self, user, actions, instance):
        site_id = instance.pk if isinstance(instance, Site) else getattr(instance, "site_id", None)
        if _writes(actions) and site_is_archive_for(user, site_id):
            return False
        return super().user_has_any_permission_for_instance(user, actions, instance)

    def sites_user_has_any_permission_for(self, user, actions):
        sites = super().sites_user_has_any_permission_for(user, actions)
        if _writes(actions) and archive_locks(user):
            sites = sites.exclude(school__closed_on__isnull=False)
        return sites


def register():
    """Called from SitesConfig.ready(): replaces the policy register_setting gave each
    site setting (an exact-class entry wins)."""
    from django.apps import apps

    from wagtail.contrib.settings.models import BaseSiteSetting
    from wagtail.permissions import register_permission_policy

    for model in apps.get_models():
        if issubclass(model, BaseSiteSetting):
            register_permission_policy(model, ArchiveAwareSitePolicy(model), exact_class=True)
