from __future__ import annotations

import datetime

from django import forms
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.fields import DayFormField
from core.forms import NamedRequired
from core.submissions import SubmissionKeyMixin
from teams.models import User

from .intervisie import description_of
from .models import AgendaItem, IntervisieNote, IntervisieSession, Meeting, Outcome
from .services import DateOption

OTHER_DAY = "other"


class MeetingForm(SubmissionKeyMixin, forms.ModelForm):
    """A meeting: its kind, a day (one the app suggests, or another), a time and a place."""

    day = forms.ChoiceField(label=_("Day"), widget=forms.RadioSelect)
    other_day = DayFormField(label=_("Another day"), required=False)
    time = forms.TimeField(
        label=_("Time"),
        initial=datetime.time(15, 15),
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages={"required": _("Fill in the time the meeting starts.")},
    )

    class Meta:
        model = Meeting
        fields = ["kind", "duration", "place"]
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args, options: list[DateOption], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (value, capfirst(label)) for value, label in Meeting.Kind.choices
        ]
        self.fields["day"].choices = [
            (option.day.isoformat(), _label(option)) for option in options
        ] + [(OTHER_DAY, _("Another day (fill it in below)"))]
        self.fields["day"].error_messages["required"] = _("Choose a day.")
        if options:
            self.fields["day"].initial = options[0].day.isoformat()

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("day")
        if choice == OTHER_DAY:
            day = cleaned.get("other_day")
            if day is None and "other_day" not in self.errors:
                self.add_error("other_day", _("Fill in the other day."))
        else:
            day = datetime.date.fromisoformat(choice) if choice else None
        if day and cleaned.get("time"):
            starts = timezone.make_aware(datetime.datetime.combine(day, cleaned["time"]))
            if starts < timezone.now():
                self.add_error("day", _("Choose a moment that is still to come."))
            self.instance.starts_at = starts
        return cleaned


def _label(option: DateOption) -> str:
    day = formats.date_format(option.day, "l j F")
    if not option.absent:
        return f"{day} — " + str(_("everyone works"))
    names = ", ".join(person.name for person in option.absent)
    return f"{day} — " + str(_("not working: %(names)s")) % {"names": names}


class PointForm(SubmissionKeyMixin, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "minutes"]
        labels = {"title": _("A point for the agenda"), "minutes": _("Minutes")}
        error_messages = {"title": {"required": _("Write down the point.")}}


class MinutesForm(NamedRequired, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["minutes"]


class NotesForm(NamedRequired, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3, "maxlength": 5000})}


class OutcomeForm(SubmissionKeyMixin, forms.ModelForm):
    """A decision, or an action (who does what by when), taken at an agenda item."""

    class Meta:
        model = Outcome
        fields = ["kind", "text", "owner", "due_on"]
        widgets = {
            "kind": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 2, "maxlength": 2000}),
        }
        error_messages = {"text": {"required": _("Write down what was decided or agreed.")}}

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (value, capfirst(label)) for value, label in Outcome.Kind.choices
        ]
        self.fields["kind"].initial = Outcome.Kind.DECISION
        self.fields["owner"].queryset = (
            User.objects.filter(memberships__team_id=meeting.team_id, is_active=True)
            .distinct()
            .order_by("name")
        )
        self.fields["owner"].empty_label = _("Nobody in particular")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == Outcome.Kind.ACTION and not cleaned.get("owner"):
            self.add_error("owner", _("Say who does it."))
        return cleaned


class AttendanceForm(NamedRequired, forms.Form):
    attendees = forms.ModelMultipleChoiceField(
        label=_("Who was there"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        members = (
            User.objects.filter(memberships__team_id=meeting.team_id, is_active=True)
            .distinct()
            .order_by("name")
        )
        self.fields["attendees"].queryset = members
        if not self.is_bound:
            self.fields["attendees"].initial = [m.pk for m in members]


class IntervisieForm(SubmissionKeyMixin, forms.ModelForm):
    """A session: the method, the group (colleagues of the school, you among them), the
    case bringer and the facilitator from that group."""

    class Meta:
        model = IntervisieSession
        fields = ["method", "participants", "case_bringer", "facilitator"]
        widgets = {"method": forms.RadioSelect, "participants": forms.CheckboxSelectMultiple}
        error_messages = {
            "participants": {"required": _("Choose the colleagues in the group.")},
            "case_bringer": {"required": _("Choose who brings the case.")},
            "facilitator": {"required": _("Choose who leads the session.")},
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        colleagues = User.objects.filter(school_id=user.school_id, is_active=True).order_by("name")
        for name in ("participants", "case_bringer", "facilitator"):
            self.fields[name].queryset = colleagues
        self.fields["method"].choices = [
            (value, f"{label} — {description_of(value)}")
            for value, label in IntervisieSession.Method.choices
        ]
        if not self.instance.method:
            self.initial["method"] = IntervisieSession.Method.INCIDENT
        self.user = user

    def clean(self):
        cleaned = super().clean()
        group = set(cleaned.get("participants") or [])
        for name in ("case_bringer", "facilitator"):
            person = cleaned.get(name)
            if person and group and person not in group:
                self.add_error(name, _("Choose someone from the group."))
        if group and self.user not in group:
            self.add_error("participants", _("You are part of the group yourself."))
        if group and len(group) < 3:
            self.add_error("participants", _("An intervisie needs at least three colleagues."))
        return cleaned


class IntervisieNoteForm(NamedRequired, forms.ModelForm):
    class Meta:
        model = IntervisieNote
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2, "maxlength": 3000})}
        labels = {"text": _("A note for the group")}
        error_messages = {"text": {"required": _("Write the note.")}}
