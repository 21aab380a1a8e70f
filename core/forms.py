"""What every form of the app shares: an error that says what is missing."""

from pathlib import Path

import django.forms
from django import forms
from django.forms.renderers import DjangoTemplates
from django.forms.utils import pretty_name
from django.utils.functional import cached_property, lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

DJANGO_REQUIRED = forms.Field.default_error_messages["required"]
FILL_IN = _("Fill in “%(field)s”.")
CHOOSE = pgettext_lazy("a required choice", "Choose “%(field)s”.")


def _named(message, label) -> str:
    return str(message) % {"field": capfirst(str(label)).rstrip(":")}


# Translated when shown, in the language of that request.
named = lazy(_named, str)


class NamedRequired:
    """Replaces Django's bare "This field is required." with a message that names the
    field; a form's own, more specific message (error_messages) stays."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.error_messages.get("required") is not DJANGO_REQUIRED:
                continue
            message = CHOOSE if isinstance(field, forms.ChoiceField) else FILL_IN
            field.error_messages = {
                **field.error_messages,
                "required": named(message, field.label or pretty_name(name)),
            }


class NamedModelForm(NamedRequired, forms.ModelForm):
    """The base of the model formsets' rows."""


class _RowsIterator(forms.models.ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for row in self.field.rows:
            yield self.choice(row)

    def __len__(self) -> int:
        return len(self.field.rows) + (self.field.empty_label is not None)

    def __bool__(self) -> bool:
        return self.field.empty_label is not None or bool(self.field.rows)


class RowsChoiceMixin:
    """A model choice field whose choices are rows fetched once, by a query compiled once
    per process (core.prepared), instead of a queryset built and compiled for every form.
    `rows_from(fetch)` gives it the person's rows (fetched when first needed); a value that
    is not among them is refused, as the queryset would refuse it."""

    iterator = _RowsIterator

    def rows_from(self, fetch) -> None:
        self._fetch = fetch

    @property
    def rows(self) -> list:
        if "_rows" not in self.__dict__:
            self._rows = list(self._fetch())
        return self._rows

    def to_python(self, value):
        if value in self.empty_values:
            return None
        key = self.to_field_name or "pk"
        if isinstance(value, self.queryset.model):
            value = getattr(value, key)
        for row in self.rows:
            if str(getattr(row, key)) == str(value):
                return row
        raise forms.ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        )


class RowsChoiceField(RowsChoiceMixin, forms.ModelChoiceField):
    pass


class FormRenderer(DjangoTemplates):
    """Django's form templates, with those in core/form_templates/ in their place (input,
    select, textarea, label, the radio and checkbox lists): the same HTML, written out where
    Django's include another template per option and per attribute list (a select of seven
    teams rendered nine templates). Rendering forms was 9% of the
    capacity benchmark's CPU. tests/test_form_renderer.py renders every widget both ways and
    compares, so a Django upgrade that changes its templates fails there first."""

    @cached_property
    def engine(self):
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [
                    Path(__file__).parent / "form_templates",
                    Path(django.forms.__file__).parent / "templates",
                ],
                "NAME": "djangoforms",
                "OPTIONS": {},
            }
        )
