"""Form fields the apps share: dates and times inside a window the platform can compute with.

Python's dates end at year 9999 and begin at year 1, and PostgreSQL's and SQLite's integers
end long before Python's do. A date typed as 31.12.9999, or a time with a -14:00 offset, parses
fine and then overflows the first time a service adds a day, a session's length or a time zone
to it. Every date and time a form of ours takes, in our own forms and in the Wagtail admin's
model forms (``admin_date_fields_register``), goes through one of these fields, so such a
value is a message on the field instead of an error page.
"""

from datetime import UTC, date, datetime, time

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

# Far enough back for any history the house keeps and ahead for any plan; far from the ends.
DATE_MIN = date(2000, 1, 1)
DATE_MAX = date(2099, 12, 31)


def _input_type(widget):
    return widget.attrs.get("type") or getattr(widget, "input_type", None)


def _out_of_range(field):
    return ValidationError(
        field.error_messages["out_of_range"],
        code="out_of_range",
        params={
            "min": formats.date_format(field.min_date, "DATE_FORMAT"),
            "max": formats.date_format(field.max_date, "DATE_FORMAT"),
        },
    )


class BoundedDateField(forms.DateField):
    """A date between ``min_date`` and ``max_date`` (by default the platform's window)."""

    default_error_messages = {
        "out_of_range": _("Enter a date between %(min)s and %(max)s."),
    }

    def __init__(self, *, min_date=DATE_MIN, max_date=DATE_MAX, **kwargs):
        self.min_date, self.max_date = min_date, max_date
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value is not None and not self.min_date <= value <= self.max_date:
            raise _out_of_range(self)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if _input_type(widget) == "date":
            attrs.update(min=self.min_date.isoformat(), max=self.max_date.isoformat())
        return attrs


class BoundedDateTimeField(forms.DateTimeField):
    """A moment whose day, in the current time zone, lies between ``min_date`` and
    ``max_date``. It takes what Django's DateTimeField takes, ISO 8601 with an offset
    included (the slot pickers send ``2026-03-02T09:00:00+01:00``); a time without an offset
    is read in the current time zone."""

    default_error_messages = {
        "out_of_range": _("Enter a date and time between %(min)s and %(max)s."),
    }

    def __init__(self, *, min_date=DATE_MIN, max_date=DATE_MAX, **kwargs):
        self.min_date, self.max_date = min_date, max_date
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        try:
            # An offset such as -14:00 can carry a time past year 9999 once it is in UTC.
            day = value.astimezone(UTC).astimezone(timezone.get_current_timezone()).date()
        except (OverflowError, ValueError):
            raise _out_of_range(self) from None
        if not self.min_date <= day <= self.max_date:
            raise _out_of_range(self)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if _input_type(widget) == "datetime-local":
            attrs.update(
                min=datetime.combine(self.min_date, time.min).strftime("%Y-%m-%dT%H:%M"),
                max=datetime.combine(self.max_date, time(23, 59)).strftime("%Y-%m-%dT%H:%M"),
            )
        return attrs


def admin_date_fields_register():
    """Give the Wagtail admin's model forms (pages, snippets, settings) the bounded fields for
    every date and date-time model field, with the admin's own widgets."""
    from django.db import models
    from wagtail.admin import widgets
    from wagtail.admin.forms.models import register_form_field_override

    register_form_field_override(
        models.DateField,
        override={"widget": widgets.AdminDateInput, "form_class": BoundedDateField},
    )
    register_form_field_override(
        models.DateTimeField,
        override={"widget": widgets.AdminDateTimeInput, "form_class": BoundedDateTimeField},
    )
