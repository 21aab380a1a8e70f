"""A meeting's agenda drafted from the team's own work, and the dates the team can make."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from inquiries.models import Initiative, SupportRequest
from teams.models import Holiday, SharedGoal, Team, User

from .models import AgendaItem, Meeting

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
        if initiative.phase_due_on and initiative.phase_due_on <= day + DUE_SOON:
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
            source = AgendaItem.Source.PHASE_DUE if "phase" in why[0] else AgendaItem.Source.NEWS
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
    *, meeting: Meeting, user: User, title: str, minutes: int, submission_key: str = ""
) -> AgendaItem:
    """A point for the agenda, at its end."""
    last = meeting.items.aggregate(last=Max("position"))["last"] or 0
    return AgendaItem.objects.create(
        meeting=meeting,
        title=title,
        minutes=minutes,
        position=last + 1,
        added_by=user,
        source=AgendaItem.Source.POINT,
        submission_key=submission_key,
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
