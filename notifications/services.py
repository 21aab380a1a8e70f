"""In-app notifications for events, created the moment they happen."""

from __future__ import annotations

from teams.models import User

from .models import Kind, Notification
from .reminders import render_text


def notify(*, user: User, kind: str, key: str, name: str, url: str) -> None:
    Notification.objects.get_or_create(
        user=user,
        kind=kind,
        key=key,
        defaults={"text": render_text(user, kind, name, None), "url": url},
    )


def withdraw_feedback_requests(*, request_ids: list[int]) -> None:
    """A reflection turned private: its requests disappear from the colleagues' bells."""
    Notification.objects.filter(
        kind=Kind.FEEDBACK_ASKED, key__in=[str(pk) for pk in request_ids]
    ).delete()


def forget_feedback_requests(*, request_ids: list[int]) -> None:
    """A reflection was deleted: the lines about its requests, asked and answered, go."""
    Notification.objects.filter(
        kind__in=[Kind.FEEDBACK_ASKED, Kind.FEEDBACK_GIVEN],
        key__in=[str(pk) for pk in request_ids],
    ).delete()


def notify_visit_cancelled(*, visit, recipient: User) -> None:
    """A planned lesson visit was cancelled because the colleague left (privacy erasure).
    The line names no one: the colleague's name is being erased."""
    from django.utils import translation
    from django.utils.translation import gettext

    from .reminders import date_text

    with translation.override(recipient.language):
        text = gettext("The lesson visit of %(day)s is cancelled: your colleague has left.") % {
            "day": date_text(visit.planned_on, recipient.language)
        }
    Notification.objects.get_or_create(
        user=recipient,
        kind=Kind.VISIT_SOON,
        key=f"{visit.pk}:cancelled",
        defaults={"text": text, "url": visit.get_absolute_url()},
    )
