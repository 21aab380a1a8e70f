"""One-line text: titles, names, focus questions.

A line break in a title would end up in an email header (and make sending fail) or break a
list; a browser's text input cannot type one, but a crafted post or a spreadsheet can. Such
fields fold every run of white space, line breaks included, into one space on input.
"""

from django import forms
from django.db import models


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
