"""Content-Security-Policy (django-csp) and the other security headers.

One policy for public pages (no script but our own files, nothing may frame them) and a
looser one for Wagtail's admin, chosen by path. No nonces: a cached anonymous page is
the same bytes for everyone, so its policy must be too.
"""

from django.conf import settings

from csp.middleware import CSPMiddleware, PolicyParts


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
        response = super().process_response(request, response)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response
