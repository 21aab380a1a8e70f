from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.forms import NamedModelForm, NamedRequired
from core.spreadsheet import decode_spreadsheet_text
from core.submissions import SubmissionKeyMixin
from core.versioning import VersionedForm

from .models import (
    WEEKDAYS,
    CoreValue,
    Holiday,
    Invitation,
    School,
    SchoolYear,
    SharedGoal,
    Team,
    TeamNorm,
    User,
    days_to_mask,
    mask_to_days,
)
from .services import address_in_use


class WorkingDaysField(forms.TypedMultipleChoiceField):
    """Weekday checkboxes in the form, a bitmask in the database."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Working days"))
        kwargs.setdefault("help_text", _("Reminders only arrive on these days."))
        kwargs.setdefault(
            "error_messages", {"required": _("Choose at least one day on which you work.")}
        )
        super().__init__(choices=WEEKDAYS, coerce=int, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            return mask_to_days(value)
        return value

    def clean(self, value):
        return days_to_mask(super().clean(value))


class TeamNormForm(SubmissionKeyMixin, VersionedForm):
    class Meta:
        model = TeamNorm
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2, "maxlength": 300})}
        labels = {"text": _("Agreement")}
        error_messages = {"text": {"required": _("Write down the agreement.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Focus lands in the field when the edit form is swapped in (htmx honours it).
            self.fields["text"].widget.attrs["autofocus"] = True
        else:
            self.fields["text"].label = _("New agreement")

    def clean_text(self) -> str:
        return " ".join(self.cleaned_data["text"].split())


class SharedGoalForm(SubmissionKeyMixin, VersionedForm):
    class Meta:
        model = SharedGoal
        fields = ["title", "description", "core_values", "status"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
            "core_values": forms.CheckboxSelectMultiple,
        }
        error_messages = {"title": {"required": _("Give the goal a short name.")}}

    def __init__(self, *args, school: School, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["core_values"].queryset = school.core_values.all()
        if self.instance.pk:
            self.fields["title"].widget.attrs["autofocus"] = True
        else:
            del self.fields["status"]


class ProfileForm(VersionedForm):
    working_days = WorkingDaysField()

    class Meta:
        model = User
        fields = ["name", "language", "working_days"]
        labels = {"language": _("Language of the app and emails")}


class _StaffFields(NamedRequired, forms.ModelForm):
    """What the school says about a colleague: name, address, days, teams and role."""

    working_days = WorkingDaysField(
        help_text="",
        error_messages={"required": _("Choose at least one working day.")},
    )
    teams = forms.ModelMultipleChoiceField(
        label=_("Teams"),
        queryset=Team.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Everyone belongs to the whole team."),
    )
    lead_of = forms.ModelMultipleChoiceField(
        label=_("Team lead of"),
        queryset=Team.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    FIELDS = ["name", "email", "job_title", "working_days", "language", "role", "is_school_admin"]
    LABELS = {"role": _("Role in the school")}

    def __init__(self, *args, school: School, editor: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.school = school
        if not editor.can_grant_roles:
            # Roles and the staff-admin flag are the school leader's to give.
            del self.fields["role"]
            del self.fields["is_school_admin"]
        self.fields["teams"].queryset = school.teams.exclude(kind=Team.Kind.WHOLE_SCHOOL)
        self.fields["lead_of"].queryset = school.teams.all()


class InvitationForm(SubmissionKeyMixin, _StaffFields):
    """Adding a colleague: an invitation, whatever the address (see Invitation)."""

    class Meta:
        model = Invitation
        fields = _StaffFields.FIELDS
        labels = _StaffFields.LABELS
        help_texts = {
            "email": _("We send an invitation to this address with a link to choose a password.")
        }

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if problem := address_in_use(email, school=self.school):
            raise ValidationError(problem)
        return email


class StaffForm(_StaffFields, VersionedForm):
    """Editing a colleague, by the school leader or a staff admin."""

    class Meta:
        model = User
        fields = _StaffFields.FIELDS
        labels = _StaffFields.LABELS
        help_texts = {
            "email": _(
                "A new login address takes effect once the colleague confirms it with the "
                "link we send to it."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        memberships = list(self.instance.memberships.all())
        self.fields["teams"].initial = [m.team_id for m in memberships]
        self.fields["lead_of"].initial = [m.team_id for m in memberships if m.is_lead]

    def _get_validation_exclusions(self):
        # The model's own uniqueness check would say "this address exists" about any school.
        # The address is checked here for this school, and request_email_change handles the
        # rest without telling this school.
        return {*super()._get_validation_exclusions(), "email"}

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        # Someone at another school may hold it: request_email_change handles that without
        # telling this school.
        clash = User.objects.filter(school=self.school, email__iexact=email)
        if clash.exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("A colleague at your school already uses this address."))
        return email


class AcceptInvitationForm(NamedRequired, forms.Form):
    """The invited colleague chooses a password."""

    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("The same password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, invitation: Invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation
        self.fields["password1"].help_text = _(
            "At least 8 characters; not only digits, not a common password and not like your "
            "name or address."
        )

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords are not the same."))
        elif first:
            # Checked against the person's name and address, as Django's own forms do.
            person = User(name=self.invitation.name, email=self.invitation.email)
            try:
                password_validation.validate_password(first, person)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class StaffImportForm(SubmissionKeyMixin, forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        required=False,
        help_text=_("Saved from Excel or Google Sheets as CSV; at most 1 MB."),
    )
    # After a clean preview, the checked content travels back in the form to be imported.
    content = forms.CharField(widget=forms.HiddenInput, required=False)

    MAX_BYTES = 1024 * 1024

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload:
            if upload.size > self.MAX_BYTES:
                raise ValidationError(_("The file is larger than 1 MB."))
            cleaned["content"] = decode_spreadsheet_text(upload.read())
        if not cleaned.get("content", "").strip():
            raise ValidationError(_("Choose a CSV file with at least one colleague."))
        return cleaned


class SchoolForm(VersionedForm):
    class Meta:
        model = School
        fields = ["name", "vision", "shares_with_board"]
        widgets = {"vision": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        # Whether the staff may share with the board is the school leader's to decide.
        if self.instance.board_id is None or not user.is_leader:
            del self.fields["shares_with_board"]


class BaseCoreValueFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        names = [
            form.cleaned_data["name"].strip().lower()
            for form in self.forms
            if form.cleaned_data.get("name") and not form.cleaned_data.get("DELETE")
        ]
        if len(names) != len(set(names)):
            raise ValidationError(_("Each core value can be named only once."))
        if not names:
            raise ValidationError(_("Keep at least one core value."))


CoreValueFormSet = inlineformset_factory(
    School,
    CoreValue,
    formset=BaseCoreValueFormSet,
    form=NamedModelForm,
    fields=["name", "description"],
    extra=1,
    can_delete=True,
    labels={"name": _("Core value"), "description": _("What it means here")},
)


class SchoolYearForm(SubmissionKeyMixin, forms.ModelForm):
    class Meta:
        model = SchoolYear
        fields = ["name", "starts_on", "ends_on"]

    def __init__(self, *args, school: School, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.school = school

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends <= starts:
            self.add_error("ends_on", _("The last day must come after the first day."))
        name = cleaned.get("name")
        if name and self.instance.school.school_years.filter(name=name).exists():
            self.add_error("name", _("This school year already exists."))
        return cleaned


class HolidayForm(SubmissionKeyMixin, forms.ModelForm):
    class Meta:
        model = Holiday
        fields = ["name", "starts_on", "ends_on"]

    def __init__(self, *args, school_year: SchoolYear, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.school_year = school_year

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        year = self.instance.school_year
        if starts and ends:
            if ends < starts:
                self.add_error("ends_on", _("The last day cannot come before the first day."))
            elif starts < year.starts_on or ends > year.ends_on:
                self.add_error(
                    None,
                    _("A holiday must fall within school year %(year)s (%(start)s – %(end)s).")
                    % {
                        "year": year.name,
                        "start": date_format(year.starts_on, "j F Y"),
                        "end": date_format(year.ends_on, "j F Y"),
                    },
                )
        return cleaned


class TeamForm(SubmissionKeyMixin, VersionedForm):
    class Meta:
        model = Team
        fields = ["name", "kind", "first_group", "last_group", "description"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "first_group": forms.NumberInput(attrs={"min": 1, "max": 8}),
            "last_group": forms.NumberInput(attrs={"min": 1, "max": 8}),
        }

    def __init__(self, *args, school: School, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.school = school
        self.school = school
        # The whole team exists once per school and is made with the school.
        kinds = [c for c in Team.Kind.choices if c[0] != Team.Kind.WHOLE_SCHOOL]
        if self.instance.kind == Team.Kind.WHOLE_SCHOOL:
            self.fields["kind"].disabled = True
        else:
            self.fields["kind"].choices = kinds

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_group"), cleaned.get("last_group")
        if (first is None) != (last is None):
            self.add_error("last_group", _("Fill in both groups, or neither."))
        elif first is not None and last is not None and not (1 <= first <= last <= 8):
            self.add_error("last_group", _("Groups run from 1 to 8, the first not after the last."))
        name = cleaned.get("name")
        if name:
            clash = self.school.teams.filter(name__iexact=name).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("name", _("The school already has a team with this name."))
        return cleaned
