"""The pupils' voice forms: the teacher's round, and the children's faces."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.fields import OneLineFormField
from core.forms import NamedRequired
from inquiries.models import Initiative
from teams.models import SharedGoal, User

from .models import VoiceRound
from .voice import (
    DEFAULT_QUESTIONS,
    FACES,
    QUESTIONS,
    goals_to_link,
    grades_to_open,
    initiatives_to_link,
    normalize_code,
)

CHOOSE_A_FACE = _("Choose a face.")  # nl: Kies een gezichtje.


class VoiceRoundForm(NamedRequired, forms.Form):
    """Which group, which questions, and (if any) the goal and initiative it tells about."""

    group = OneLineFormField(label=_("Group"), max_length=40, help_text=_("For example groep 5b."))
    grade = forms.TypedChoiceField(
        label=_("Grade (groep 1 to 8)"), coerce=int, widget=forms.RadioSelect
    )
    questions = forms.MultipleChoiceField(
        label=_("Questions"),
        choices=list(QUESTIONS.items()),
        widget=forms.CheckboxSelectMultiple,
        initial=list(DEFAULT_QUESTIONS),
        help_text=_("A handful is enough: young children lose interest after five or six."),
        error_messages={"required": _("Choose at least one question.")},
    )
    goal = forms.ModelChoiceField(
        label=_("Shared goal"),
        queryset=SharedGoal.objects.none(),
        required=False,
        empty_label=_("No goal"),
    )
    initiative = forms.ModelChoiceField(
        label=_("Initiative"),
        queryset=Initiative.objects.none(),
        required=False,
        empty_label=_("No initiative"),
    )

    def __init__(self, *args, user: User, grades: list[int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        grades = grades_to_open(user) if grades is None else grades
        self.fields["grade"].choices = [(n, _("group %(n)s") % {"n": n}) for n in grades]
        if len(grades) == 1:
            self.fields["grade"].initial = grades[0]
        self.fields["goal"].queryset = goals_to_link(user)
        self.fields["initiative"].queryset = initiatives_to_link(user)


class VoiceCodeForm(forms.Form):
    """The code from the board, however it was typed (small letters, spaces)."""

    code = forms.CharField(
        label=_("Code"),  # nl: Code
        max_length=20,
        error_messages={"required": _("Type the code from the board.")},
    )

    def clean_code(self) -> str:
        code = normalize_code(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(_("Type the code from the board."))
        return code


class VoiceAnswerForm(forms.Form):
    """A face for every question of the round, in the round's order."""

    def __init__(self, *args, round: VoiceRound, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(face.value, face.label) for face in FACES]
        for key in round.questions:
            self.fields[key] = forms.TypedChoiceField(
                label=QUESTIONS.get(key, key),
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": CHOOSE_A_FACE, "invalid_choice": CHOOSE_A_FACE},
            )

    def answers(self) -> dict[str, int]:
        return dict(self.cleaned_data)
