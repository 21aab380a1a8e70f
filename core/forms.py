"""What every form of the app shares: an error that says what is missing."""

from django import forms
from django.forms.utils import pretty_name
from django.utils.functional import lazy
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
