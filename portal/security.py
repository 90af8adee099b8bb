"""Security headers that Django does not send on its own.

* ``SecurityHeadersMiddleware`` adds ``Permissions-Policy`` and ``Cross-Origin-Resource-Policy``
  (Django's ``SecurityMiddleware`` already sends ``Cross-Origin-Opener-Policy``,
  ``Referrer-Policy``, ``X-Content-Type-Options`` and HSTS).
* ``CSPMiddleware`` is django-csp's middleware with a second policy for Wagtail's admin: the
  public site runs without any inline script or style (``settings.CONTENT_SECURITY_POLICY``),
  while Wagtail's admin still needs inline scripts and style attributes (its templates and
  widgets, Draftail, the page preview) and gets ``settings.ADMIN_CONTENT_SECURITY_POLICY``.
"""

from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.middleware import PolicyParts
from django.conf import settings


def is_admin_path(path: str) -> bool:
    return path.startswith(settings.ADMIN_CSP_PATH_PREFIXES)


class CSPMiddleware(BaseCSPMiddleware):
    """Content-Security-Policy: the strict public policy, the admin's own one under /admin/.

    ``frame-ancestors`` follows ``X-Frame-Options``: a response that may be framed by the site
    itself (``SAMEORIGIN``, as Wagtail's page preview in the editor) gets ``'self'``, all others
    ``'none'``. A view's own ``csp_override``/``csp_update`` decorator still wins."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        if parts.config is None and is_admin_path(request.path_info):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        if response.get("X-Frame-Options", "").upper() == "SAMEORIGIN":
            parts.replace = {**(parts.replace or {}), "frame-ancestors": ["'self'"]}
        return parts


class SecurityHeadersMiddleware:
    """``Permissions-Policy`` and ``Cross-Origin-Resource-Policy`` on every response."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = ", ".join(
            f"{feature}=({' '.join(allowlist)})"
            for feature, allowlist in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        if settings.CROSS_ORIGIN_RESOURCE_POLICY:
            response.headers.setdefault(
                "Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY
            )
        return response
