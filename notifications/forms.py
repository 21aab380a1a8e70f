from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.forms import NamedRequired
from teams.models import User

from .models import Kind, Preference

EMAIL_KINDS = [kind for kind in Kind if kind != Kind.DIGEST]


class PreferencesForm(NamedRequired, forms.Form):
    """Per kind of reminder: by email, only in the digest, or not by email."""

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        current = {p.kind: p.mode for p in user.notification_preferences.all()}
        for kind in EMAIL_KINDS:
            self.fields[kind.value] = forms.ChoiceField(
                label=capfirst(kind.label),
                choices=[(m.value, capfirst(m.label)) for m in Preference.Mode],
                initial=current.get(kind.value, Preference.Mode.IMMEDIATE),
            )
        self.fields[Kind.DIGEST.value] = forms.ChoiceField(
            label=capfirst(Kind.DIGEST.label),
            choices=[
                (Preference.Mode.IMMEDIATE.value, _("On my first working day of the week")),
                (Preference.Mode.OFF.value, _("No digest")),
            ],
            initial=current.get(Kind.DIGEST.value, Preference.Mode.IMMEDIATE),
        )

    def save(self) -> None:
        for kind, mode in self.cleaned_data.items():
            Preference.objects.update_or_create(user=self.user, kind=kind, defaults={"mode": mode})
