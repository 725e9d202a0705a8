"""allauth form overrides (ACCOUNT_FORMS). Kept apart from forms.py: allauth's form module
imports community.forms.SignupForm as its base, so this module can only import allauth's."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django.db import transaction


class AccountSignupForm(AllauthSignupForm):
    """allauth's sign-up form, saving the user and its e-mail address all or nothing."""

    def save(self, request):
        with transaction.atomic():
            return super().save(request)
