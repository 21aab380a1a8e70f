"""Demo meetings per age-band team: one held two weeks ago, with notes and a decision that
went into an initiative; one coming up, its agenda drafted from the team's own cycles, with
a point a colleague put on it."""

import datetime

from django.utils import timezone

from meetings.models import IntervisieNote, IntervisieSession, Meeting, Outcome
from meetings.services import (
    add_point,
    finish_meeting,
    plan_meeting,
    record_outcome,
    suggest_dates,
)
from teams.models import School, Team


def seed_meetings(school: School) -> None:
    _intervisie(school)
    for team in school.teams.filter(kind=Team.Kind.AGE_BAND).order_by("name"):
        if Meeting.objects.filter(team=team).exists():
            continue
        lead = next(
            (m.user for m in team.memberships.select_related("user") if m.role == "lead"), None
        )
        if lead is None:
            continue
        _held_meeting(team, lead)
        # The day the app would suggest: the one on which most of the team works.
        options = suggest_dates(team=team, start=timezone.localdate() + datetime.timedelta(days=2))
        best = min(options, key=lambda o: (len(o.absent), o.day), default=None)
        day = best.day if best else _next_working_day(lead)
        starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(15, 15)))
        meeting = plan_meeting(
            meeting=Meeting(
                team=team,
                kind=Meeting.Kind.AGE_BAND,
                starts_at=starts_at,
                place="Teamkamer",
                created_by=lead,
            )
        )
        member = team.memberships.exclude(user=lead).select_related("user").first()
        if member:
            add_point(
                meeting=meeting,
                user=member.user,
                title="Hoe nemen we de ouders mee in het leesplezier?",
                minutes=10,
            )


def _next_working_day(person) -> datetime.date:
    day = timezone.localdate() + datetime.timedelta(days=2)
    while not person.works_on(day):
        day += datetime.timedelta(days=1)
    return day


def _held_meeting(team: Team, lead) -> None:
    day = timezone.localdate() - datetime.timedelta(days=14)
    while not lead.works_on(day):
        day -= datetime.timedelta(days=1)
    meeting = plan_meeting(
        meeting=Meeting(
            team=team,
            kind=Meeting.Kind.AGE_BAND,
            starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(15, 15))),
            place="Teamkamer",
            created_by=lead,
        )
    )
    items = list(meeting.items.all())
    about = next((item for item in items if item.initiative_id), items[0] if items else None)
    if about:
        about.notes = "De kinderen vertellen enthousiast; twee kinderen haken nog af."
        about.save(update_fields=["notes"])
        record_outcome(
            outcome=Outcome(
                meeting=meeting,
                item=about,
                kind=Outcome.Kind.DECISION,
                text="We houden het vier weken vol en kijken dan samen naar de meting.",
                submission_key="demo-decision",
            ),
            by=lead,
        )
    members = [m.user for m in team.memberships.select_related("user")]
    finish_meeting(meeting=meeting, attendees=members, by=lead)


def _intervisie(school: School) -> None:
    """One intervisie of the middenbouw, rounded off, with the group's notes."""
    if IntervisieSession.objects.filter(school=school).exists():
        return
    team = school.teams.filter(name="Middenbouw").first()
    if team is None:
        return
    members = [m for m in team.memberships.select_related("user").order_by("user__name")]
    lead = next((m.user for m in members if m.role == "lead"), None)
    # The demo's teacher brings the case, so her login shows the session.
    bringer = next((m.user for m in members if m.user.email == "leerkracht@demo.test"), None)
    if lead is None or bringer is None:
        return
    others = [m.user for m in members if m.user not in (lead, bringer)][:2]
    group = [lead, bringer, *others]
    session = IntervisieSession.objects.create(
        school=school,
        method=IntervisieSession.Method.INCIDENT,
        case_bringer=bringer,
        facilitator=lead,
        created_by=lead,
        step=4,
        is_done=True,
    )
    session.participants.set(group)
    for step, author, text in (
        (0, bringer, "Bij het voorlezen haakten drie kinderen af zodra het boek moeilijker werd."),
        (3, lead, "Ik zou de kinderen vooraf laten voorspellen waar het verhaal heen gaat."),
        (4, bringer, "Ik probeer volgende week een voorspelvraag vóór elk hoofdstuk."),
    ):
        IntervisieNote.objects.create(session=session, step=step, author=author, text=text)
