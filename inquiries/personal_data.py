"""What inquiries holds of a person (core.personal_data).

Export: the initiatives they started or joined, and everything they wrote in them (entries,
comments, phase feedback, what was learned when they moved a phase, support requests they
asked or answered), with the files of their entries.

Erasure keeps every contribution: initiatives are open to the whole school and the school
keeps what it learned; the author shows as "oud-collega" once teams has anonymised the
account. Files of entries stay for the same reason: they are part of the initiative's
record, not private content. What goes: their memberships of initiatives that are still
open (an ended initiative keeps who took part, as "oud-collega"; an open one left without
members can be joined by any colleague), invitations they sent or received, and their
review marks. Questions they asked about cards shared with the board are theirs to take
along and go (the text is their message); on cards shared with the board they are no
longer named and can no longer be asked.
"""

from __future__ import annotations

from django.db.models import Q

from core.personal_data import PersonalData
from teams.models import User

from .models import (
    BoardQuestion,
    Comment,
    Entry,
    Initiative,
    InitiativeMember,
    Invitation,
    PhaseFeedback,
    PhaseMove,
    ReviewMark,
    SupportRequest,
)


def export(user: User) -> dict:
    mine = Initiative.objects.filter(school_id=user.school_id)
    entries = Entry.objects.filter(author=user).select_related("initiative", "phase")
    return {
        "initiatives_started": [
            {
                "id": i.pk,
                "title": i.title,
                "question": i.question,
                "why": i.why,
                "children": i.children,
                "how_we_see_it": i.how_we_see_it,
                "state": i.state,
                "created_at": i.created_at,
            }
            for i in mine.filter(started_by=user)
        ],
        "initiative_memberships": [
            {
                "initiative": m.initiative.title,
                "role": m.role,
                "joined_at": m.joined_at,
                "named_on_board": m.named_on_board,
                "contact_from_board": m.contact_from_board,
            }
            for m in InitiativeMember.objects.filter(user=user).select_related("initiative")
        ],
        "board_questions": [
            {
                "card": q.card.initiative.title,
                "asked_by_me": q.asked_by_id == user.pk,
                "text": q.text,
                "created_at": q.created_at,
            }
            for q in BoardQuestion.objects.visible_to(user).select_related("card__initiative")
        ],
        "invitations": [
            {"initiative": inv.initiative.title, "created_at": inv.created_at}
            for inv in Invitation.objects.filter(invitee=user).select_related("initiative")
        ],
        "entries": [
            {
                "initiative": e.initiative.title,
                "phase": e.phase.name,
                "kind": e.kind,
                "text": e.text,
                "url": e.url,
                "file_name": e.file_name,
                "measure": e.measure,
                "baseline": e.baseline,
                "target": e.target,
                "result": e.result,
                "created_at": e.created_at,
            }
            for e in entries
        ],
        "comments": [
            {"initiative": c.initiative.title, "text": c.text, "created_at": c.created_at}
            for c in Comment.objects.filter(author=user).select_related("initiative")
        ],
        "phase_feedback": [
            {"initiative": f.initiative.title, "text": f.text, "created_at": f.created_at}
            for f in PhaseFeedback.objects.filter(author=user).select_related("initiative")
        ],
        "phase_moves": [
            {"initiative": m.initiative.title, "learned": m.learned, "created_at": m.created_at}
            for m in PhaseMove.objects.filter(moved_by=user).select_related("initiative")
        ],
        "support_requests": [
            {
                "initiative": s.initiative.title if s.initiative_id else None,
                "asked_by_me": s.requested_by_id == user.pk,
                "kind": s.kind,
                "what": s.what,
                "status": s.status,
                "answer": s.answer,
                "created_at": s.created_at,
            }
            for s in SupportRequest.objects.filter(
                Q(requested_by=user) | Q(answered_by=user)
            ).select_related("initiative")
        ],
        "files": [
            {"name": e.file_name or e.file.name.rsplit("/", 1)[-1], "path": e.file.name}
            for e in entries
            if e.file
        ],
    }


def erase(user: User) -> None:
    InitiativeMember.objects.filter(
        user=user, initiative__state__in=Initiative.OPEN_STATES
    ).delete()
    Invitation.objects.filter(Q(invitee=user) | Q(invited_by=user)).delete()
    ReviewMark.objects.filter(user=user).delete()
    InitiativeMember.objects.filter(user=user).update(
        named_on_board=False, contact_from_board=False
    )
    BoardQuestion.objects.filter(asked_by=user).delete()
    BoardQuestion.recipients.through.objects.filter(user=user).delete()


provider = PersonalData(name="inquiries", export=export, erase=erase)
