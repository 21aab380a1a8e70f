from __future__ import annotations

import datetime
from typing import Self

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import DayField, LineField
from core.reversing import reverse
from core.submissions import SubmittedOnce, submitted_once
from core.versioning import Versioned
from inquiries.models import Initiative
from teams.models import School, Team, User


def teams_meeting_for(user: User) -> models.QuerySet[Team]:
    """The teams whose meetings a person sees: their own, and every team of the school for
    its leader."""
    teams = Team.objects.filter(school_id=user.school_id)
    return teams if user.is_leader else teams.filter(memberships__user=user)


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def visible_to(self, user: User) -> Self:
        """A team's meetings are for its members and the school leader."""
        return self.filter(team__in=teams_meeting_for(user))

    def upcoming(self, now: datetime.datetime | None = None) -> Self:
        return self.filter(starts_at__gte=now or timezone.now()).order_by("starts_at")

    def past(self, now: datetime.datetime | None = None) -> Self:
        return self.filter(starts_at__lt=now or timezone.now()).order_by("-starts_at")


class Meeting(SubmittedOnce, Versioned):
    """A moment where a team learns together: a bouwvergadering, a team meeting, a study day
    or a working group. Its agenda is drafted from the team's own work."""

    class Kind(models.TextChoices):
        AGE_BAND = "bouw", _("age-band meeting (bouwvergadering)")
        TEAM = "team", _("team meeting")
        STUDY_DAY = "study_day", _("study day")
        WORKING_GROUP = "working_group", _("working group")

    class State(models.TextChoices):
        DRAFT = "draft", _("agenda open for points")
        FIXED = "fixed", _("agenda fixed")
        HELD = "held", _("held")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="meetings")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("kind of meeting"), max_length=14, choices=Kind.choices)
    starts_at = models.DateTimeField(_("starts at"))
    duration = models.PositiveSmallIntegerField(
        _("duration in minutes"), default=60, help_text=_("Between 15 and 480 minutes.")
    )
    place = LineField(_("place"), max_length=120, blank=True)
    state = models.CharField(max_length=6, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    held_at = models.DateTimeField(null=True, blank=True)
    # Who was there: to send the notes and the reflection prompt, never to judge anyone.
    attendees = models.ManyToManyField(User, blank=True, related_name="meetings_attended")

    objects = MeetingQuerySet.as_manager()
    school_path = "school"
    submission_scope = ("team",)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        constraints = [
            submitted_once("team", name="meeting_submitted_once"),
            models.CheckConstraint(
                condition=Q(duration__gte=15, duration__lte=480), name="meeting_duration_sane"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.team}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting_detail", args=[self.pk])

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration)

    def can_prepare(self, user: User) -> bool:
        """Order, time and fix the agenda: the team's lead and the school leader."""
        return user.can_edit_team(self.team)

    def takes_points(self) -> bool:
        return self.state == self.State.DRAFT


class AgendaItemQuerySet(models.QuerySet["AgendaItem"]):
    def visible_to(self, user: User) -> Self:
        return self.filter(meeting__in=Meeting.objects.visible_to(user))


class AgendaItem(SubmittedOnce):
    """One point of a meeting's agenda, and why it is there."""

    class Source(models.TextChoices):
        PHASE_DUE = "phase_due", _("a phase is due")
        NEWS = "news", _("new since the last meeting")
        SUPPORT = "support", _("support request answered")
        GOALS = "goals", _("shared goals")
        POINT = "point", _("put on the agenda")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    title = LineField(_("agenda item"), max_length=200)
    why = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.POINT)
    initiative = models.ForeignKey(
        Initiative, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=10)
    notes = models.TextField(_("notes"), max_length=5000, blank=True)
    added_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = AgendaItemQuerySet.as_manager()
    submission_scope = ("meeting",)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "pk"]
        constraints = [
            submitted_once("meeting", name="agenda_item_submitted_once"),
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=240), name="agenda_item_minutes_sane"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Outcome(SubmittedOnce):
    """What a meeting decided, or who does what by when. A decision about an initiative is
    also written to its current phase (`entry`)."""

    class Kind(models.TextChoices):
        DECISION = "decision", _("decision")
        ACTION = "action", _("action: who does what by when")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="outcomes")
    item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="outcomes"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    text = models.TextField(_("what"), max_length=2000)
    owner = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    due_on = DayField(_("by when"), null=True, blank=True)
    initiative = models.ForeignKey(
        Initiative, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entry = models.ForeignKey(
        "inquiries.Entry", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    submission_scope = ("meeting",)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["created_at", "pk"]
        constraints = [submitted_once("meeting", name="outcome_submitted_once")]

    def __str__(self) -> str:
        return self.text[:60]


class IntervisieQuerySet(models.QuerySet["IntervisieSession"]):
    def visible_to(self, user: User) -> Self:
        """An intervisie stays within its group: its participants, nobody else (not the
        school leader either)."""
        return self.filter(school_id=user.school_id, participants=user).distinct()


class IntervisieSession(SubmittedOnce):
    """Structured peer consultation on one colleague's case, walked step by step."""

    class Method(models.TextChoices):
        INCIDENT = "incident", _("Incident method")
        TEN_STEPS = "ten_steps", _("Ten-step method")
        GOSSIP = "roddel", _("Gossip method")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    case_bringer = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("case bringer")
    )
    facilitator = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("facilitator")
    )
    participants = models.ManyToManyField(
        User, related_name="intervisie_sessions", verbose_name=_("the group")
    )
    step = models.PositiveSmallIntegerField(default=0)
    is_done = models.BooleanField(default=False)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = IntervisieQuerySet.as_manager()
    submission_scope = ("school",)

    class Meta:
        verbose_name = _("intervisie session")
        verbose_name_plural = _("intervisie sessions")
        ordering = ["-created_at"]
        constraints = [submitted_once("school", name="intervisie_submitted_once")]

    def __str__(self) -> str:
        return f"{self.get_method_display()} ({self.created_at:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("meetings:intervisie", args=[self.pk])

    def leads(self, user: User) -> bool:
        """The facilitator moves the group through the steps."""
        return user.pk == self.facilitator_id


class IntervisieNote(models.Model):
    """What the group wrote down at a step; read only by the group."""

    session = models.ForeignKey(IntervisieSession, on_delete=models.CASCADE, related_name="notes")
    step = models.PositiveSmallIntegerField()
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("note"), max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["step", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]
