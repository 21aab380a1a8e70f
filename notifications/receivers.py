"""Events of the layers below, turned into notifications on the bell."""

from django.dispatch import receiver

from reflections.signals import (
    feedback_asked,
    feedback_given,
    feedback_withdrawn,
    visit_cancelled_for_leaver,
)

from .models import Kind
from .services import notify, notify_visit_cancelled, withdraw_feedback_requests


@receiver(feedback_asked)
def on_feedback_asked(sender, *, request, **kwargs) -> None:
    notify(
        user=request.asked,
        kind=Kind.FEEDBACK_ASKED,
        key=str(request.pk),
        name=request.reflection.author.name,
        url=request.get_absolute_url(),
    )


@receiver(feedback_given)
def on_feedback_given(sender, *, request, **kwargs) -> None:
    notify(
        user=request.reflection.author,
        kind=Kind.FEEDBACK_GIVEN,
        key=str(request.pk),
        name=request.asked.name,
        url=request.reflection.get_absolute_url(),
    )


@receiver(feedback_withdrawn)
def on_feedback_withdrawn(sender, *, request_ids, **kwargs) -> None:
    withdraw_feedback_requests(request_ids=request_ids)


@receiver(visit_cancelled_for_leaver)
def on_visit_cancelled_for_leaver(sender, *, visit, recipient, **kwargs) -> None:
    notify_visit_cancelled(visit=visit, recipient=recipient)
