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
