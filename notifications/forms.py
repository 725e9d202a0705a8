from django import forms
from django.utils.translation import gettext_lazy as _

from .registry import optional_kinds


class ReminderPreferencesForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Reminders I want by e-mail"),
        help_text=_("Confirmations and cancellations are always sent, whatever you choose here."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = [(k.key, k.label) for k in optional_kinds(user)]
