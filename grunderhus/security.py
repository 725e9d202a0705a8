"""Browser security policies sent with every response: Content-Security-Policy (django-csp) and
Permissions-Policy.

The public site and the member pages get the strict policy in ``CONTENT_SECURITY_POLICY``: no
inline script or style anywhere in their templates. Wagtail's admin still renders inline
scripts and style attributes in places (panels, date widgets, choosers), so paths under
``GRUNDERHUS_ADMIN_CSP_PREFIX`` get ``GRUNDERHUS_ADMIN_CONTENT_SECURITY_POLICY`` instead; only
signed-in staff and editors reach those pages.
"""

from functools import wraps

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings

PERMISSIONS_POLICY_HEADER = "Permissions-Policy"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's own policy for the admin's paths.

    A view can still set its own policy with django-csp's ``@csp``, ``@csp_update`` and
    ``@csp_replace`` decorators; they apply on top of whichever base policy the path has.
    """

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        admin_policy = getattr(settings, "GRUNDERHUS_ADMIN_CONTENT_SECURITY_POLICY", None)
        if (
            not report_only
            and parts.config is None
            and admin_policy
            and request.path_info.startswith(settings.GRUNDERHUS_ADMIN_CSP_PREFIX)
        ):
            parts.config = default_config(admin_policy["DIRECTIVES"])
        return parts


def permissions_policy_header(features):
    """``{"camera": ["self"], "geolocation": []}`` -> ``camera=(self), geolocation=()``."""
    parts = []
    for feature, allowlist in features.items():
        origins = " ".join(
            origin if origin in ("self", "*") else f'"{origin}"' for origin in allowlist
        )
        parts.append(f"{feature}=*" if origins == "*" else f"{feature}=({origins})")
    return ", ".join(parts)


class PermissionsPolicyMiddleware:
    """Sends ``PERMISSIONS_POLICY`` (browser features the site never uses are switched off),
    merged with what a view opened for itself with :func:`permissions_policy`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if PERMISSIONS_POLICY_HEADER not in response:
            features = dict(getattr(settings, "PERMISSIONS_POLICY", {}))
            features.update(getattr(response, "_permissions_policy", {}))
            if features:
                response[PERMISSIONS_POLICY_HEADER] = permissions_policy_header(features)
        return response


def permissions_policy(**features):
    """Opens browser features for one view: ``@permissions_policy(camera=["self"])`` lets that
    page, and only it, ask for the camera. Feature names with a dash are spelt with ``_``."""
    opened = {name.replace("_", "-"): list(allowlist) for name, allowlist in features.items()}

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            response = view(*args, **kwargs)
            response._permissions_policy = opened
            return response

        return wrapped

    return decorator
