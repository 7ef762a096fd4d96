"""Content-Security-Policy (django-csp) and the other security headers.

One policy for public pages (no script but our own files, nothing may frame them) and a
looser one for Wagtail's admin, chosen by path. No nonces: a cached anonymous page is
the same bytes for everyone, so its policy must be too.

Since the two policies are constants, their header strings are built once per process
(django-csp rebuilds them on every response: ~70 µs, half the cost of serving a static
file) and rebuilt when the settings change; a response or request that asks for anything
of its own (a view's decorator, a nonce, DEBUG's error pages) takes django-csp's own road.
"""

from dataclasses import asdict

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy

# Attributes django-csp's decorators set on a response to change or drop its policy.
PER_RESPONSE = tuple(
    f"_csp_{name}{suffix}"
    for name in ("config", "update", "replace", "exempt")
    for suffix in ("", "_ro")
)
_built = {}  # (admin path?, report only?) -> header value


@receiver(setting_changed)
def _forget_built_policies(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY") or setting == "CSP_ADMIN_PREFIXES":
        _built.clear()


def is_admin_path(path):
    return path.startswith(tuple(getattr(settings, "CSP_ADMIN_PREFIXES", ("/quan-tri/",))))


class SecurityHeadersMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts
        if is_admin_path(request.path_info):
            return PolicyParts(
                settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"],
                parts.update,
                parts.replace,
                None,  # a nonce would switch off the unsafe-inline Wagtail needs
            )
        return parts

    def process_response(self, request, response):
        if self._own_policy(request, response):
            response = super().process_response(request, response)
        else:
            self._set_built_policies(request, response)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response

    @staticmethod
    def _own_policy(request, response):
        """A response (or request) whose policy is not one of the two constants."""
        return (
            settings.DEBUG
            or getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in PER_RESPONSE)
        )

    def _set_built_policies(self, request, response):
        """What django-csp's process_response sets, from the strings built once."""
        admin = is_admin_path(request.path_info)
        for report_only, header, setting in (
            (False, HEADER, "CONTENT_SECURITY_POLICY"),
            (True, HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
        ):
            key = (admin, report_only)
            if key not in _built:
                parts = self.get_policy_parts(request, response, report_only=report_only)
                _built[key] = build_policy(**asdict(parts), report_only=report_only)
            value = _built[key]
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if (
                value
                and header not in response
                and not request.path_info.startswith(tuple(prefixes))
            ):
                response[header] = value
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
