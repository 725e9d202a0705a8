from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpResponseForbidden
from django.shortcuts import redirect
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _


class AdminRequiresTwoFactorMiddleware:
    """Guards the Wagtail admin's door.

    Wagtail's own login form checks only the password, so it is always sent on to allauth's
    login, which asks for the TOTP code of accounts that have one; Wagtail's password reset
    goes to allauth's too. With GRUNDERHUS_ADMIN_REQUIRES_2FA on, admin users without TOTP are
    sent to set it up first, and sessions that never passed a code are asked for one. The
    set-up page and logging out live outside /admin/ (or are let through), so they stay
    reachable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        admin_root = reverse("wagtailadmin_home")
        if request.path.startswith(admin_root):
            response = self._guard(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _guard(self, request):
        if request.path == reverse("wagtailadmin_login"):
            query = {}
            if request.GET.get(REDIRECT_FIELD_NAME):
                query[REDIRECT_FIELD_NAME] = request.GET[REDIRECT_FIELD_NAME]
            url = reverse("account_login")
            return redirect(f"{url}?{urlencode(query)}" if query else url)
        if request.path.startswith(reverse("wagtailadmin_password_reset")):
            # One reset flow, with allauth's rate limits and mails in the user's language.
            return redirect("account_reset_password")
        if request.path == reverse("wagtailadmin_logout"):
            return None
        if not request.user.is_authenticated:
            return None  # Wagtail sends them to the login page.
        if not request.user.has_perm("wagtailadmin.access_admin"):
            # Wagtail would send a signed-in member to the login page, which sends a signed-in
            # person straight back: say no once, in the site's own words, instead.
            return _admin_denied(request)
        if not settings.GRUNDERHUS_ADMIN_REQUIRES_2FA:
            return None
        from allauth.mfa.models import Authenticator

        has_totp = Authenticator.objects.filter(
            user=request.user, type=Authenticator.Type.TOTP
        ).exists()
        if not has_totp:
            messages.warning(
                request, _("Set up two-factor authentication before you use the admin.")
            )
            return redirect("mfa_activate_totp")
        if not _session_used_a_code(request):
            # TOTP exists, but this session got in without a code (it began before TOTP was
            # turned on, perhaps on another device): ask for one now.
            messages.info(request, _("Enter a code from your authenticator app to use the admin."))
            url = reverse("mfa_reauthenticate")
            return redirect(f"{url}?{urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})}")
        return None


def _admin_denied(request):
    # The admin has no language prefix: answer in the person's own language.
    with translation.override(getattr(request.user, "preferred_language", None) or "nb"):
        body = loader.render_to_string("403.html", {"admin_denied": True}, request=request)
    return HttpResponseForbidden(body)


def _session_used_a_code(request):
    """Whether this session has passed an authenticator step (allauth records each one)."""
    records = request.session.get("account_authentication_methods") or []
    return any(record.get("method") == "mfa" for record in records)
