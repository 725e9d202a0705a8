from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import User


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form; allauth adds e-mail and passwords."""

    # allauth's sign-up form derives from this class and applies this order.
    field_order = ["full_name", "email", "preferred_language", "password1", "password2"]

    full_name = forms.CharField(
        label=_("Full name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=User.Language.choices,
        help_text=_("E-mails and reminders are sent in this language."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if get_language() in dict(User.Language.choices):
            self.fields["preferred_language"].initial = get_language()

    def clean_full_name(self):
        full_name = " ".join(self.cleaned_data["full_name"].split())
        if not full_name:
            raise forms.ValidationError(_("Write your name."))
        return full_name

    def signup(self, request, user):
        # AccountAdapter.save_user already stored these fields in the same write as the user.
        pass


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "preferred_language"]
        widgets = {"full_name": forms.TextInput(attrs={"autocomplete": "name"})}

    def clean_full_name(self):
        full_name = " ".join(self.cleaned_data["full_name"].split())
        if not full_name:
            raise forms.ValidationError(_("Write your name."))
        return full_name
