"""Optimistic locking: two people editing the same thing are told, not overwritten."""

from collections.abc import Iterable

from django.db import models
from django.db.models import F
from django.utils import timezone


class Versioned(models.Model):
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def save_if_unchanged(self, *, seen_version: int, fields: Iterable[str]) -> bool:
        """Save `fields` only if nobody saved since the user loaded `seen_version`.

        Returns False (and writes nothing) when someone else saved in between; the caller
        then shows the newer version next to what the user typed.
        """
        values = {name: getattr(self, name) for name in fields}
        if any(f.name == "updated_at" for f in self._meta.fields):
            # .update() skips auto_now, so the time of the change is set here.
            values["updated_at"] = self.updated_at = timezone.now()
        updated = (
            type(self)
            ._default_manager.filter(pk=self.pk, version=seen_version)
            .update(version=F("version") + 1, **values)
        )
        if updated:
            self.version = seen_version + 1
        return bool(updated)
