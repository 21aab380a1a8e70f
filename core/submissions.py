"""Submit once: a form posted twice (a double click, a retry after a timeout) adds one row.

The form carries a one-time key (`SubmissionKeyMixin`); the row stores it under a unique
constraint per scope (`submitted_once`), and `save_once` saves the row or, when that key was
saved before, reports it as a repeat. The database decides, so two concurrent posts of the
same form cannot both get in.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django import forms
from django.db import IntegrityError, models, transaction
from django.db.models import Q

from core.forms import NamedRequired


class SubmittedOnce(models.Model):
    """A row added from a form: it remembers the form's one-time key."""

    # The fields that scope the key (e.g. ("initiative",)); named by each subclass.
    submission_scope: tuple[str, ...] = ()

    submission_key = models.CharField(max_length=40, blank=True)

    class Meta:
        abstract = True


def submitted_once(*scope: str, name: str) -> models.UniqueConstraint:
    """The constraint that makes a key count once within `scope`; rows without a key (added
    by code, not a form) are not constrained."""
    return models.UniqueConstraint(
        fields=[*scope, "submission_key"], condition=~Q(submission_key=""), name=name
    )


def save_once(row: SubmittedOnce) -> bool:
    """Save `row`; False (and nothing saved) if its form was already submitted. Any other
    integrity error is raised, never taken for a repeat."""
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        scope = {field: getattr(row, field) for field in row.submission_scope}
        key = row.submission_key
        if key and type(row)._default_manager.filter(submission_key=key, **scope).exists():
            return False
        raise
    return True


class SubmissionKeyMixin(NamedRequired, forms.Form):
    """A one-time key per rendered form, so a double submit saves once."""

    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["submission_key"].initial = uuid.uuid4().hex


class SubmitOnceForm(SubmissionKeyMixin):
    """Just the key: for a button that creates something (e.g. "copy")."""


def earlier_submission(queryset: models.QuerySet, form: forms.BaseForm) -> models.Model | None:
    """The row this very form made before (a second click, a retry after a timeout), if
    any: asked before the form is validated, since a repeat may no longer be valid (its
    name is taken now, by itself)."""
    key = form.data.get(form.add_prefix("submission_key"), "")
    if not key:
        return None
    return queryset.filter(submission_key=key).first()


def create_once[M: models.Model](
    form: forms.BaseForm, queryset: models.QuerySet[M], create: Callable[[str], M]
) -> tuple[M, bool]:
    """Run `create(submission_key)` unless this form already made its row: (row, created).

    `create` stores the key on the row it makes (a SubmittedOnce); when two posts of the
    same form race, the database lets one in and the other gets that one's row.
    """
    key = form.cleaned_data.get("submission_key", "")
    if key and (row := queryset.filter(submission_key=key).first()):
        return row, False
    try:
        with transaction.atomic():
            return create(key), True
    except IntegrityError:
        if key and (row := queryset.filter(submission_key=key).first()):
            return row, False
        raise


def save_with_key(form: forms.ModelForm) -> Callable[[str], models.Model]:
    """For create_once: save the ModelForm's row with the form's key."""

    def save(key: str) -> models.Model:
        form.instance.submission_key = key
        return form.save()

    return save
