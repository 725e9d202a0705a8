"""Forms for seats: the public application and the staff tools."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grunderhus.forms import BoundedDateField, BoundedDateTimeField

from .models import Desk, SeatApplication, Startup, normalise_org_number, validate_org_number


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class OrgNumberFormField(forms.CharField):
    """An organisation number as people type it, spaces and full-width digits included:
    normalised like the model field does, then nine ASCII digits with the mod-11 check."""

    TYPED_LENGTH = 20
    default_validators = [validate_org_number]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", self.TYPED_LENGTH)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        return normalise_org_number(super().to_python(value))


class SeatApplyForm(forms.Form):
    """Apply for a seat, for a startup one already belongs to or a new one."""

    startup = forms.ModelChoiceField(
        label=_("Your startup"),
        queryset=Startup.objects.none(),
        required=False,
        empty_label=_("A new startup (fill in below)"),
    )
    startup_name = forms.CharField(label=_("Name of the startup"), max_length=120, required=False)
    org_number = OrgNumberFormField(
        label=_("Organisation number (optional)"),
        required=False,
        help_text=_("Nine digits, if the company is registered in Brønnøysund."),
    )
    sector = forms.ChoiceField(label=_("Sector"), choices=Startup.Sector.choices)
    stage = forms.ChoiceField(label=_("Stage"), choices=Startup.Stage.choices)
    website = forms.URLField(label=_("Website (optional)"), required=False, assume_scheme="https")
    description = forms.CharField(
        label=_("What does the startup do?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    motivation = forms.CharField(
        label=_("Why do you want a seat at RE Gründerhus?"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    guidance_topics = forms.MultipleChoiceField(
        label=_("What guidance do you want?"),
        choices=SeatApplication.Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    desired_start = BoundedDateField(label=_("Desired start"), widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        mine = Startup.objects.filter(members=user)
        self.fields["startup"].queryset = mine
        if not mine.exists():
            del self.fields["startup"]

    def clean_desired_start(self):
        value = self.cleaned_data["desired_start"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("The desired start cannot be in the past."))
        return value

    def clean(self):
        data = super().clean()
        if not data.get("startup") and not (data.get("startup_name") or "").strip():
            self.add_error("startup_name", _("Write the name of your startup."))
        return data


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (SeatApplication.Status.ACCEPTED, _("Accept")),
            (SeatApplication.Status.WAITLISTED, _("Put on the waiting list")),
            (SeatApplication.Status.REJECTED, _("Reject")),
        ],
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("Message to the applicant (sent by e-mail)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


class StaffNotesForm(forms.ModelForm):
    class Meta:
        model = SeatApplication
        fields = ["priority", "staff_notes"]
        widgets = {"staff_notes": forms.Textarea(attrs={"rows": 4})}


class AllocateForm(forms.Form):
    desk = forms.ModelChoiceField(label=_("Desk"), queryset=Desk.objects.filter(active=True))
    application = forms.ModelChoiceField(
        label=_("Applicant"),
        queryset=SeatApplication.objects.filter(
            status__in=[SeatApplication.Status.ACCEPTED, SeatApplication.Status.WAITLISTED]
        ).select_related("applicant", "startup"),
    )
    start = BoundedDateField(label=_("From"), widget=DateInput())
    end = BoundedDateField(
        label=_("Until (not included, optional)"), widget=DateInput(), required=False
    )
    offer_deadline = BoundedDateTimeField(
        label=_("Make it an offer: answer by (optional)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_(
            "Leave empty to allocate straight away; fill in to reserve the desk and let "
            "the applicant accept or decline before this time (Europe/Oslo)."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desk"].queryset = Desk.objects.all()
        self.fields["application"].label_from_instance = lambda a: (
            f"{a.applicant.full_name} – {a.startup.name} ({a.get_status_display()})"
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", _("The end date must be after the start date."))
        return data


class MoveForm(forms.Form):
    desk = forms.ModelChoiceField(label=_("New desk"), queryset=Desk.objects.all())
    on = BoundedDateField(label=_("Move on"), widget=DateInput())


class EndForm(forms.Form):
    end = BoundedDateField(
        label=_("End date"),
        help_text=_(
            "The allocation runs until this date; the last day at the desk is the day before."
        ),
        widget=DateInput(),
    )


class MapDateForm(forms.Form):
    day = BoundedDateField(label=_("Show the desks on"), widget=DateInput(), required=False)
