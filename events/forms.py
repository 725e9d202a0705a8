from django import forms
from django.utils.translation import gettext_lazy as _


class GuestRegistrationForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("We send a link to this address; your place counts once you confirm it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    organisation = forms.CharField(
        label=_("Organisation (optional)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )


class StaffSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search by name, e-mail or organisation"), required=False, max_length=100
    )
