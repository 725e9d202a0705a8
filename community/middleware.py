from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _


class AdminRequiresTwoFactorMiddleware:
    """With GRUNDERHUS_ADMIN_REQUIRES_2FA on, the Wagtail admin is closed to accounts without
    TOTP: they are sent to set it up first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.GRUNDERHUS_ADMIN_REQUIRES_2FA
            and request.path.startswith("/admin/")
            and request.user.is_authenticated
        ):
            from allauth.mfa.models import Authenticator

            has_totp = Authenticator.objects.filter(
                user=request.user, type=Authenticator.Type.TOTP
            ).exists()
            if not has_totp:
                messages.warning(
                    request, _("Set up two-factor authentication before you use the admin.")
                )
                return redirect("mfa_activate_totp")
        return self.get_response(request)
