"""A meeting's agenda drafted from the team's own work, the dates the team can make, and
what a held meeting leaves: decisions in the initiatives, the notes, a moment to reflect."""

from __future__ import annotations

import datetime
import logging
import smtplib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from inquiries.models import Entry, Initiative, SupportRequest
from inquiries.services import add_entry
from notifications.events import notify_event
from notifications.models import Kind
from teams.models import Holiday, SharedGoal, Team, User

from .calendar import meeting_ics
from .models import AgendaItem, Meeting, Outcome

log = logging.getLogger("meetings")

# Without an earlier meeting, "new since the last meeting" looks back this far.
LOOK_BACK = datetime.timedelta(days=28)
# A phase due within this many days after the meeting is worth a look in it.
DUE_SOON = datetime.timedelta(days=7)


@dataclass
class Proposal:
    title: str
    why: list[str] = field(default_factory=list)
    source: str = AgendaItem.Source.POINT
    initiative: Initiative | None = None
    minutes: int = 10


def since_last_meeting(meeting: Meeting) -> datetime.datetime:
    earlier = (
        Meeting.objects.filter(team_id=meeting.team_id, starts_at__lt=meeting.starts_at)
        .exclude(pk=meeting.pk)
        .aggregate(last=Max("starts_at"))["last"]
    )
    return earlier or meeting.starts_at - LOOK_BACK


def agenda_proposals(meeting: Meeting) -> list[Proposal]:
    """What the team's work puts on the agenda, and why: a running initiative of the team
    whose phase is due (or overdue) by a week after the meeting, or that has new entries
    since the team's last meeting; support requests answered since then; and the shared
    goals, when the team or the school has any to look at."""
    since = since_last_meeting(meeting)
    day = timezone.localtime(meeting.starts_at).date()
    initiatives = (
        Initiative.objects.filter(
            teams=meeting.team_id, school_id=meeting.school_id, state=Initiative.State.RUNNING
        )
        .select_related("current_phase__template")
        .annotate(
            new_entries=Count("entries", filter=Q(entries__created_at__gte=since), distinct=True)
        )
        .order_by("phase_due_on", "title")
    )
    proposals = []
    for initiative in initiatives:
        why = []
        due = bool(initiative.phase_due_on and initiative.phase_due_on <= day + DUE_SOON)
        if due:
            date = formats.date_format(initiative.phase_due_on, "j F")
            phase = initiative.current_phase.display_name
            if initiative.phase_due_on < day:
                why.append(_("the phase “%(phase)s” was due on %(date)s") % locals())
            else:
                why.append(_("the phase “%(phase)s” is due on %(date)s") % locals())
        if initiative.new_entries:
            why.append(
                ngettext(
                    "%(n)s new entry since the last meeting",
                    "%(n)s new entries since the last meeting",
                    initiative.new_entries,
                )
                % {"n": initiative.new_entries}
            )
        if why:
            source = AgendaItem.Source.PHASE_DUE if due else AgendaItem.Source.NEWS
            proposals.append(
                Proposal(title=initiative.title, why=why, source=source, initiative=initiative)
            )
    answered = SupportRequest.objects.filter(
        initiative__teams=meeting.team_id, answered_at__gte=since
    ).select_related("initiative")
    for request in answered.order_by("answered_at"):
        proposals.append(
            Proposal(
                title=_("Support for “%(title)s”") % {"title": request.initiative.title},
                why=[
                    _("the school leader answered: %(status)s")
                    % {"status": request.get_status_display()}
                ],
                source=AgendaItem.Source.SUPPORT,
                initiative=request.initiative,
                minutes=5,
            )
        )
    goals = (
        SharedGoal.objects.filter(school_id=meeting.school_id)
        .current()
        .filter(Q(team__isnull=True) | Q(team_id=meeting.team_id))
    )
    if goals.exists():
        proposals.append(
            Proposal(
                title=_("Our shared goals: where do we stand?"),
                why=[_("a look at what the children should notice")],
                source=AgendaItem.Source.GOALS,
                minutes=10,
            )
        )
    return proposals


@transaction.atomic
def plan_meeting(*, meeting: Meeting, submission_key: str = "") -> Meeting:
    """Save a new meeting with the agenda its team's work proposes."""
    meeting.submission_key = submission_key
    meeting.school_id = meeting.team.school_id
    meeting.save()
    AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            position=number,
            title=proposal.title[:200],
            why="; ".join(proposal.why)[:200],
            source=proposal.source,
            initiative=proposal.initiative,
            minutes=proposal.minutes,
        )
        for number, proposal in enumerate(agenda_proposals(meeting), start=1)
    )
    return meeting


def add_point(
    *,
    meeting: Meeting,
    user: User,
    title: str,
    minutes: int,
    submission_key: str = "",
    initiative: Initiative | None = None,
) -> AgendaItem:
    """A point for the agenda, at its end (about an initiative, if it is one)."""
    last = meeting.items.aggregate(last=Max("position"))["last"] or 0
    return AgendaItem.objects.create(
        meeting=meeting,
        title=title,
        minutes=minutes,
        position=last + 1,
        added_by=user,
        source=AgendaItem.Source.POINT,
        submission_key=submission_key,
        initiative=initiative,
    )


@transaction.atomic
def move_item(*, item: AgendaItem, step: int) -> None:
    """One place up (-1) or down (+1); positions are renumbered 1..n."""
    items = list(AgendaItem.objects.select_for_update().filter(meeting_id=item.meeting_id))
    items.sort(key=lambda row: (row.position, row.pk))
    index = next(i for i, row in enumerate(items) if row.pk == item.pk)
    target = min(max(index + step, 0), len(items) - 1)
    items.insert(target, items.pop(index))
    for number, row in enumerate(items, start=1):
        if row.position != number:
            AgendaItem.objects.filter(pk=row.pk).update(position=number)


def fix_agenda(*, meeting: Meeting) -> None:
    Meeting.objects.filter(pk=meeting.pk, state=Meeting.State.DRAFT).update(
        state=Meeting.State.FIXED, version=F("version") + 1
    )


@dataclass
class DateOption:
    day: datetime.date
    absent: list[User]


def suggest_dates(
    *, team: Team, start: datetime.date, days: int = 21, count: int = 5
) -> list[DateOption]:
    """School days from `start` on which the most members of `team` work: never a weekend
    or a school holiday; each with who does not work that day."""
    members = list(
        User.objects.filter(memberships__team=team, is_active=True).order_by("name").distinct()
    )
    holidays = list(
        Holiday.objects.filter(
            school_year__school_id=team.school_id,
            ends_on__gte=start,
            starts_on__lte=start + datetime.timedelta(days=days),
        ).values_list("starts_on", "ends_on")
    )
    options = []
    for offset in range(days):
        day = start + datetime.timedelta(days=offset)
        if day.weekday() >= 5 or any(first <= day <= last for first, last in holidays):
            continue
        options.append(DateOption(day, [m for m in members if not m.works_on(day)]))
    options.sort(key=lambda option: (len(option.absent), option.day))
    return sorted(options[:count], key=lambda option: option.day)


def _members(meeting: Meeting) -> list[User]:
    return list(
        User.objects.filter(memberships__team_id=meeting.team_id, is_active=True).distinct()
    )


def _params(meeting: Meeting) -> dict:
    return {
        "meeting": meeting.get_kind_display(),
        "team": meeting.team.name,
        "day": formats.date_format(timezone.localtime(meeting.starts_at), "l j F"),
    }


def announce_meeting(*, meeting: Meeting, by: User) -> None:
    """The team's members hear of a planned meeting on their bell (and by email on their
    next working morning): it is in their calendar feed, and the agenda takes points. Once
    saved, each also gets the invitation with the meeting as a calendar file."""
    members = _members(meeting)
    notify_event(
        recipients=members,
        kind=Kind.MEETING_PLANNED,
        key=f"meeting-{meeting.pk}",
        url=meeting.get_absolute_url(),
        params={"who": by.name, **_params(meeting)},
        skip=by,
    )
    transaction.on_commit(lambda: send_invitations(meeting=meeting, members=members))


def send_invitations(*, meeting: Meeting, members: list[User]) -> int:
    """An email per member with the meeting attached (.ics), in their language. A mail
    server that is down costs the attachment only: the bell line (emailed by the tick) and
    the calendar feed still carry the meeting."""
    ics = meeting_ics(meeting, base=settings.PLC_BASE_URL)
    link = settings.PLC_BASE_URL + meeting.get_absolute_url()
    sent = 0
    for member in members:
        with translation.override(member.language):
            params = _params(meeting)
            subject = _("Invitation: %(meeting)s of %(team)s on %(day)s") % params
            body = render_to_string(
                "meetings/email/invitation.txt", {"place": meeting.place, "link": link, **params}
            )
        message = EmailMessage(f"[PLG] {subject}", body, to=[member.email])
        message.attach("vergadering.ics", ics, "text/calendar")
        try:
            message.send()
            sent += 1
        except (OSError, smtplib.SMTPException) as error:
            log.warning("The invitation for meeting %s did not go out: %s", meeting.pk, error)
    return sent


@transaction.atomic
def record_outcome(*, outcome: Outcome, by: User) -> Outcome:
    """Save a decision or an action. A decision about an initiative that is running is
    written to its current phase as a decision entry, linked back to the meeting."""
    meeting = outcome.meeting
    outcome.created_by = by
    if outcome.item_id and outcome.item.initiative_id and not outcome.initiative_id:
        outcome.initiative = outcome.item.initiative
    initiative = outcome.initiative
    if outcome.kind == Outcome.Kind.ACTION and outcome.owner_id:
        due = (
            " " + _("(by %(date)s)") % {"date": formats.date_format(outcome.due_on, "j F")}
            if outcome.due_on
            else ""
        )
        notify_event(
            recipients=[outcome.owner],
            kind=Kind.MEETING_ACTION,
            key=f"meeting-{meeting.pk}-action-{outcome.submission_key or outcome.text[:20]}"[:100],
            url=meeting.get_absolute_url(),
            params={**_params(meeting), "text": outcome.text, "due": due},
            skip=by,
        )
    if (
        outcome.kind == Outcome.Kind.DECISION
        and initiative is not None
        and initiative.state == Initiative.State.RUNNING
    ):
        entry = Entry(
            kind=Entry.Kind.DECISION,
            text=_("Decided in the %(meeting)s of %(day)s: %(text)s")
            % {**_params(meeting), "text": outcome.text},
            url=settings.PLC_BASE_URL + meeting.get_absolute_url(),
        )
        add_entry(
            initiative=initiative,
            author=by,
            entry=entry,
            submission_key=f"meeting-{meeting.pk}-{outcome.submission_key}"[:40],
        )
        outcome.entry = entry if entry.pk else None
    outcome.save()
    return outcome


@transaction.atomic
def finish_meeting(*, meeting: Meeting, attendees: list[User], by: User) -> None:
    """The meeting was held: who was there, the notes to every member, and to each
    attendee a prompt to reflect (private, as always), emailed on their next working
    morning if they have not opened it by then."""
    updated = (
        Meeting.objects.filter(pk=meeting.pk)
        .exclude(state=Meeting.State.HELD)
        .update(state=Meeting.State.HELD, held_at=timezone.now(), version=F("version") + 1)
    )
    if not updated:
        return  # finished before (a second click): the notes went out once
    meeting.attendees.set(attendees)
    params = _params(meeting)
    notify_event(
        recipients=_members(meeting),
        kind=Kind.MEETING_NOTES,
        key=f"meeting-{meeting.pk}",
        url=meeting.get_absolute_url(),
        params=params,
        skip=by,
    )
    title = _("After the %(meeting)s of %(day)s") % params
    notify_event(
        recipients=attendees,
        kind=Kind.MEETING_REFLECT,
        key=f"meeting-{meeting.pk}",
        url=reverse("reflections:new_reflection") + "?" + urlencode({"titel": title}),
        params=params,
    )
