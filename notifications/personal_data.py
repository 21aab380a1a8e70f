"""What notifications holds of a person (core.personal_data): their bell, the emails sent
to them, their email preferences and calendar feed. Erasure deletes all of it (reminders
stop), and replaces their name in colleagues' bells ("Sanne asks for your feedback")
with "oud-collega": the name must appear nowhere afterwards.

Retention (registered in apps.py, run daily by the privacy app): notifications and email
records older than PLC_RETENTION_DAYS are deleted, except the rows that still guard a
reminder that is due (they make every reminder go out once).
"""

from __future__ import annotations

import datetime

from django.utils import timezone, translation
from django.utils.translation import gettext

from core.personal_data import PersonalData
from teams.models import School, User

from .models import CalendarFeed, Delivery, Notification, Preference


def export(user: User) -> dict:
    feed = CalendarFeed.objects.filter(user=user).first()
    return {
        "notifications": [
            {
                "kind": n.kind,
                "text": n.text,
                "url": n.url,
                "created_at": n.created_at,
                "read_at": n.read_at,
            }
            for n in Notification.objects.filter(user=user)
        ],
        "emails": [
            {
                "kind": d.kind,
                "key": d.key,
                "status": d.status,
                "claimed_at": d.claimed_at,
                "sent_at": d.sent_at,
            }
            for d in Delivery.objects.filter(user=user).order_by("claimed_at")
        ],
        "preferences": [
            {"kind": p.kind, "mode": p.mode} for p in Preference.objects.filter(user=user)
        ],
        # The feed's secret address stays out of the file: only that there is one.
        "calendar_feed": {"created_at": feed.created_at} if feed else None,
    }


def _purge(queryset, cutoff_field: str, cutoff: datetime.datetime) -> int:
    from .reminders import SchoolCalendar, collect

    old = queryset.filter(**{f"{cutoff_field}__lt": cutoff})
    if not old.exists():
        return 0
    # An old row can still be the exactly-once guard of a reminder that is due now (an
    # answered feedback request stays "due" for ever): deleting it would send it again.
    calendar, now = SchoolCalendar(), timezone.now()
    due = {
        (r.user.pk, r.kind, r.key)
        for school_id in School.objects.values_list("pk", flat=True)
        for r in collect(now, calendar, school_id)
    }
    gone = [
        pk
        for pk, user_id, kind, key in old.values_list("pk", "user_id", "kind", "key")
        if (user_id, kind, key) not in due
    ]
    deleted = 0
    for start in range(0, len(gone), 500):
        deleted += queryset.filter(pk__in=gone[start : start + 500]).delete()[0]
    return deleted


def purge_notifications(cutoff: datetime.datetime) -> int:
    """Retention: the bell's notifications older than `cutoff`."""
    return _purge(Notification.objects.all(), "created_at", cutoff)


def purge_deliveries(cutoff: datetime.datetime) -> int:
    """Retention: records of emails claimed before `cutoff`."""
    return _purge(Delivery.objects.all(), "claimed_at", cutoff)


def erase(user: User) -> None:
    Notification.objects.filter(user=user).delete()
    Delivery.objects.filter(user=user).delete()
    Preference.objects.filter(user=user).delete()
    CalendarFeed.objects.filter(user=user).delete()
    if not user.name:
        return
    mentions = Notification.objects.filter(
        user__school_id=user.school_id, text__contains=user.name
    ).select_related("user")
    for notification in mentions:
        with translation.override(notification.user.language):
            former = gettext("former colleague")
        notification.text = notification.text.replace(user.name, former)
        notification.save(update_fields=["text"])


provider = PersonalData(name="notifications", export=export, erase=erase)
