"""Workflows of reflections, peer feedback and lesson visits."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.submissions import save_once
from teams.models import Team, User

from .models import FeedbackRequest, LessonVisit, Reflection
from .signals import (
    feedback_asked,
    feedback_given,
    feedback_withdrawn,
    reflection_deleted,
    visit_answered,
    visit_invited,
)


@transaction.atomic
def change_visibility(*, reflection: Reflection, visibility: str, team: Team | None) -> None:
    """Share or unshare. Making it private closes it to everyone at once, open requests too."""
    reflection.share(visibility=visibility, team=team)
    reflection.save(update_fields=["visibility", "team", "updated_at"])
    readers = set(reflection.readers().values_list("pk", flat=True))
    unreadable = reflection.feedback_requests.exclude(asked_id__in=readers)
    feedback_withdrawn.send(
        sender=FeedbackRequest, request_ids=list(unreadable.values_list("pk", flat=True))
    )


@transaction.atomic
def delete_reflection(*, reflection: Reflection, user: User) -> None:
    """Only the author deletes a reflection; its feedback goes with it, and so do the lines
    about it on colleagues' bells."""
    if reflection.author_id != user.pk:
        raise ValidationError(_("Only the author can delete a reflection."))
    request_ids = list(reflection.feedback_requests.values_list("pk", flat=True))
    reflection_deleted.send(sender=Reflection, request_ids=request_ids)
    reflection.delete()


@transaction.atomic
def ask_feedback(*, reflection: Reflection, colleagues: Iterable[User]) -> int:
    """Ask colleagues who can read the reflection; returns how many new requests."""
    readers = set(reflection.readers().values_list("pk", flat=True))
    created = 0
    for colleague in colleagues:
        if colleague.pk not in readers:
            raise ValidationError(_("%(name)s cannot read this reflection.") % {"name": colleague})
        request, new = FeedbackRequest.objects.get_or_create(reflection=reflection, asked=colleague)
        created += new
        feedback_asked.send(sender=FeedbackRequest, request=request)
    return created


@transaction.atomic
def answer_feedback(*, request: FeedbackRequest, noticed: str, wonder: str, suggestion: str):
    locked = FeedbackRequest.objects.select_for_update().get(pk=request.pk)
    locked.noticed, locked.wonder, locked.suggestion = noticed, wonder, suggestion
    locked.answered_at = timezone.now()
    locked.save()
    request.refresh_from_db()
    feedback_given.send(sender=FeedbackRequest, request=request)


@transaction.atomic
def invite_to_visit(*, visit: LessonVisit) -> bool:
    """Send a lesson-visit invitation; False if this form was already submitted once."""
    if not save_once(visit):
        return False
    visit_invited.send(sender=LessonVisit, visit=visit)
    return True


@transaction.atomic
def change_visit(*, visit: LessonVisit, user: User, action: str, text: str = "") -> None:
    """Accept, decline, mark held, cancel or reflect; the model checks the state."""
    locked = LessonVisit.objects.select_for_update().get(pk=visit.pk)
    answered = False
    if action == "accept" and user.pk == locked.observer_id:
        locked.accept()
        answered = True
    elif action == "decline" and user.pk == locked.observer_id:
        locked.decline()
        answered = True
    elif action == "held" and locked.is_party(user):
        locked.mark_held()
    elif action == "cancel" and locked.is_party(user):
        locked.cancel(by=user, note=text)
    elif action == "reflect" and locked.is_party(user):
        locked.add_reflection(by=user, text=text)
    elif action == "share" and user.pk == locked.host_id:
        # Only what happened can be shared: never an invitation or a colleague's "no".
        locked._require(LessonVisit.State.HELD, LessonVisit.State.REFLECTED)
        locked.shared = not locked.shared
    else:
        raise ValidationError(_("You cannot do that with this visit."))
    locked.save()
    visit.refresh_from_db()
    if answered:
        visit_answered.send(sender=LessonVisit, visit=visit)


@transaction.atomic
def save_visit_notes(*, visit: LessonVisit, user: User, notes: str) -> None:
    """The observer's notes; refused if the visit was cancelled in the meantime."""
    locked = LessonVisit.objects.select_for_update().get(pk=visit.pk)
    if user.pk != locked.observer_id:
        raise ValidationError(_("Only the observer writes the notes."))
    locked._require(LessonVisit.State.ACCEPTED, LessonVisit.State.HELD)
    locked.observer_notes = notes
    locked.save(update_fields=["observer_notes"])
    visit.refresh_from_db()
