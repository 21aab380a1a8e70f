"""Events of the layers below, turned into notifications on the bell."""

from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from core.signals import round_opened
from inquiries import signals as inquiries
from reflections.signals import (
    feedback_asked,
    feedback_given,
    feedback_withdrawn,
    reflection_deleted,
    visit_answered,
    visit_cancelled_for_leaver,
    visit_invited,
)
from teams.models import User

from .events import notify_event
from .models import Kind, Notification
from .reminders import date_text
from .services import (
    forget_feedback_requests,
    notify,
    notify_visit_cancelled,
    withdraw_feedback_requests,
)


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


@receiver(reflection_deleted)
def on_reflection_deleted(sender, *, request_ids, **kwargs) -> None:
    forget_feedback_requests(request_ids=request_ids)


@receiver(visit_cancelled_for_leaver)
def on_visit_cancelled_for_leaver(sender, *, visit, recipient, **kwargs) -> None:
    notify_visit_cancelled(visit=visit, recipient=recipient)


def _members(initiative) -> list[User]:
    return [m.user for m in initiative.memberships.select_related("user")]


@receiver(inquiries.colleague_invited)
def on_colleague_invited(sender, *, invitation, **kwargs) -> None:
    initiative = invitation.initiative
    notify_event(
        recipients=[invitation.invitee],
        kind=Kind.INITIATIVE_INVITED,
        key=str(invitation.pk),
        url=initiative.get_absolute_url(),
        params={"who": invitation.invited_by.name, "title": initiative.title},
    )


@receiver(inquiries.invitation_accepted)
def on_invitation_accepted(sender, *, initiative, user, invited_by, **kwargs) -> None:
    notify_event(
        recipients=[invited_by],
        kind=Kind.INITIATIVE_JOINED,
        key=f"{initiative.pk}:{user.pk}",
        url=initiative.get_absolute_url(),
        params={"who": user.name, "title": initiative.title},
    )


@receiver(inquiries.comment_added)
def on_comment_added(sender, *, comment, **kwargs) -> None:
    initiative = comment.initiative
    notify_event(
        recipients=_members(initiative),
        skip=comment.author,
        kind=Kind.COMMENT,
        key=str(comment.pk),
        url=initiative.get_absolute_url(),
        params={"who": comment.author.name, "title": initiative.title},
    )


@receiver(inquiries.board_question_asked)
def on_board_question_asked(sender, *, question, **kwargs) -> None:
    asker = question.asked_by
    notify_event(
        recipients=question.recipients.all(),
        kind=Kind.BOARD_QUESTION,
        key=str(question.pk),
        url=question.get_absolute_url(),
        params={
            "who": asker.name,
            "school": asker.place_name,
            "title": question.card.initiative.title,
        },
    )


@receiver(inquiries.comment_removed)
def on_comment_removed(sender, *, comment_id, **kwargs) -> None:
    Notification.objects.filter(kind=Kind.COMMENT, key=str(comment_id)).delete()


@receiver(inquiries.phase_feedback_given)
def on_phase_feedback(sender, *, feedback, **kwargs) -> None:
    initiative = feedback.initiative
    notify_event(
        recipients=_members(initiative),
        skip=feedback.author,
        kind=Kind.PHASE_FEEDBACK,
        key=str(feedback.pk),
        url=initiative.get_absolute_url(),
        params={
            "who": feedback.author.name,
            "phase": feedback.phase.display_name,
            "title": initiative.title,
        },
    )


@receiver(inquiries.support_answered)
def on_support_answered(sender, *, request, **kwargs) -> None:
    initiative = request.initiative
    notify_event(
        recipients=_members(initiative),
        kind=Kind.SUPPORT_ANSWERED,
        key=f"{request.pk}:{request.status}",
        url=initiative.get_absolute_url(),
        params={"title": initiative.title, "answer": type(request).Status(request.status).label},
    )


@receiver(inquiries.phase_moved)
def on_phase_moved(sender, *, move, **kwargs) -> None:
    initiative = move.initiative
    notify_event(
        recipients=_members(initiative),
        skip=move.moved_by,
        kind=Kind.PHASE_MOVED,
        key=str(move.pk),
        url=initiative.get_absolute_url(),
        params={
            "who": move.moved_by.name,
            "title": initiative.title,
            "phase": move.to_phase.display_name,
        },
    )


@receiver(visit_invited)
def on_visit_invited(sender, *, visit, **kwargs) -> None:
    notify_event(
        recipients=[visit.observer],
        kind=Kind.VISIT_INVITED,
        key=str(visit.pk),
        url=visit.get_absolute_url(),
        params={
            "who": visit.host.name,
            "day": date_text(visit.planned_on, visit.observer.language),
        },
    )


@receiver(visit_answered)
def on_visit_answered(sender, *, visit, **kwargs) -> None:
    accepted = visit.state == visit.State.ACCEPTED
    notify_event(
        recipients=[visit.host],
        kind=Kind.VISIT_ANSWERED,
        key=f"{visit.pk}:{visit.state}",
        url=visit.get_absolute_url(),
        params={
            "who": visit.observer.name,
            "day": date_text(visit.planned_on, visit.host.language),
            "answer": _("yes") if accepted else _("no, not this time"),
        },
    )


@receiver(round_opened)
def on_round_opened(sender, *, round, **kwargs) -> None:
    from django.urls import reverse

    notify_event(
        recipients=User.objects.filter(school_id=round.school_id, is_active=True),
        kind=Kind.ROUND_OPENED,
        key=str(round.pk),
        url=reverse("culture:answer", args=[round.pk]),
        params={"title": round.title},
    )
