"""The app renders forms through core.forms.FormRenderer, whose templates write out what
Django's own include: every widget must come out byte for byte as Django renders it."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer

from core.forms import FormRenderer

CHOICES = [("", "Alle"), ("1", "Een & twee"), ("2", 'Drie "vier"'), (3, "Vijf")]
GROUPED = [("Bouw", [("a", "Onder"), ("b", "Boven")]), ("c", "Los")]


class EveryWidget(forms.Form):
    text = forms.CharField(label="Zoek <iets>", help_text="Een woord", max_length=20)
    hidden = forms.CharField(widget=forms.HiddenInput)
    number = forms.IntegerField(min_value=0)
    decimal = forms.DecimalField(required=False, decimal_places=2)
    email = forms.EmailField(required=False)
    url = forms.URLField(required=False)
    password = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    search = forms.CharField(widget=forms.TextInput(attrs={"type": "search"}), required=False)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    moment = forms.DateTimeField(required=False)
    time = forms.TimeField(widget=forms.TimeInput(format="%H:%M"), required=False)
    agree = forms.BooleanField(required=False)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    choice = forms.ChoiceField(choices=CHOICES, required=False)
    grouped = forms.ChoiceField(choices=GROUPED, required=False)
    many = forms.MultipleChoiceField(choices=CHOICES[1:], required=False)
    radio = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect, required=False)
    grouped_radio = forms.ChoiceField(choices=GROUPED, widget=forms.RadioSelect)
    boxes = forms.MultipleChoiceField(
        choices=CHOICES[1:], widget=forms.CheckboxSelectMultiple, required=False
    )
    disabled = forms.ChoiceField(choices=CHOICES, disabled=True, required=False)


DATA = [
    None,
    {},
    {
        "text": "lezen & <rekenen>",
        "hidden": 'x"y',
        "number": "-3",
        "decimal": "1.5",
        "email": "a@b",
        "url": "ftp://x",
        "password": "geheim",
        "search": "zoek",
        "day": "2026-12-06",
        "moment": "2026-12-06 10:00",
        "time": "10:30",
        "agree": "on",
        "note": "Regel één\nRegel twee <b>",
        "choice": "2",
        "grouped": "b",
        "many": ["1", "3"],
        "radio": "3",
        "grouped_radio": "zz",
        "boxes": ["2"],
    },
]


@pytest.mark.parametrize("data", DATA)
def test_every_widget_and_field_comes_out_as_djangos_own(data):
    initial = {"day": datetime.date(2026, 1, 2), "choice": "1", "boxes": ["1", "3"]}
    theirs = EveryWidget(data, initial=initial, renderer=DjangoTemplates())
    ours = EveryWidget(data, initial=initial, renderer=FormRenderer())
    if data is not None:
        assert theirs.is_valid() == ours.is_valid()
    for name in EveryWidget.base_fields:
        assert str(ours[name].as_field_group()) == str(theirs[name].as_field_group()), name
        assert str(ours[name]) == str(theirs[name]), name
        assert ours[name].label_tag() == theirs[name].label_tag(), name
    assert str(ours) == str(theirs)


def test_the_app_renders_its_forms_through_it():
    assert isinstance(get_default_renderer(), FormRenderer)
