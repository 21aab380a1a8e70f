"""Workflows of initiatives: starting, joining, entries, phase moves and state changes."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.personal_data import delete_file_after_commit
from core.storage import StorageFailed, storage_errors
from core.submissions import SubmittedOnce, save_once
from teams.models import Board, CoreValue, School, SharedGoal, Team, User

from . import signals
from .models import (
    BoardQuestion,
    Comment,
    CycleTemplate,
    Entry,
    Initiative,
    InitiativeMember,
    Invitation,
    LearningCard,
    Phase,
    PhaseFeedback,
    PhaseMove,
    ReviewMark,
    SupportRequest,
)

log = logging.getLogger(__name__)


def touch(initiative: Initiative) -> None:
    Initiative.objects.filter(pk=initiative.pk).update(last_activity_at=timezone.now())


@transaction.atomic
def start_initiative(
    *,
    school: School,
    started_by: User,
    title: str,
    question: str,
    why: str,
    children: str,
    how_we_see_it: str = "",
    template: CycleTemplate,
    teams: Iterable[Team],
    goals: Iterable[SharedGoal] = (),
    core_values: Iterable[CoreValue] = (),
    submission_key: str = "",
) -> Initiative:
    """Anyone may start an initiative: there is no approval step."""
    initiative = Initiative.objects.create(
        submission_key=submission_key,
        school=school,
        started_by=started_by,
        title=title,
        question=question,
        why=why,
        children=children,
        how_we_see_it=how_we_see_it,
        template=template,
        school_year=school.current_school_year(),
    )
    initiative.teams.set(teams)
    initiative.goals.set(goals)
    initiative.core_values.set(core_values)
    InitiativeMember.objects.create(
        initiative=initiative, user=started_by, role=InitiativeMember.Role.STARTER
    )
    return initiative


@transaction.atomic
def join_initiative(*, initiative: Initiative, user: User) -> None:
    if not initiative.is_open:
        raise ValidationError(_("This initiative has ended; you can still read what it learned."))
    InitiativeMember.objects.get_or_create(initiative=initiative, user=user)
    for invitation in Invitation.objects.filter(initiative=initiative, invitee=user):
        if invitation.invited_by_id and invitation.invited_by_id != user.pk:
            signals.invitation_accepted.send(
                sender=Initiative,
                initiative=initiative,
                user=user,
                invited_by=invitation.invited_by,
            )
        invitation.delete()
    touch(initiative)


@transaction.atomic
def leave_initiative(*, initiative: Initiative, user: User) -> None:
    membership = InitiativeMember.objects.filter(initiative=initiative, user=user).first()
    if membership is None:
        return
    others = initiative.memberships.exclude(user=user).order_by("joined_at")
    if not others.exists() and initiative.is_open:
        raise ValidationError(
            _("You are the last member. Stop the initiative instead, and write what you learned.")
        )
    if membership.role == InitiativeMember.Role.STARTER and others.exists():
        # Someone has to hold the thread: the longest-standing colleague takes over.
        others.filter(pk=others.first().pk).update(role=InitiativeMember.Role.STARTER)
    membership.delete()


def invite_colleague(*, initiative: Initiative, invited_by: User, invitee: User) -> bool:
    """Returns False when the colleague is already a member or already invited."""
    if invitee.school_id != initiative.school_id or not invitee.is_active:
        raise ValidationError(_("Only active colleagues of your own school can be invited."))
    if initiative.memberships.filter(user=invitee).exists():
        return False
    with transaction.atomic():
        invitation, created = Invitation.objects.get_or_create(
            initiative=initiative, invitee=invitee, defaults={"invited_by": invited_by}
        )
        if created:
            signals.colleague_invited.send(sender=Invitation, invitation=invitation)
    return created


def add_entry(*, initiative: Initiative, author: User, entry: Entry, submission_key: str) -> bool:
    """Add an entry to the current phase; False if this form was already submitted once."""
    if initiative.state != Initiative.State.RUNNING:
        raise ValidationError(_("Entries can be added while the initiative is running."))
    entry.initiative = initiative
    entry.phase_id = initiative.current_phase_id
    entry.author = author
    entry.submission_key = submission_key
    try:
        return _added(initiative, entry)  # the file is written as the row is saved
    except storage_errors() as error:
        log.error("An entry's file could not be stored: %s", error)
        raise StorageFailed(str(error)) from error


@transaction.atomic
def remove_entry(*, entry: Entry, user: User) -> None:
    """Only the author removes an entry; its stored file goes too, once that is committed (a
    file with a pupil's name in it must be able to leave the school's storage)."""
    if entry.author_id != user.pk:
        raise ValidationError(_("Only the person who added it can remove it."))
    path = entry.file.name
    entry.delete()
    if path:
        delete_file_after_commit(path)


def remove_comment(*, comment: Comment, user: User) -> None:
    """Only the author removes a comment, and the bell lines about it go with it."""
    if comment.author_id != user.pk:
        raise ValidationError(_("Only the person who added it can remove it."))
    pk = comment.pk
    comment.delete()
    signals.comment_removed.send(sender=Comment, comment_id=pk)


def _added(initiative: Initiative, row: SubmittedOnce) -> bool:
    """Save a submitted row once and mark the initiative active; False for a repeat."""
    if not save_once(row):
        return False
    touch(initiative)
    return True


@transaction.atomic
def move_phase(
    *, initiative: Initiative, user: User, to_phase: Phase, seen_phase_id: int, learned: str
) -> Initiative:
    """Move to another phase, unless someone else moved the initiative first."""
    locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if locked.current_phase_id != seen_phase_id or locked.state != Initiative.State.RUNNING:
        raise ValidationError(
            _("Someone else moved this initiative in the meantime. Have a look at where it is now.")
        )
    from_phase = locked.current_phase
    locked.move_to(to_phase)
    locked.last_activity_at = timezone.now()
    locked.save(update_fields=["current_phase", "phase_due_on", "last_activity_at"])
    move = PhaseMove.objects.create(
        initiative=locked,
        from_phase=from_phase,
        to_phase=to_phase,
        moved_by=user,
        learned=learned.strip(),
    )
    signals.phase_moved.send(sender=PhaseMove, move=move)
    return locked


@transaction.atomic
def change_state(
    *, initiative: Initiative, user: User, action: str, card: LearningCard | None = None
) -> None:
    """Start, pause, resume, stop or complete; the model method checks the state.

    Stopping and completing need the learning card: what was tried, seen and learned.
    """
    locked = Initiative.objects.select_for_update().select_related("template").get(pk=initiative.pk)
    from_phase = locked.current_phase
    if action not in {"start", "pause", "resume", "stop", "complete"}:
        raise ValidationError(_("Unknown action."))
    getattr(locked, action)()
    if action in {"stop", "complete"}:
        if card is None or not card.learned.strip():
            raise ValidationError(_("Write down what you learned."))
        card.initiative = locked
        card.save()
    locked.last_activity_at = timezone.now()
    locked.save()
    if action in {"start", "complete", "stop"}:
        PhaseMove.objects.create(
            initiative=locked,
            from_phase=from_phase,
            to_phase=locked.current_phase if action == "start" else None,
            moved_by=user,
            learned=card.learned if card else "",
        )
    initiative.refresh_from_db()


def add_comment(*, initiative: Initiative, author: User, text: str, submission_key: str) -> bool:
    comment = Comment(
        initiative=initiative, author=author, text=text, submission_key=submission_key
    )
    with transaction.atomic():
        if added := _added(initiative, comment):
            signals.comment_added.send(sender=Comment, comment=comment)
    return added


def add_feedback(*, initiative: Initiative, author: User, text: str, submission_key: str) -> bool:
    """A reviewer's advice on the current phase (or the last one, for an ended initiative)."""
    phase = initiative.current_phase
    if phase is None:
        raise ValidationError(_("Feedback goes with a phase; this initiative has not started yet."))
    feedback = PhaseFeedback(
        initiative=initiative, phase=phase, author=author, text=text, submission_key=submission_key
    )
    with transaction.atomic():
        if added := _added(initiative, feedback):
            signals.phase_feedback_given.send(sender=PhaseFeedback, feedback=feedback)
    return added


def mark_reviewed(*, initiative: Initiative, user: User) -> None:
    ReviewMark.objects.update_or_create(
        user=user, initiative=initiative, defaults={"seen_at": timezone.now()}
    )


def request_support(
    *, initiative: Initiative, requested_by: User, request: SupportRequest, submission_key: str
) -> bool:
    request.initiative = initiative
    request.requested_by = requested_by
    request.submission_key = submission_key
    return _added(initiative, request)


@transaction.atomic
def answer_support_request(
    *, support_request: SupportRequest, leader: User, status: str, answer: str
) -> None:
    locked = SupportRequest.objects.select_for_update().get(pk=support_request.pk)
    locked.answer_with(status=status, answer=answer, by=leader)
    locked.save()
    support_request.refresh_from_db()
    signals.support_answered.send(sender=SupportRequest, request=support_request)


@transaction.atomic
def copy_template(
    *,
    template: CycleTemplate,
    school: School | None = None,
    board: Board | None = None,
    submission_key: str = "",
) -> CycleTemplate:
    """The school's own copy of a cycle (or the board's, to offer its schools), in the
    copier's language, to adapt freely."""
    copy = CycleTemplate.objects.create(
        submission_key=submission_key,
        school=school,
        board=board,
        based_on=template,
        name=(_("%(name)s (our version)") if school else _("%(name)s (board version)"))
        % {"name": template.display_name},
        description=template.display_description,
        allows_step_back=template.allows_step_back,
    )
    phases = {}
    originals = list(template.phases.order_by("position"))
    for phase in originals:
        phases[phase.pk] = Phase.objects.create(
            template=copy,
            position=phase.position,
            key=phase.key,
            name=phase.display_name,
            guiding_questions=phase.display_guiding_questions,
            produces=phase.display_produces,
        )
    for phase in originals:
        if phase.loops_back_to_id:
            Phase.objects.filter(pk=phases[phase.pk].pk).update(
                loops_back_to=phases[phase.loops_back_to_id]
            )
    return copy


@transaction.atomic
def save_template_phases(*, template: CycleTemplate, formset) -> None:
    """Save edited phases and renumber them in the order given, keeping positions unique."""
    kept = [
        form for form in formset.forms if form.cleaned_data and form not in formset.deleted_forms
    ]
    kept.sort(key=lambda form: form.cleaned_data.get("position") or 0)
    for form in formset.deleted_forms:
        if form.instance.pk:
            form.instance.delete()
    # Move existing rows out of the way first: positions are unique per template.
    template.phases.update(position=F("position") + 1000)
    for number, form in enumerate(kept, start=1):
        phase = form.save(commit=False)
        phase.template = template
        phase.position = number
        if not phase.key:
            phase.key = f"phase{number}-{uuid.uuid4().hex[:6]}"
        phase.save()


@transaction.atomic
def share_card(*, card: LearningCard, user: User, named: bool, contact: bool) -> None:
    """A member shares the card with the board and says, for themselves, whether they may be
    named with it and asked about it."""
    if not card.may_be_shared_by(user):
        raise ValidationError(_("Only a member of this initiative can share its card."))
    card.share(by=user)
    set_board_consent(card=card, user=user, named=named, contact=contact)


def set_board_consent(*, card: LearningCard, user: User, named: bool, contact: bool) -> None:
    InitiativeMember.objects.filter(initiative_id=card.initiative_id, user=user).update(
        named_on_board=named, contact_from_board=contact
    )


def unshare_card(*, card: LearningCard, user: User) -> None:
    """Any member takes the card out of the board again, at once."""
    if not card.initiative.is_member(user):
        raise ValidationError(_("Only a member of this initiative can stop sharing its card."))
    card.unshare()


@transaction.atomic
def ask_about_card(
    *, card: LearningCard, user: User, text: str, submission_key: str = ""
) -> BoardQuestion | None:
    """A question to the card's members who allowed contact, on their bell; None when this
    form was already sent (a double click)."""
    recipients = card.question_recipients()
    if not card.may_be_asked_by(user, recipients):
        raise ValidationError(_("Nobody of this team can be asked a question at the moment."))
    question = BoardQuestion(card=card, asked_by=user, text=text, submission_key=submission_key)
    if not save_once(question):
        return None
    question.recipients.set(recipients)
    signals.board_question_asked.send(sender=BoardQuestion, question=question)
    return question
