"""Forms of the staff's "Members and roles" pages: they parse input; the services hold the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import roles
from .people import MEMBERS, SHOW_CHOICES


class PeopleFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search by name, e-mail or startup"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    show = forms.ChoiceField(label=_("Show"), choices=SHOW_CHOICES, required=False)

    def filters(self) -> tuple[str, str]:
        """(show, query), falling back to members for anything that does not parse."""
        if not self.is_valid():
            return MEMBERS, ""
        return self.cleaned_data["show"] or MEMBERS, self.cleaned_data["q"]


class RoleChangeForm(forms.Form):
    GRANT, REVOKE = "grant", "revoke"

    role = forms.ChoiceField(label=_("Role"))
    action = forms.ChoiceField(
        label=_("Change"),
        choices=[(GRANT, _("Grant the role")), (REVOKE, _("Revoke the role"))],
        widget=forms.RadioSelect,
        initial=GRANT,
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the role log with your name and the time."),
        error_messages={"required": _("Give a reason for the change.")},
    )

    def __init__(self, *args, by, **kwargs):
        super().__init__(*args, **kwargs)
        offered = [roles.MENTOR, roles.EDITOR]
        # The staff role is a superuser's to give, through the same service and log.
        if by.is_superuser:
            offered.append(roles.STAFF)
        self.fields["role"].choices = [(r, roles.ROLES[r]) for r in offered]
