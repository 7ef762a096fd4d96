"""Permission policies for what an office owns: Sites and site settings.

Wagtail decides these by model permission (the office administrators' group may change
any Site and any site's settings). These policies keep Wagtail's answer and narrow it
with the sites predicates: a portal Site is the superusers' alone, a school's Site its
office's; settings follow the schools and offices the user manages. Registered from
SitesConfig.ready() with exact_class, so they win over Wagtail's own registrations.
"""

from wagtail.models import Site
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permission_policies.sites import SitePermissionPolicy

from .permissions import can_change_site, settings_sites_managed_by, sites_managed_by

SUPERUSER_ACTIONS = {"add", "delete"}


def _superuser(user):
    return bool(getattr(user, "is_active", False) and getattr(user, "is_superuser", False))


class OfficeSitePolicy(ModelPermissionPolicy):
    """Adding or deleting a Site is the superusers' (a school's Site comes and goes with
    the school); changing one needs Wagtail's permission and `can_change_site`."""

    def user_has_permission(self, user, action):
        if action in SUPERUSER_ACTIONS:
            return _superuser(user)
        return super().user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(
            self.user_has_permission(user, action)
            and (action not in ("change",) or can_change_site(user, instance))
            for action in actions
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return Site.objects.none()
        return sites_managed_by(user)

    def users_with_any_permission(self, actions):
        if set(actions) <= SUPERUSER_ACTIONS:
            return super().users_with_any_permission(actions).filter(is_superuser=True)
        return super().users_with_any_permission(actions)


class OfficeScopedSettingsPolicy(SitePermissionPolicy):
    """Settings of a Site: Wagtail's per-site answer, narrowed for office staff to the
    Sites of the schools and portals they manage (`settings_sites_managed_by`)."""

    def user_has_any_permission_for_instance(self, user, actions, instance):
        site = instance if isinstance(instance, Site) else getattr(instance, "site", None)
        allowed = settings_sites_managed_by(user)
        if allowed is not None and (site is None or not allowed.filter(pk=site.pk).exists()):
            return False
        return super().user_has_any_permission_for_instance(user, actions, instance)

    def sites_user_has_any_permission_for(self, user, actions):
        sites = super().sites_user_has_any_permission_for(user, actions)
        allowed = settings_sites_managed_by(user)
        return sites if allowed is None else sites.filter(pk__in=allowed.values("pk"))


def register():
    """Called from SitesConfig.ready(), after Wagtail registered its own policies. The
    settings' policy (this one, archive-aware) is registered by sites.settings_policy."""
    from wagtail.permissions import register_permission_policy

    register_permission_policy(Site, OfficeSitePolicy(Site), exact_class=True)
