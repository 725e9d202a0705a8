from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import get_language_from_path


def _recipient_language(email, context):
    """The language the recipient chose, else the language of the page they are on.

    Mails without a user in their context (the 'account already exists' notice) are addressed
    to an existing account: look that account up by its address.
    """
    from allauth.account.models import EmailAddress

    from .models import User

    user = context.get("user")
    if user is None and isinstance(email, str):
        address = EmailAddress.objects.filter(email__iexact=email).select_related("user").first()
        user = address.user if address else User.objects.filter(email__iexact=email).first()
    language = getattr(user, "preferred_language", None)
    if language in dict(settings.LANGUAGES):
        return language
    return translation.get_language() or settings.LANGUAGE_CODE


def _relink(url, language):
    """The same link in another language (/nb/... -> /en/...)."""
    source = get_language_from_path(urlsplit(url).path)
    if not source or source == language:
        return url
    # The URL resolves only while its own language is active.
    with translation.override(source):
        return translate_url(url, language)


class AccountAdapter(DefaultAccountAdapter):
    """Account e-mails go out in the recipient's preferred language, links included."""

    def send_mail(self, template_prefix, email, context):
        language = _recipient_language(email, context)
        with translation.override(language):
            # Links were built in the sender's language; point them at the recipient's.
            context = {
                key: _relink(value, language)
                if key.endswith("_url") and isinstance(value, str)
                else value
                for key, value in context.items()
            }
            return super().send_mail(template_prefix, email, context)

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.full_name = form.cleaned_data.get("full_name", "").strip()
        user.preferred_language = form.cleaned_data.get("preferred_language") or "nb"
        if commit:
            user.save()
        return user
