"""What reflections holds of a person (core.personal_data).

Export: all their reflections, private ones included (it is their own data), the feedback
they got and gave, and their lesson visits.

Erasure: private reflections are deleted with the feedback requests on them (nobody else
could ever read them, so nobody loses anything); shared reflections stay, by "oud-collega".
Feedback they gave a colleague stays with that colleague's reflection; requests still
waiting for their answer go. Planned visits (invited or accepted) are cancelled, and the
other person is told; visits that were held stay, they are the other person's record too.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from core.personal_data import PersonalData
from teams.models import User

from .models import FeedbackRequest, LessonVisit, Reflection
from .services import change_visit
from .signals import feedback_withdrawn, visit_cancelled_for_leaver


def _reflection(r: Reflection) -> dict:
    return {
        "id": r.pk,
        "title": r.title,
        "hard_or_exciting": r.hard_or_exciting,
        "tried_new": r.tried_new,
        "proud_of": r.proud_of,
        "learn_next": r.learn_next,
        "body": r.body,
        "visibility": r.visibility,
        "team": r.team.name if r.team_id else None,
        "initiative": r.initiative.title if r.initiative_id else None,
        "created_at": r.created_at,
        "updated_at": r.updated_at,
    }


def _answer(f: FeedbackRequest) -> dict:
    return {
        "noticed": f.noticed,
        "wonder": f.wonder,
        "suggestion": f.suggestion,
        "created_at": f.created_at,
        "answered_at": f.answered_at,
    }


def export(user: User) -> dict:
    reflections = Reflection.objects.filter(author=user).select_related("team", "initiative")
    got = FeedbackRequest.objects.filter(reflection__author=user).select_related("asked")
    gave = FeedbackRequest.objects.filter(asked=user)
    visits = LessonVisit.objects.involving(user).select_related("host", "observer")
    return {
        "reflections": [_reflection(r) for r in reflections],
        "feedback_received": [
            {"reflection": f.reflection_id, "from": f.asked.name, **_answer(f)} for f in got
        ],
        # Only their own answer: the colleague's reflection is the colleague's data.
        "feedback_given": [{"reflection": f.reflection_id, **_answer(f)} for f in gave],
        "lesson_visits": [
            {
                "my_role": "host" if v.host_id == user.pk else "observer",
                "with": (v.observer if v.host_id == user.pk else v.host).name,
                "planned_on": v.planned_on,
                "starts_at": v.starts_at,
                "lesson": v.lesson,
                "focus_question": v.focus_question,
                "state": v.state,
                "observer_notes": v.observer_notes,
                "my_reflection": (
                    v.host_reflection if v.host_id == user.pk else v.observer_reflection
                ),
                "cancel_note": v.cancel_note,
            }
            for v in visits
        ],
    }


def erase(user: User) -> None:
    private = Reflection.objects.filter(author=user, visibility=Reflection.Visibility.PRIVATE)
    requests = list(
        FeedbackRequest.objects.filter(reflection__in=private).values_list("pk", flat=True)
    )
    waiting = list(
        FeedbackRequest.objects.filter(asked=user, answered_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    if requests or waiting:
        # Off the colleagues' bells, as when a reflection turns private.
        feedback_withdrawn.send(sender=FeedbackRequest, request_ids=requests + waiting)
    FeedbackRequest.objects.filter(pk__in=requests + waiting).delete()
    private.delete()

    with translation.override(settings.LANGUAGE_CODE):
        note = gettext("Your colleague has left the school.")
    planned = LessonVisit.objects.involving(user).filter(
        state__in=[LessonVisit.State.INVITED, LessonVisit.State.ACCEPTED]
    )
    for visit in planned.select_related("host", "observer"):
        change_visit(visit=visit, user=user, action="cancel", text=note)
        other = visit.observer if visit.host_id == user.pk else visit.host
        visit_cancelled_for_leaver.send(sender=LessonVisit, visit=visit, recipient=other)


provider = PersonalData(name="reflections", export=export, erase=erase)
