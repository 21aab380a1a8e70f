"""Submit once: a form posted twice (a double click, a retry after a timeout) adds one row.

The form carries a one-time key (`SubmissionKeyMixin`); the row stores it under a unique
constraint per scope (`submitted_once`), and `save_once` saves the row or, when that key was
saved before, reports it as a repeat. The database decides, so two concurrent posts of the
same form cannot both get in.
"""

from __future__ import annotations

import uuid

from django import forms
from django.db import IntegrityError, models, transaction
from django.db.models import Q


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


class SubmissionKeyMixin(forms.Form):
    """A one-time key per rendered form, so a double submit saves once."""

    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["submission_key"].initial = uuid.uuid4().hex
