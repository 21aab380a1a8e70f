"""Optimistic locking: two people editing the same thing are told, not overwritten.

A versioned row counts its saves. A form remembers the version it was opened at
(`VersionedForm`); saving takes the next version only if nobody saved in between
(`claim_version`, or `Versioned.save_if_unchanged` for a few fields). Otherwise the view
shows the form again with what the person typed, the saved version beside it
(`saved_version`), and `CONFLICT_MESSAGE`; saving once more then overwrites knowingly.
"""

from collections.abc import Iterable

from django import forms
from django.db import models
from django.db.models import F
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import NamedRequired

CONFLICT_MESSAGE = _(
    "Someone else changed this while you were editing. Their version is shown; "
    "what you typed is still in the form."
)
OWN_CONFLICT_MESSAGE = _(
    "You saved this in another window while you were editing here. That version is shown; "
    "what you typed here is still in the form."
)


class Versioned(models.Model):
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def save_if_unchanged(self, *, seen_version: int | None, fields: Iterable[str]) -> bool:
        """Save `fields` only if nobody saved since the user loaded `seen_version`.

        Returns False (and writes nothing) when someone else saved in between; the caller
        then shows the newer version next to what the user typed. Without a seen version
        (a client that did not send one) the last save wins, as before versions existed.
        """
        values = {name: getattr(self, name) for name in fields}
        if any(f.name == "updated_at" for f in self._meta.fields):
            # .update() skips auto_now, so the time of the change is set here.
            values["updated_at"] = self.updated_at = timezone.now()
        rows = type(self)._default_manager.filter(pk=self.pk)
        if seen_version is not None:
            rows = rows.filter(version=seen_version)
        if not rows.update(version=F("version") + 1, **values):
            return False
        self.version = type(self)._default_manager.values_list("version", flat=True).get(pk=self.pk)
        return True


class VersionedForm(NamedRequired, forms.ModelForm):
    """A ModelForm that remembers which version of the row the user started from."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Without it a save could silently overwrite a newer version.
            self.fields["seen_version"].required = True
            self.fields["seen_version"].initial = self.instance.version


def claim_version(form: VersionedForm) -> bool:
    """Take the next version of the form's row before saving it, inside the transaction
    that saves: False, with nothing written, if someone saved since the form was opened.

    The database decides (one conditional UPDATE), so of two saves at the same moment
    exactly one wins and the other is told.
    """
    instance = form.instance
    seen = form.cleaned_data.get("seen_version")
    # _meta.model, not type(): request.user arrives wrapped in a lazy object.
    model = instance._meta.model
    rows = model._default_manager.filter(pk=instance.pk)
    if seen is not None:
        rows = rows.filter(version=seen)
    if not rows.update(version=F("version") + 1):
        return False
    # form.save() writes every field, the version too: it must be the one just taken.
    instance.version = model._default_manager.values_list("version", flat=True).get(pk=instance.pk)
    return True


def conflict_data(form: forms.BaseForm, fresh: Versioned) -> QueryDict:
    """What the person posted, marked as seen at the fresh version: saving it again
    overwrites knowingly."""
    data = form.data.copy()
    data[form.add_prefix("seen_version")] = fresh.version
    return data


def saved_version(form: forms.BaseForm, fresh: models.Model) -> list[tuple[str, str]]:
    """The other save, field by field where it differs from what this person typed: shown
    beside the form so neither text is lost."""
    rows = []
    for name, field in form.fields.items():
        if name == "seen_version" or not hasattr(fresh, name):
            continue
        saved = getattr(fresh, name)
        if isinstance(saved, models.Manager):
            continue
        if saved != form.cleaned_data.get(name, saved):
            if display := getattr(fresh, f"get_{name}_display", None):
                saved = display()
            elif hasattr(fresh, f"{name}_display"):  # e.g. working days as "ma, di, do"
                saved = getattr(fresh, f"{name}_display")
            rows.append((str(field.label), str(saved or "—")))
    return rows


def reopen_after_conflict(form, make_form, *, message=CONFLICT_MESSAGE):
    """After `claim_version` said no: the form to show again, holding what was typed and
    marked as seen at the fresh version, with `message`; and the saved version's fields.

    `make_form(data, instance)` builds the same kind of form as `form`.
    """
    model = form.instance._meta.model
    fresh = model._default_manager.get(pk=form.instance.pk)
    conflict = saved_version(form, fresh)
    # Its own copy of the row: validating writes the typed text into the instance.
    again = make_form(conflict_data(form, fresh), model._default_manager.get(pk=fresh.pk))
    again.is_valid()
    again.add_error(None, message)
    return again, conflict
