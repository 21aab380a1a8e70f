"""The culture pulse and the PLC self-scan: anonymous answers, shown only after a round has
closed and only in groups of at least five, so that no answer can be traced to a person."""

from __future__ import annotations

import datetime
from typing import Self

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access import SchoolScopedQuerySet

# Fewer answers in a group: no result for it (services.shown_groups).
from core.anonymity import MIN_GROUP as MIN_GROUP
from core.fields import DayField
from core.submissions import SubmittedOnce, submitted_once
from teams.models import School, Team, User

# (key, statement) on a 1–5 scale: the core values and working together.
PULSE_STATEMENTS = [
    ("motivation", _("I work on things I find important for the children.")),
    ("engagement", _("I feel involved in what my team is working on.")),
    ("dedication", _("I have the time and space to give my best.")),
    ("enjoyment", _("I enjoy my work.")),
    ("safe", _("I dare to say what I find hard or exciting.")),
    ("try", _("I dare to try something new in my class.")),
    ("learn", _("I learn from my colleagues.")),
    ("support", _("I feel supported by the school leadership.")),
]

# The five parts of a learning community, after the seed article.
SCAN_PARTS = [
    ("culture", _("Shared culture and norms")),
    ("leadership", _("Facilitating leadership")),
    ("structure", _("Structure for learning together")),
    ("information", _("Information focused on the children's learning")),
    ("hr", _("HR policy for developing together")),
]


class RoundQuerySet(SchoolScopedQuerySet):
    def open_on(self, day: datetime.date) -> Self:
        return self.filter(opens_on__lte=day, closes_on__gte=day)

    def to_answer_by(self, user: User, today: datetime.date | None = None) -> Self:
        """Rounds of the user's school that are open today and that they have not answered."""
        return (
            self.visible_to(user)
            .open_on(today or timezone.localdate())
            .exclude(participations__user=user)
        )


class Round(SubmittedOnce):
    """A pulse or a self-scan, opened by the school leader for a period."""

    class Kind(models.TextChoices):
        PULSE = "pulse", _("culture pulse")
        SCAN = "scan", _("PLC self-scan")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="culture_rounds")
    kind = models.CharField(
        _("what kind of round"), max_length=5, choices=Kind.choices, default=Kind.PULSE
    )
    title = models.CharField(_("title"), max_length=120)
    opens_on = DayField(_("opens on"))
    closes_on = DayField(_("closes on"))
    created_at = models.DateTimeField(auto_now_add=True)

    school_path = "school"
    objects = RoundQuerySet.as_manager()

    submission_scope = ("school",)

    class Meta:
        ordering = ["-opens_on", "-pk"]
        constraints = [
            submitted_once("school", name="round_submitted_once"),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="round_closes_after_open"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.opens_on <= timezone.localdate() <= self.closes_on

    @property
    def is_closed(self) -> bool:
        """Past its closing date: only now are there results, and no answer can be added to
        them (reading the page before and after one answer would give that answer away)."""
        return self.closes_on < timezone.localdate()

    @property
    def results_from(self) -> datetime.date:
        return self.closes_on + datetime.timedelta(days=1)


class Participation(models.Model):
    """Who has answered — kept apart from the answers, which carry no person."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="answer_a_round_once")
        ]

    def __str__(self) -> str:
        return f"{self.round}"


class Answer(models.Model):
    """One anonymous answer: the team it counts for, and the scores. No person, no time, and
    no order: `culture.services.file_anonymously` rewrites a round's answers shuffled."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="answers")
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, related_name="+")
    scores = models.JSONField()  # {statement or part key: 1–5} or {part: {"now": n, "want": n}}

    def __str__(self) -> str:
        return f"{self.round}"


class ScanNote(models.Model):
    """What a team says about the gap in one part of the self-scan."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="notes")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    part = models.CharField(_("part of the self-scan"), max_length=20, choices=SCAN_PARTS)
    text = models.TextField(_("our conversation"), max_length=3000)
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:60]
