from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import NamedRequired
from core.submissions import SubmissionKeyMixin
from teams.models import Team, User

from .models import PULSE_STATEMENTS, SCAN_PARTS, Round, ScanNote

SCALE = [(str(n), str(n)) for n in range(1, 6)]
PICK_A_NUMBER = {"required": _("Choose a number from 1 to 5.")}


class RoundForm(SubmissionKeyMixin, forms.ModelForm):
    class Meta:
        model = Round
        fields = ["kind", "title", "opens_on", "closes_on"]
        widgets = {
            "kind": forms.RadioSelect,
        }

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The round cannot close before it opens."))
        return cleaned


class AnswerForm(NamedRequired, forms.Form):
    """1 (not at all) to 5 (completely), per statement; the team the answer counts for."""

    team = forms.ModelChoiceField(
        label=_("My answers count for team"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=_("Only for the whole school"),
    )

    def __init__(self, *args, round: Round, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round
        self.fields["team"].queryset = Team.objects.filter(memberships__user=user).exclude(
            kind=Team.Kind.WHOLE_SCHOOL
        )
        if round.kind == Round.Kind.PULSE:
            for key, statement in PULSE_STATEMENTS:
                self.fields[key] = forms.TypedChoiceField(
                    label=statement,
                    choices=SCALE,
                    coerce=int,
                    widget=forms.RadioSelect,
                    error_messages=PICK_A_NUMBER,
                )
        else:
            for key, part in SCAN_PARTS:
                self.fields[f"{key}_now"] = forms.TypedChoiceField(
                    label=_("%(part)s: how it is now") % {"part": part},
                    choices=SCALE,
                    coerce=int,
                    widget=forms.RadioSelect,
                    error_messages=PICK_A_NUMBER,
                )
                self.fields[f"{key}_want"] = forms.TypedChoiceField(
                    label=_("%(part)s: how we want it") % {"part": part},
                    choices=SCALE,
                    coerce=int,
                    widget=forms.RadioSelect,
                    error_messages=PICK_A_NUMBER,
                )

    def scores(self) -> dict:
        data = self.cleaned_data
        if self.round.kind == Round.Kind.PULSE:
            return {key: data[key] for key, _label in PULSE_STATEMENTS}
        return {
            key: {"now": data[f"{key}_now"], "want": data[f"{key}_want"]} for key, _l in SCAN_PARTS
        }


class ScanNoteForm(NamedRequired, forms.ModelForm):
    class Meta:
        model = ScanNote
        fields = ["team", "part", "text"]
        widgets = {
            "part": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 3, "maxlength": 3000}),
        }
        error_messages = {"part": {"required": _("Choose the part you talked about.")}}

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(memberships__user=user)
        self.fields["team"].label = _("Our team")
        self.fields["team"].empty_label = None
        # A radio list, not a select with a placeholder: the parts, and nothing chosen yet.
        self.fields["part"].choices = SCAN_PARTS

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise ValidationError(_("Write down what you talked about."))
        return text
