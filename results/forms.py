from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import NamedRequired
from core.versioning import VersionedForm
from teams.models import SchoolYear, User

from .models import GoalIndicator, Scale, Subject, TestMoment

MAX_UPLOAD_BYTES = 2 * 1024 * 1024


class MomentFields(NamedRequired, forms.Form):
    """Which test moment a file holds."""

    subject = forms.ChoiceField(label=_("Subject"), choices=Subject.choices)
    school_year = forms.ModelChoiceField(
        label=_("School year"), queryset=SchoolYear.objects.none(), empty_label=None
    )
    moment = forms.ChoiceField(
        label=_("Moment"), choices=TestMoment.Moment.choices, widget=forms.RadioSelect
    )
    scale = forms.ChoiceField(label=_("Scale"), choices=Scale.choices, widget=forms.RadioSelect)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_year"].queryset = SchoolYear.objects.filter(
            school_id=user.school_id
        ).order_by("-starts_on")
        self.fields["moment"].initial = TestMoment.Moment.MIDDLE
        self.fields["scale"].initial = Scale.LEVELS_ROMAN


class UploadForm(MomentFields):
    """The export of the pupil-tracking system, and which columns hold what."""

    file = forms.FileField(
        label=_("Export file (CSV or Excel)"),
        help_text=_(
            "A row per pupil (names are counted away, never stored) or per group and level "
            "with a number of pupils; at most 2 MB."
        ),
        error_messages={"required": _("Choose the export file.")},
    )
    group_column = forms.CharField(label=_("Column with the group"), required=False)
    level_column = forms.CharField(label=_("Column with the level or score"), required=False)
    count_column = forms.CharField(
        label=_("Column with the number of pupils (only for a file per group)"), required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload


class ConfirmForm(MomentFields):
    preview = forms.CharField(widget=forms.HiddenInput)


class IndicatorForm(VersionedForm):
    """Which results show whether a goal is reached: a subject, a range of groups, and the
    share at level to start from and to aim for."""

    class Meta:
        model = GoalIndicator
        fields = ["subject", "first_grade", "last_grade", "baseline", "target"]
        widgets = {
            "first_grade": forms.NumberInput(attrs={"min": 1, "max": 8}),
            "last_grade": forms.NumberInput(attrs={"min": 1, "max": 8}),
            "baseline": forms.NumberInput(attrs={"min": 0, "max": 100}),
            "target": forms.NumberInput(attrs={"min": 0, "max": 100}),
        }
        help_texts = {
            "baseline": _("The share of pupils at level I–III (A–C, 1F and up) now."),
            "target": _("The share you aim for."),
        }

    def clean(self):
        data = super().clean()
        first, last = data.get("first_grade"), data.get("last_grade")
        for name in ("first_grade", "last_grade"):
            if data.get(name) is not None and not 1 <= data[name] <= 8:
                self.add_error(name, _("A group from 1 to 8."))
        for name in ("baseline", "target"):
            if data.get(name) is not None and data[name] > 100:
                self.add_error(name, _("A percentage from 0 to 100."))
        if first and last and first > last:
            self.add_error("last_grade", _("The last group comes after the first."))
        return data
