from __future__ import annotations

from typing import Self

from django.db import models
from django.utils.translation import gettext_lazy as _

from teams.models import School, User


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def visible_to(self, user: User) -> Self:
        """The events of the user's school (the views decide who may read the log)."""
        return self.filter(school_id=user.school_id)


class AuditEvent(models.Model):
    """That someone's data was exported or erased, by whom and when. Never any content,
    and never a name: people are shown by their account, which after an erasure is called
    "oud-collega", so the log cannot bring an erased name back."""

    class Kind(models.TextChoices):
        OWN_EXPORT = "own_export", _("downloaded their own data")
        EXPORT = "export", _("exported a colleague's data")
        ERASURE = "erasure", _("erased a colleague's data")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("what"), max_length=12, choices=Kind.choices)
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    subject = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("privacy log entry")
        verbose_name_plural = _("privacy log")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.subject_id} ({self.created_at:%Y-%m-%d})"
