from __future__ import annotations

from functools import cache

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.http import QueryDict
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.forms import NamedModelForm, NamedRequired, RowsChoiceField
from core.prepared import PreparedQuery
from core.submissions import SubmissionKeyMixin
from core.versioning import VersionedForm
from teams.models import School, SchoolYear, SharedGoal, Team, User

from .models import (
    BoardQuestion,
    Comment,
    CycleTemplate,
    Entry,
    Initiative,
    InitiativeMember,
    LearningCard,
    Phase,
    PhaseFeedback,
    PhaseMove,
    SupportRequest,
)

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# Extension → how the file must begin. Office files are zip archives.
ALLOWED_UPLOADS = {
    "pdf": (b"%PDF",),
    "png": (b"\x89PNG",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "pptx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "ods": (b"PK\x03\x04",),
    "txt": None,
    "csv": None,
}


def capitalised(choices) -> list[tuple[str, str]]:
    """Radio buttons read as sentences: 'Observatie', not 'observatie'."""
    return [(value, capfirst(label)) for value, label in choices]


class TemplateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: CycleTemplate) -> str:
        # What the cycle is, where you pick it: its name, then its description in a line.
        description = obj.display_description.strip()
        if not description:
            return obj.display_name
        return format_html(
            '{}<span class="choice-description">{}</span>', obj.display_name, description
        )


class InitiativeForm(SubmissionKeyMixin, forms.ModelForm):
    template = TemplateChoiceField(
        label=_("Which cycle do you follow?"),
        queryset=CycleTemplate.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )

    class Meta:
        model = Initiative
        fields = [
            "title",
            "question",
            "why",
            "children",
            "how_we_see_it",
            "teams",
            "goals",
            "core_values",
            "template",
        ]
        widgets = {
            "question": forms.Textarea(attrs={"rows": 2, "maxlength": 1000}),
            "why": forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
            "how_we_see_it": forms.Textarea(attrs={"rows": 2, "maxlength": 2000}),
            "teams": forms.CheckboxSelectMultiple,
            "goals": forms.CheckboxSelectMultiple,
            "core_values": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "teams": _("The team(s) this initiative belongs to."),
            "how_we_see_it": _("What will we see or measure in the children?"),
        }
        error_messages = {
            "title": {"required": _("Give the initiative a short title.")},
            "question": {"required": _("Write down the question about your own practice.")},
            "why": {"required": _("Say why it matters for the children.")},
            "children": {"required": _("Say which children it is for (no names).")},
            "teams": {"required": _("Choose at least one team.")},
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        school = user.school
        self.fields["teams"].queryset = Team.objects.visible_to(user)
        self.fields["goals"].queryset = SharedGoal.objects.visible_to(user).current()
        self.fields["core_values"].queryset = school.core_values.all()
        self.fields["template"].queryset = CycleTemplate.objects.available_to(user)
        if not self.is_bound and not self.instance.pk:
            self.fields["teams"].initial = list(
                user.memberships.exclude(team__kind=Team.Kind.WHOLE_SCHOOL).values_list(
                    "team_id", flat=True
                )
            )
            self.fields["template"].initial = (
                CycleTemplate.objects.filter(builtin_key="spiral")
                .values_list("pk", flat=True)
                .first()
            )


class InitiativeEditForm(VersionedForm):
    """The initiative's own text, corrected by its members. The teams and the cycle stay:
    they carry its members and its phases."""

    class Meta:
        model = Initiative
        text_fields = ["title", "question", "why", "children", "how_we_see_it"]
        fields = [*text_fields, "goals", "core_values"]
        widgets = InitiativeForm.Meta.widgets
        help_texts = InitiativeForm.Meta.help_texts
        error_messages = InitiativeForm.Meta.error_messages

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goals"].queryset = SharedGoal.objects.visible_to(user).current()
        self.fields["core_values"].queryset = user.school.core_values.all()


class EntryForm(SubmissionKeyMixin, forms.ModelForm):
    class Meta:
        model = Entry
        fields = [
            "kind",
            "text",
            "url",
            "file",
            "measure",
            "unit",
            "baseline",
            "target",
            "result",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 3, "maxlength": 5000}),
            "unit": forms.RadioSelect,
        }
        labels = {"text": _("What happened, what you saw or decided")}
        help_texts = {
            "measure": _("For example: pupils who say they like reading."),
            "file": _(
                "PDF, Word, Excel, PowerPoint, an image or text; at most 10 MB. No pupils' names."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = capitalised(Entry.Kind.choices)
        self.fields["unit"].choices = capitalised(Entry.Unit.choices)
        self.fields["kind"].initial = Entry.Kind.OBSERVATION

    def clean(self):
        cleaned = super().clean()
        check_entry(self, cleaned, cleaned.get("kind"))
        return cleaned

    def kind_classes(self) -> dict[str, str]:
        """Per field, the kinds that show it: the page hides the others (CSS :has())."""
        classes: dict[str, list[str]] = {}
        for kind in Entry.Kind.values:
            for name in Entry.fields_of(kind):
                classes.setdefault(name, ["for-kind"]).append(f"for-kind--{kind}")
        return {name: " ".join(value) for name, value in classes.items()}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return upload
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("The file is larger than 10 MB."))
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if extension not in ALLOWED_UPLOADS:
            raise ValidationError(
                _("Files of this type cannot be added. Allowed: %(types)s.")
                % {"types": ", ".join(sorted(ALLOWED_UPLOADS))}
            )
        signatures = ALLOWED_UPLOADS[extension]
        head = upload.read(8)
        upload.seek(0)
        if signatures and not head.startswith(signatures):
            raise ValidationError(_("The file's content does not match its name."))
        if signatures is None and b"\x00" in upload.read(4096):
            raise ValidationError(_("The file's content does not match its name."))
        upload.seek(0)
        return upload


def check_entry(form: forms.ModelForm, cleaned: dict, kind: str | None) -> None:
    """The rules for an entry of `kind`, for adding and for correcting it; fields that do not
    belong to the kind are emptied, so a measurement's numbers never stick to a note."""
    own = Entry.fields_of(kind) if kind else ()
    if kind == Entry.Kind.LINK:
        if not cleaned.get("url"):
            form.add_error("url", _("Add the link."))
    elif kind == Entry.Kind.FILE:
        if "file" in form.fields and not cleaned.get("file"):
            form.add_error("file", _("Choose a file."))
    elif kind == Entry.Kind.MEASUREMENT:
        if not cleaned.get("measure"):
            form.add_error("measure", _("Say what you measure."))
        if not cleaned.get("unit"):
            form.add_error("unit", _("Choose a number or a percentage."))
        numbers = [cleaned.get(name) for name in ("baseline", "target", "result")]
        if all(n is None for n in numbers):
            form.add_error("baseline", _("Fill in at least a baseline or a result."))
        if cleaned.get("unit") == Entry.Unit.PERCENT:
            for name in ("baseline", "target", "result"):
                value = cleaned.get(name)
                if value is not None and not 0 <= value <= 100:
                    form.add_error(name, _("A percentage lies between 0 and 100."))
    elif kind and not cleaned.get("text", "").strip():
        form.add_error("text", _("Write something down."))
    for name in ("url", "measure", "unit", "baseline", "target", "result", "file"):
        if name in form.fields and name not in own:
            cleaned[name] = None if name in ("baseline", "target", "result", "file") else ""


class EntryEditForm(VersionedForm):
    """Its author corrects an entry: the fields of its kind. The kind stays, and so does a
    file (removing the entry removes the file)."""

    class Meta:
        model = Entry
        fields = ["text", "url", "measure", "unit", "baseline", "target", "result"]
        widgets = EntryForm.Meta.widgets
        labels = EntryForm.Meta.labels
        help_texts = EntryForm.Meta.help_texts

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        own = Entry.fields_of(self.instance.kind)
        for name in list(self.fields):
            if name not in (*own, "text", "seen_version"):
                del self.fields[name]
        if "unit" in self.fields:
            self.fields["unit"].choices = capitalised(Entry.Unit.choices)

    def clean(self):
        cleaned = super().clean()
        check_entry(self, cleaned, self.instance.kind)
        return cleaned


class MoveForm(NamedRequired, forms.Form):
    # Choices from the initiative's own (prefetched) phases: no query to show or check them.
    to_phase = forms.TypedChoiceField(label=_("Move to"), widget=forms.RadioSelect, coerce=int)
    learned = forms.CharField(
        label=_("What we learned in this phase"),
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 2000}),
        max_length=2000,
        error_messages={"required": _("Write down in a sentence what you learned.")},
    )
    seen_phase = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, initiative: Initiative, **kwargs):
        super().__init__(*args, **kwargs)
        moves = initiative.phase_moves()
        self.moves = {phase.pk: phase for phase in moves}
        self.fields["to_phase"].choices = [(phase.pk, phase.display_name) for phase in moves]
        if moves:
            self.fields["to_phase"].initial = moves[0].pk
        self.fields["seen_phase"].initial = initiative.current_phase_id

    def clean_to_phase(self) -> Phase:
        return self.moves[self.cleaned_data["to_phase"]]


class LearningCardForm(NamedRequired, forms.ModelForm):
    class Meta:
        model = LearningCard
        fields = ["tried", "saw_in_children", "learned", "advice"]
        widgets = {name: forms.Textarea(attrs={"rows": 3, "maxlength": 3000}) for name in fields}
        error_messages = {"learned": {"required": _("Write down what you learned.")}}


class BoardConsentForm(NamedRequired, forms.ModelForm):
    """What one member allows for a card shared with the board: each decides for
    themselves, and nothing is allowed until ticked."""

    class Meta:
        model = InitiativeMember
        fields = ["named_on_board", "contact_from_board"]


class BoardQuestionForm(SubmissionKeyMixin, forms.ModelForm):
    class Meta:
        model = BoardQuestion
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4, "maxlength": 2000})}
        error_messages = {"text": {"required": _("Write down your question.")}}


class CommentForm(SubmissionKeyMixin, forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2, "maxlength": 2000})}
        labels = {"text": _("Your comment")}
        error_messages = {"text": {"required": _("Write your comment.")}}


class CommentEditForm(VersionedForm):
    """Its author corrects a comment."""

    class Meta(CommentForm.Meta):
        pass


class InviteForm(NamedRequired, forms.Form):
    invitee = forms.ModelChoiceField(
        label=_("Invite a colleague"),
        queryset=User.objects.none(),
        empty_label=_("Choose a colleague"),
        error_messages={"invalid_choice": _("Choose a colleague of your own school.")},
    )

    def __init__(self, *args, initiative: Initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invitee"].queryset = (
            User.objects.filter(school_id=initiative.school_id, is_active=True)
            .exclude(initiative_memberships__initiative=initiative)
            .order_by("name")
        )

    def clean_invitee(self):
        invitee = self.cleaned_data["invitee"]
        if not invitee.is_active:
            raise ValidationError(_("This colleague is no longer active."))
        return invitee


class FeedbackForm(SubmissionKeyMixin, forms.ModelForm):
    class Meta:
        model = PhaseFeedback
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3, "maxlength": 3000})}
        labels = {"text": _("Your feedback on this phase")}
        help_texts = {"text": _("Advice for the team: it blocks nothing.")}
        error_messages = {"text": {"required": _("Write your feedback.")}}


class SupportRequestForm(SubmissionKeyMixin, forms.ModelForm):
    class Meta:
        model = SupportRequest
        fields = ["kind", "what", "needed_by"]
        widgets = {
            "kind": forms.RadioSelect,
            "what": forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
        }
        error_messages = {
            "kind": {"required": _("Choose what kind of support you need.")},
            "what": {"required": _("Say what you need.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = capitalised(SupportRequest.Kind.choices)

    def clean_needed_by(self):
        day = self.cleaned_data.get("needed_by")
        if day and day < timezone.localdate():
            raise ValidationError(_("Choose a day that is still to come."))
        return day


class AnswerForm(NamedRequired, forms.Form):
    status = forms.ChoiceField(
        label=_("Answer"),
        choices=[
            (SupportRequest.Status.PLANNED, _("Planned")),
            (SupportRequest.Status.GIVEN, _("Given")),
            (SupportRequest.Status.NOT_POSSIBLE, _("Not possible")),
        ],
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=_("Explanation"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 2000}),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status") == SupportRequest.Status.NOT_POSSIBLE
            and not cleaned.get("answer", "").strip()
        ):
            self.add_error("answer", _("Say why it is not possible."))
        return cleaned


class DueDateForm(NamedRequired, forms.ModelForm):
    class Meta:
        model = Initiative
        fields = ["phase_due_on"]
        labels = {"phase_due_on": _("This phase is due on")}

    def clean_phase_due_on(self):
        day = self.cleaned_data.get("phase_due_on")
        if day and day < timezone.localdate():
            raise ValidationError(_("Choose a day that is still to come."))
        return day


# The library's filters' choices, compiled once per process (core.prepared): the library
# is among the pages most asked for, and building these three queries per page cost more
# than rendering the form.
LIBRARY_GOALS = PreparedQuery(lambda user: SharedGoal.objects.visible_to(user), for_user=True)
LIBRARY_TEAMS = PreparedQuery(lambda user: Team.objects.visible_to(user), for_user=True)
LIBRARY_YEARS = PreparedQuery(
    lambda user: SchoolYear.objects.filter(school_id=user.school_id), for_user=True
)


class LibraryFilterForm(NamedRequired, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    goal = RowsChoiceField(
        label=_("Shared goal"),
        queryset=SharedGoal.objects.none(),
        required=False,
        empty_label=_("All"),
    )
    team = RowsChoiceField(
        label=_("Team"), queryset=Team.objects.none(), required=False, empty_label=_("All")
    )
    template = TemplateChoiceField(
        label=_("Cycle"),
        queryset=CycleTemplate.objects.none(),
        required=False,
        empty_label=_("All"),
    )
    school_year = RowsChoiceField(
        label=_("School year"),
        queryset=SchoolYear.objects.none(),
        required=False,
        empty_label=_("All"),
    )

    # The filters' names in the address, in Dutch: a search is a link people share. The
    # fields keep their names in the code; their English names of before are the old ones.
    PARAMETERS = {
        "q": "zoek",
        "goal": "doel",
        "team": "team",
        "template": "cyclus",
        "school_year": "schooljaar",
    }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].rows_from(lambda: LIBRARY_GOALS.fetch(user))
        self.fields["team"].rows_from(lambda: LIBRARY_TEAMS.fetch(user))
        self.fields["template"].queryset = CycleTemplate.objects.available_to(user)
        self.fields["school_year"].rows_from(lambda: LIBRARY_YEARS.fetch(user))

    def add_prefix(self, field_name: str) -> str:
        return self.PARAMETERS.get(field_name, field_name)

    @classmethod
    def in_dutch(cls, params: QueryDict) -> QueryDict | None:
        """An old link's query with the English names of before in Dutch; None if it has
        none. A Dutch name already there wins over its English one."""
        old = [name for name in params if cls.PARAMETERS.get(name, name) != name]
        if not old:
            return None
        renamed = params.copy()
        for name in old:
            values = renamed.pop(name)
            renamed.setlistdefault(cls.PARAMETERS[name], values)
        return renamed


class BoardLibraryFilterForm(NamedRequired, forms.Form):
    """The board library's filters: across schools a goal, a cycle or a school year is the
    same by its name, so those filter by name."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    school = forms.ModelChoiceField(
        label=_("School"), queryset=School.objects.none(), required=False, empty_label=_("All")
    )
    goal = forms.ChoiceField(label=_("Shared goal"), required=False)
    template = TemplateChoiceField(
        label=_("Cycle"),
        queryset=CycleTemplate.objects.none(),
        required=False,
        empty_label=_("All"),
    )
    school_year = forms.ChoiceField(label=_("School year"), required=False)

    PARAMETERS = {
        "q": "zoek",
        "school": "school",
        "goal": "doel",
        "template": "cyclus",
        "school_year": "schooljaar",
    }

    def __init__(self, *args, user: User, cards, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = School.objects.filter(board_id=user.board_scope_id)
        # The cycles a card can follow, by what its school copied from: built-in or board's.
        self.fields["template"].queryset = CycleTemplate.objects.visible_to(user).filter(
            school__isnull=True
        )
        # Callables: asked only when the filters are shown (not for the htmx fragment of
        # the results) or a value is chosen.
        # Callables: asked only when the filters are shown (not for the htmx fragment of
        # the results) or a value is chosen, and then once.
        self.fields["goal"].choices = self._names(
            SharedGoal.objects.filter(initiatives__learning_card__in=cards).order_by("title"),
            "title",
        )
        self.fields["school_year"].choices = self._names(
            SchoolYear.objects.filter(initiatives__learning_card__in=cards).order_by("-name"),
            "name",
        )

    @staticmethod
    def _names(queryset, field: str):
        @cache
        def names() -> list[tuple[str, str]]:
            found = queryset.values_list(field, flat=True).distinct()
            return [("", _("All")), *((name, name) for name in found)]

        return names

    def add_prefix(self, field_name: str) -> str:
        return self.PARAMETERS.get(field_name, field_name)

    def filter(self, cards):
        data = self.cleaned_data
        if data["school"]:
            cards = cards.filter(initiative__school=data["school"])
        if data["goal"]:
            cards = cards.filter(initiative__goals__title=data["goal"]).distinct()
        if data["template"]:
            cards = cards.filter(
                Q(initiative__template=data["template"])
                | Q(initiative__template__based_on=data["template"])
            )
        if data["school_year"]:
            cards = cards.filter(initiative__school_year__name=data["school_year"])
        return cards


class CycleTemplateForm(VersionedForm):
    class Meta:
        model = CycleTemplate
        fields = ["name", "description", "allows_step_back", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class BasePhaseFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        remaining = [
            form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if not remaining:
            raise ValidationError(_("A cycle needs at least one phase."))
        for form in self.deleted_forms:
            phase = form.instance
            if phase.pk and phase_in_use(phase):
                raise ValidationError(
                    _("“%(phase)s” is in use by an initiative and cannot be removed.")
                    % {"phase": phase.name}
                )


def phase_in_use(phase: Phase) -> bool:
    return (
        Initiative.objects.filter(current_phase=phase).exists()
        or Entry.objects.filter(phase=phase).exists()
        or PhaseFeedback.objects.filter(phase=phase).exists()
        or PhaseMove.objects.filter(Q(from_phase=phase) | Q(to_phase=phase)).exists()
    )


PhaseFormSet = inlineformset_factory(
    CycleTemplate,
    Phase,
    formset=BasePhaseFormSet,
    form=NamedModelForm,
    fields=["position", "name", "guiding_questions", "produces"],
    extra=1,
    can_delete=True,
    widgets={
        "guiding_questions": forms.Textarea(attrs={"rows": 2}),
        "produces": forms.Textarea(attrs={"rows": 2}),
        "position": forms.NumberInput(attrs={"min": 1, "max": 50}),
    },
    labels={"position": _("Order")},
)
