"""What privacy itself and Django's admin hold of a person (core.personal_data).

The audit log keeps its rows on erasure: it holds no content and no name (it points to the
account, which is then called "oud-collega"). The admin's history names an object by its
text at the time ("Sanne de Vries"): for the erased account it is replaced, so the name
appears nowhere afterwards.
"""

from __future__ import annotations

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from core.personal_data import PersonalData
from teams.models import User

from .models import AuditEvent


def export(user: User) -> dict:
    return {
        "privacy_log_about_me": [
            {"kind": event.kind, "created_at": event.created_at}
            for event in AuditEvent.objects.filter(subject=user)
        ]
    }


def erase(user: User) -> None:
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    ).update(object_repr=f"#{user.pk}", change_message="")


provider = PersonalData(name="privacy", export=export, erase=erase)
