"""Forms parse input; the services hold the rules and give the messages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from grunderhus.forms import BoundedDateField, BoundedDateTimeField

from .models import AvailabilityRule, DateOverride, MentorProfile, Session
from .vocabulary import Expertise, Language, Partner, Sector


class MentoringRequestForm(forms.Form):
    topics = forms.MultipleChoiceField(
        label=_("Topics you want help with"),
        choices=Expertise.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    sector = forms.ChoiceField(label=_("Your sector"), choices=Sector.choices)
    goals = forms.CharField(
        label=_("What do you want to achieve?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("A few sentences about your startup and what a mentor could help with."),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language for mentoring"), choices=Language.choices
    )
    wished_mentors = forms.ModelMultipleChoiceField(
        label=_("Mentors you would like (optional)"),
        required=False,
        queryset=MentorProfile.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, mentors=None, **kwargs):
        super().__init__(*args, **kwargs)
        if mentors is not None:
            self.fields["wished_mentors"].queryset = mentors


class MentorProfileForm(forms.Form):
    headline = forms.CharField(label=_("Headline"), max_length=160)
    bio = forms.CharField(
        label=_("About you"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    expertise = forms.MultipleChoiceField(
        label=_("Expertise areas"),
        choices=Expertise.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    sectors = forms.MultipleChoiceField(
        label=_("Sectors you know"),
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you mentor in"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    partner = forms.ChoiceField(label=_("Partner organisation"), choices=Partner.choices)
    max_mentees = forms.IntegerField(label=_("Max active mentees"), min_value=0, max_value=20)
    max_hours_per_month = forms.IntegerField(
        label=_("Max hours per month"), min_value=0, max_value=100
    )
    session_minutes = forms.IntegerField(
        label=_("Session length (minutes)"), min_value=15, max_value=240
    )
    buffer_minutes = forms.IntegerField(
        label=_("Buffer between sessions (minutes)"), min_value=0, max_value=120
    )
    min_notice_hours = forms.IntegerField(
        label=_("Minimum notice (hours)"), min_value=0, max_value=336
    )
    max_sessions_per_day = forms.IntegerField(
        label=_("Max sessions per day"), min_value=0, max_value=12
    )
    booking_window_days = forms.IntegerField(
        label=_("Booking window (days ahead)"), min_value=1, max_value=365
    )
    video_url = forms.URLField(label=_("Video meeting link"), required=False, assume_scheme="https")
    is_active = forms.BooleanField(label=_("I take new mentees"), required=False)
    is_public = forms.BooleanField(label=_("Show me on the public mentor list"), required=False)

    def clean_languages(self):
        # Checked here as well as in the service so the message sits on the field.
        if not self.cleaned_data["languages"]:
            raise forms.ValidationError(_("Choose at least one language you can mentor in."))
        return self.cleaned_data["languages"]


class WeeklyAvailabilityForm(forms.Form):
    """Two windows per weekday; empty pairs mean no hours."""

    WINDOWS = 2

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for day, name in AvailabilityRule.Weekday.choices:
            for n in range(self.WINDOWS):
                self.fields[f"d{day}_{n}_start"] = forms.TimeField(
                    label=_("%(day)s, window %(n)s, from") % {"day": name, "n": n + 1},
                    required=False,
                    widget=forms.TimeInput(attrs={"type": "time"}),
                )
                self.fields[f"d{day}_{n}_end"] = forms.TimeField(
                    label=_("%(day)s, window %(n)s, to") % {"day": name, "n": n + 1},
                    required=False,
                    widget=forms.TimeInput(attrs={"type": "time"}),
                )

    @classmethod
    def initial_from(cls, rules):
        initial, seen = {}, {}
        for r in rules:
            n = seen.get(r.weekday, 0)
            if n < cls.WINDOWS:
                initial[f"d{r.weekday}_{n}_start"] = r.start_time
                initial[f"d{r.weekday}_{n}_end"] = r.end_time
            seen[r.weekday] = n + 1
        return initial

    def days(self):
        for day, name in AvailabilityRule.Weekday.choices:
            yield (
                name,
                [(self[f"d{day}_{n}_start"], self[f"d{day}_{n}_end"]) for n in range(self.WINDOWS)],
            )

    def clean(self):
        data = super().clean()
        weekly = []
        for day, _name in AvailabilityRule.Weekday.choices:
            for n in range(self.WINDOWS):
                start, end = data.get(f"d{day}_{n}_start"), data.get(f"d{day}_{n}_end")
                if start is None and end is None:
                    continue
                if start is None or end is None:
                    self.add_error(
                        f"d{day}_{n}_end" if end is None else f"d{day}_{n}_start",
                        _("Give both a start and an end time."),
                    )
                    continue
                if end <= start:
                    self.add_error(f"d{day}_{n}_end", _("The end must be after the start."))
                    continue
                weekly.append((day, start, end))
        data["weekly"] = weekly
        return data


class DateOverrideForm(forms.Form):
    date = BoundedDateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("Kind"), choices=DateOverride.Kind.choices)
    start_time = forms.TimeField(
        label=_("From (optional for a day off)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    end_time = forms.TimeField(
        label=_("To (optional for a day off)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
    )


class DateOverrideRemoveForm(forms.Form):
    """Which of the mentor's own dates to forget."""

    override = forms.ModelChoiceField(queryset=DateOverride.objects.none())

    def __init__(self, *args, mentor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["override"].queryset = mentor.overrides.all()


def _slot_field():
    # The slot picker sends the start as ISO 8601 with its offset; the window keeps a forged
    # start (year 1, or 9999 with -14:00) from overflowing the services' UTC arithmetic.
    return BoundedDateTimeField(
        widget=forms.HiddenInput,
        error_messages={
            "invalid": _("Choose a time from the list."),
            "out_of_range": _("Choose a time from the list."),
        },
    )


class BookingForm(forms.Form):
    start = _slot_field()
    place = forms.ChoiceField(
        label=_("Where"),
        choices=Session.Place.choices,
        widget=forms.RadioSelect,
        initial=Session.Place.ROOM,
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("What would you like to talk about?"),
    )


class RescheduleForm(forms.Form):
    start = _slot_field()


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=300)


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How useful was the session?"),
        coerce=int,
        widget=forms.RadioSelect,
        choices=[(5, _("5 – very useful")), (4, "4"), (3, "3"), (2, "2"), (1, _("1 – not useful"))],
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MentorChoiceForm(forms.Form):
    """The mentor staff pick on the matching board."""

    mentor = forms.ModelChoiceField(
        label=_("Mentor"),
        queryset=MentorProfile.objects.all(),
        error_messages={
            "required": _("Choose a mentor from the list."),
            "invalid_choice": _("Choose a mentor from the list."),
        },
    )


class MentorInviteForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    partner = forms.ChoiceField(
        label=_("Partner organisation"),
        choices=Partner.choices,
        help_text=_("The organisation the mentor comes from, for the mentoring reports."),
    )
