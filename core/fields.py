"""Fields for what people type: one-line text (titles, names, focus questions) and days.

A line break in a title would end up in an email header (and make sending fail) or break a
list; a browser's text input cannot type one, but a crafted post or a spreadsheet can. Such
fields fold every run of white space, line breaks included, into one space on input.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


def one_line(value: str) -> str:
    """`value` with line breaks, tabs and other runs of white space folded into one space."""
    return " ".join(value.split())


class OneLineFormField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        return one_line(value) if isinstance(value, str) else value


class LineField(models.CharField):
    """A CharField that holds one line, however the text arrives."""

    def to_python(self, value):
        value = super().to_python(value)
        return one_line(value) if isinstance(value, str) else value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": OneLineFormField, **kwargs})


# --- Days ---------------------------------------------------------------------------------------

# A school plans a few years ahead and looks back on a few years of its own history. A date
# far outside that is a typo (20226, 9999), and a date near the end of the calendar breaks
# every computation that adds a day to it.
YEARS_BACK = 10
YEARS_AHEAD = 5


def day_range(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The first and last day a person may enter, seen from `today`."""
    today = today or timezone.localdate()
    return datetime.date(today.year - YEARS_BACK, 1, 1), datetime.date(
        today.year + YEARS_AHEAD, 12, 31
    )


class DayInput(forms.DateInput):
    """The browser's date picker, offering only the days the field accepts."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")

    def get_context(self, name, value, attrs):
        first, last = day_range()  # per render: a server runs for longer than a year
        attrs = {"min": first.isoformat(), "max": last.isoformat(), **(attrs or {})}
        return super().get_context(name, value, attrs)


class DayFormField(forms.DateField):
    widget = DayInput

    def validate(self, value):
        super().validate(value)
        first, last = day_range()
        if value and not first <= value <= last:
            raise ValidationError(
                _("Choose a date between %(first)s and %(last)s."),
                code="out_of_range",
                params={"first": date_format(first), "last": date_format(last)},
            )


class DayField(models.DateField):
    """A date people type: the form accepts it only within `day_range()`."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": DayFormField, "widget": DayInput, **kwargs})
