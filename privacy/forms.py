from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import NamedRequired
from teams.models import User


class ConfirmErasureForm(NamedRequired, forms.Form):
    name = forms.CharField(label=_("Type the colleague's name to confirm"), max_length=150)

    def __init__(self, *args, person: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if name.casefold() != self.person.name.strip().casefold():
            raise forms.ValidationError(_("That is not the name of this colleague."))
        return name
