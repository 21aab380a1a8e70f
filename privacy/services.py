"""Export, erasure and retention: the workflows behind the privacy pages."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.personal_data import erase_person, export_person, purge_before
from teams.models import User

from .models import AuditEvent


def retention_days() -> int:
    return settings.PLC_RETENTION_DAYS


def export_own_data(*, user: User) -> bytes:
    data = export_person(user)
    AuditEvent.objects.create(
        school_id=user.school_id, kind=AuditEvent.Kind.OWN_EXPORT, actor=user, subject=user
    )
    return data


def export_colleague_data(*, person: User, by: User) -> bytes:
    data = export_person(person)
    AuditEvent.objects.create(
        school_id=person.school_id, kind=AuditEvent.Kind.EXPORT, actor=by, subject=person
    )
    return data


def erasure_refused(*, person: User, by: User) -> str | None:
    """Why `by` may not erase `person` now, or None. Access (same school, may manage this
    person) is the view's check; these are the rules of erasure itself."""
    if person.pk == by.pk:
        return _("You cannot erase yourself.")
    if person.is_active:
        return _("Deactivate this colleague first: only someone who left can be erased.")
    return None


@transaction.atomic
def erase_colleague(*, person: User, by: User) -> None:
    reason = erasure_refused(person=person, by=by)
    if reason:
        raise ValidationError(reason)
    erase_person(person, by=by)
    AuditEvent.objects.create(
        school_id=person.school_id, kind=AuditEvent.Kind.ERASURE, actor=by, subject=person
    )


def purge_old_records(now: datetime.datetime) -> dict[str, int]:
    """Delete what is older than the retention period (PLC_RETENTION_DAYS): notifications
    and email delivery records (the notifications app) and invitations nobody accepted (teams),
    as registered with core.personal_data.
    Runs daily in Celery beat (privacy.purge_old_records) and as `manage.py
    purge_old_records`; the embedded default without a broker runs no beat, so there a cron
    job calls the command."""
    return purge_before(now - datetime.timedelta(days=retention_days()))
