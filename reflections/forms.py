from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.fields import OneLineFormField
from core.forms import NamedRequired, RowsChoiceField
from core.prepared import PreparedQuery
from core.submissions import SubmissionKeyMixin
from core.versioning import VersionedForm
from inquiries.models import Initiative
from teams.models import Holiday, Team, User

from .models import FeedbackRequest, LessonVisit, Reflection, days_both_work


class ReflectionForm(SubmissionKeyMixin, VersionedForm):
    class Meta:
        model = Reflection
        fields = [
            "title",
            "hard_or_exciting",
            "tried_new",
            "proud_of",
            "learn_next",
            "body",
            "initiative",
            "visibility",
            "team",
        ]
        widgets = {
            "hard_or_exciting": forms.Textarea(attrs={"rows": 3, "maxlength": 3000}),
            "tried_new": forms.Textarea(attrs={"rows": 3, "maxlength": 3000}),
            "proud_of": forms.Textarea(attrs={"rows": 3, "maxlength": 3000}),
            "learn_next": forms.Textarea(attrs={"rows": 3, "maxlength": 3000}),
            "body": forms.Textarea(attrs={"rows": 6, "maxlength": 10000}),
            "visibility": forms.RadioSelect,
        }
        labels = {"team": _("Which team (when you share with your team)")}
        error_messages = {"title": {"required": _("Give your reflection a short title.")}}

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["visibility"].choices = [
            (value, capfirst(label)) for value, label in Reflection.Visibility.choices
        ]
        self.fields["team"].queryset = Team.objects.filter(memberships__user=user)
        self.fields["team"].empty_label = _("Choose a team")
        # The initiatives one is in, and the one it is already about (one may have left it).
        self.fields["initiative"].queryset = (
            Initiative.objects.visible_to(user)
            .filter(Q(memberships__user=user) | Q(pk=self.instance.initiative_id or 0))
            .distinct()
        )
        self.fields["initiative"].empty_label = _("Not about an initiative")
        self.fields["initiative"].required = False

    def clean(self):
        cleaned = super().clean()
        prompts = ["hard_or_exciting", "tried_new", "proud_of", "learn_next", "body"]
        if not any((cleaned.get(name) or "").strip() for name in prompts):
            raise ValidationError(_("Write something for at least one of the questions."))
        if cleaned.get("visibility") == Reflection.Visibility.TEAM and not cleaned.get("team"):
            self.add_error("team", _("Choose the team you share it with."))
        if cleaned.get("visibility") != Reflection.Visibility.TEAM:
            cleaned["team"] = None
        return cleaned


# The teams one may share a reflection with: the author's. Compiled once per process
# (core.prepared): the form is on every reflection its author opens.
AUTHORS_TEAMS = PreparedQuery(
    lambda author: Team.objects.filter(memberships__user=author), "author"
)


class VisibilityForm(NamedRequired, forms.ModelForm):
    class Meta:
        model = Reflection
        fields = ["visibility", "team"]
        field_classes = {"team": RowsChoiceField}
        widgets = {"visibility": forms.RadioSelect}
        labels = {"team": _("Which team")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visibility"].choices = [
            (value, capfirst(label)) for value, label in Reflection.Visibility.choices
        ]
        author = self.instance.author_id
        self.fields["team"].rows_from(lambda: AUTHORS_TEAMS.fetch(author=author))
        self.fields["team"].empty_label = _("Choose a team")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("visibility") == Reflection.Visibility.TEAM and not cleaned.get("team"):
            self.add_error("team", _("Choose the team you share it with."))
        return cleaned


class AskFeedbackForm(NamedRequired, forms.Form):
    colleagues = forms.ModelMultipleChoiceField(
        label=_("Ask colleagues for feedback"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one colleague.")},
    )

    def __init__(self, *args, reflection: Reflection, **kwargs):
        super().__init__(*args, **kwargs)
        already = reflection.feedback_requests.values("asked_id")
        # Only colleagues who can read it: asking someone else would leak it.
        self.fields["colleagues"].queryset = (
            reflection.readers().exclude(pk__in=already).order_by("name").distinct()
        )


class FeedbackAnswerForm(NamedRequired, forms.ModelForm):
    class Meta:
        model = FeedbackRequest
        fields = ["noticed", "wonder", "suggestion"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3, "maxlength": 3000})
            for name in ["noticed", "wonder", "suggestion"]
        }

    def clean(self):
        cleaned = super().clean()
        if not any((cleaned.get(n) or "").strip() for n in ["noticed", "wonder", "suggestion"]):
            raise ValidationError(_("Write at least one of the three."))
        return cleaned


class VisitForm(SubmissionKeyMixin, forms.ModelForm):
    suggested_day = forms.ChoiceField(
        label=_("Days on which you both work"),
        required=False,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = LessonVisit
        fields = ["observer", "focus_question", "lesson", "planned_on", "starts_at"]
        # One question: a line break in it is folded, as in every one-line field.
        field_classes = {"focus_question": OneLineFormField}
        widgets = {
            "focus_question": forms.Textarea(attrs={"rows": 2, "maxlength": 1000}),
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
        labels = {
            "observer": _("Which colleague observes?"),
            "planned_on": _("Or another date"),
        }
        error_messages = {
            "focus_question": {"required": _("Write what your colleague should watch for.")},
        }

    def __init__(self, *args, host: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.host = host
        self.fields["planned_on"].required = False
        self.fields["observer"].queryset = (
            User.objects.filter(school_id=host.school_id, is_active=True)
            .exclude(pk=host.pk)
            .order_by("name")
        )
        self.fields["observer"].empty_label = _("Choose a colleague")
        observer_id = str(
            self.data.get("observer") if self.is_bound else self.initial.get("observer") or ""
        )
        observer = (
            self.fields["observer"].queryset.filter(pk=observer_id).first()
            if observer_id.isdigit()
            else None
        )
        self.observer = observer
        self.fields["suggested_day"].choices = [
            (day.isoformat(), capfirst(date_format(day, "l j F")))
            for day in (days_both_work(host, observer) if observer else [])
        ]

    def clean(self):
        cleaned = super().clean()
        day = cleaned.get("planned_on")
        if day is None and cleaned.get("suggested_day"):
            day = datetime.date.fromisoformat(cleaned["suggested_day"])
        if day is None:
            self.add_error("planned_on", _("Choose one of the days, or another date."))
            return cleaned
        cleaned["planned_on"] = day
        self.instance.planned_on = day
        observer = cleaned.get("observer")
        if day < timezone.localdate():
            self.add_error("planned_on", _("Choose a day that is still to come."))
        holiday = Holiday.objects.filter(
            school_year__school_id=self.host.school_id, starts_on__lte=day, ends_on__gte=day
        ).first()
        if holiday:
            self.add_error(
                "planned_on",
                _("%(day)s falls in the %(holiday)s.")
                % {"day": capfirst(date_format(day, "l j F")), "holiday": holiday.name},
            )
        weekday = date_format(day, "l j F")
        if not self.host.works_on(day):
            # The host is the person filling in the form: spoken to, not named.
            self.add_error("planned_on", _("You do not work on %(day)s.") % {"day": weekday})
        if observer is not None and not observer.works_on(day):
            self.add_error(
                "planned_on",
                _("%(name)s does not work on %(day)s.") % {"name": observer.name, "day": weekday},
            )
        return cleaned


class VisitNotesForm(NamedRequired, forms.Form):
    observer_notes = forms.CharField(
        label=capfirst(LessonVisit._meta.get_field("observer_notes").verbose_name),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": 5000}),
        error_messages={"required": _("Write down what you saw.")},
    )


class VisitReflectionForm(NamedRequired, forms.Form):
    text = forms.CharField(
        label=_("My reflection on our conversation"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 3000}),
        error_messages={"required": _("Write a few sentences.")},
    )


class CancelVisitForm(NamedRequired, forms.Form):
    note = forms.CharField(
        label=_("A short note for your colleague"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 1000}),
        error_messages={"required": _("Add a short note for your colleague.")},
    )
