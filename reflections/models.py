from __future__ import annotations

import datetime
from typing import Self

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.fields import DayField, LineField
from core.prepared import PreparedQuery
from core.reversing import reverse
from core.submissions import SubmittedOnce, submitted_once
from core.versioning import Versioned
from inquiries.models import Initiative, Phase
from teams.models import Membership, School, Team, User

from .markdown import render_markdown


def readable_by(reader, school, *, via: str = "") -> Q:
    """The one rule for who may read a reflection: its author; when shared with the school,
    everyone there; when shared with a team, that team's members. A private reflection
    nobody else, ever: not a lead, the leader or an admin.

    `reader` and `school` are a person's id and their school's id, or expressions naming
    them in the query this condition filters (F("asked"), OuterRef("pk")); `via` is the
    path from that query's model to the reflection ("reflection__").
    """
    if isinstance(reader, OuterRef):
        in_subquery = OuterRef(reader)
    elif isinstance(reader, F):
        in_subquery = OuterRef(reader.name)
    else:
        in_subquery = reader
    in_team = Exists(Membership.objects.filter(user=in_subquery, team_id=OuterRef(f"{via}team_id")))
    return Q(**{f"{via}school_id": school}) & (
        Q(**{f"{via}author_id": reader})
        | Q(**{f"{via}visibility": Reflection.Visibility.SCHOOL})
        | (Q(**{f"{via}visibility": Reflection.Visibility.TEAM}) & in_team)
    )


class ReflectionQuerySet(models.QuerySet["Reflection"]):
    def visible_to(self, user: User) -> Self:
        """The user's own reflections and those shared with them; a private one never."""
        return self.filter(readable_by(user.pk, user.school_id))

    def shared_with(self, user: User) -> Self:
        """The feed: colleagues' reflections the user may read."""
        return (
            self.visible_to(user)
            .exclude(author=user)
            .exclude(visibility=Reflection.Visibility.PRIVATE)
        )

    def for_list(self) -> Self:
        return self.select_related("author", "team", "initiative")


class Reflection(SubmittedOnce, Versioned):
    """A team member's reflection on their own practice. Private unless the author shares."""

    class Visibility(models.TextChoices):
        PRIVATE = "private", _("only me")
        TEAM = "team", _("my team")
        SCHOOL = "school", _("the whole school")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="reflections")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="reflections")
    title = LineField(_("title"), max_length=150)
    hard_or_exciting = models.TextField(
        _("What did I find hard or exciting?"), max_length=3000, blank=True
    )
    tried_new = models.TextField(_("What did I try that was new?"), max_length=3000, blank=True)
    proud_of = models.TextField(_("What am I proud of?"), max_length=3000, blank=True)
    learn_next = models.TextField(_("What do I want to learn next?"), max_length=3000, blank=True)
    body = models.TextField(
        _("More"),
        max_length=10000,
        blank=True,
        help_text=_("Free text. You can use Markdown: **bold**, _italic_, lists and links."),
    )
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reflections",
        verbose_name=_("initiative"),
    )
    phase = models.ForeignKey(
        Phase, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    visibility = models.CharField(
        _("who may read it"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PRIVATE,
    )
    # PROTECT: a team with shared reflections cannot silently vanish (teams are not
    # deleted in the app; the admin is told why).
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reflections",
        verbose_name=_("team"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReflectionQuerySet.as_manager()

    submission_scope = ("author",)

    class Meta:
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")
        ordering = ["-created_at", "-pk"]
        constraints = [
            submitted_once("author", name="reflection_submitted_once"),
            models.CheckConstraint(
                condition=~Q(visibility="team") | Q(team__isnull=False),
                name="team_reflection_names_its_team",
            ),
        ]

    def __str__(self) -> str:
        # Never the title: lists such as the admin's delete page may show it to others.
        return gettext("Reflection %(pk)s") % {"pk": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("reflections:reflection_detail", args=[self.pk])

    @property
    def body_html(self):
        return render_markdown(self.body)

    @property
    def is_private(self) -> bool:
        return self.visibility == self.Visibility.PRIVATE

    def prompts(self) -> list[tuple[str, str]]:
        fields = ["hard_or_exciting", "tried_new", "proud_of", "learn_next"]
        return [
            (str(self._meta.get_field(name).verbose_name), getattr(self, name))
            for name in fields
            if getattr(self, name)
        ]

    def readers(self) -> models.QuerySet[User]:
        """Everyone besides the author who may read it now (active colleagues only)."""
        this = Reflection.objects.filter(pk=self.pk)
        return (
            User.objects.filter(school_id=self.school_id, is_active=True)
            .exclude(pk=self.author_id)
            .filter(Exists(this.filter(readable_by(OuterRef("pk"), OuterRef("school_id")))))
        )

    def share(self, *, visibility: str, team: Team | None) -> None:
        own_team = team is not None and Membership.objects.filter(team=team, user=self.author)
        if visibility == self.Visibility.TEAM and not (own_team and own_team.exists()):
            raise ValidationError(gettext("Choose one of your own teams."))
        self.visibility = visibility
        self.team = team if visibility == self.Visibility.TEAM else None


class FeedbackRequestQuerySet(models.QuerySet["FeedbackRequest"]):
    def visible_to(self, user: User) -> Self:
        """Requests to this user, only while they may still read the reflection."""
        readable = Reflection.objects.visible_to(user).values("pk")
        return self.filter(asked=user, reflection__in=readable)

    def open_for(self, user: User) -> Self:
        """Requests waiting for this user's answer."""
        return self.visible_to(user).filter(answered_at__isnull=True)

    def waiting(self) -> Self:
        """Every unanswered request whose colleague may still read the reflection."""
        return self.filter(answered_at__isnull=True).filter(
            readable_by(F("asked_id"), F("asked__school_id"), via="reflection__")
        )


class FeedbackRequest(models.Model):
    """The author asks a colleague for feedback; the colleague answers in three parts."""

    reflection = models.ForeignKey(
        Reflection, on_delete=models.CASCADE, related_name="feedback_requests"
    )
    asked = models.ForeignKey(User, on_delete=models.CASCADE, related_name="feedback_requests")
    noticed = models.TextField(_("What I noticed"), max_length=3000, blank=True)
    wonder = models.TextField(_("What I wonder"), max_length=3000, blank=True)
    suggestion = models.TextField(_("A suggestion"), max_length=3000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = FeedbackRequestQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["reflection", "asked"], name="unique_feedback_request")
        ]

    def __str__(self) -> str:
        return f"{self.asked} → {self.reflection}"  # the reflection's number, not its title

    def get_absolute_url(self) -> str:
        return reverse("reflections:give_feedback", args=[self.pk])

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class LessonVisitQuerySet(models.QuerySet["LessonVisit"]):
    def visible_to(self, user: User) -> Self:
        """The two people involved; the whole school only when the teacher shared it."""
        return self.filter(host__school_id=user.school_id).filter(
            Q(host=user) | Q(observer=user) | Q(shared=True)
        )

    def involving(self, user: User) -> Self:
        return self.filter(Q(host=user) | Q(observer=user))

    def for_list(self) -> Self:
        return self.select_related("host", "observer")


class LessonVisit(SubmittedOnce):
    """Collegiale consultatie: a colleague observes the pupils in a lesson, with a focus."""

    submission_scope = ("host",)

    class State(models.TextChoices):
        INVITED = "invited", _("invited")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        HELD = "held", _("held")
        REFLECTED = "reflected", _("reflected on")
        CANCELLED = "cancelled", _("cancelled")

    host = models.ForeignKey(User, on_delete=models.PROTECT, related_name="hosted_visits")
    observer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="observed_visits")
    focus_question = models.TextField(
        _("focus question about the pupils"),
        max_length=1000,
        help_text=_("What should your colleague watch the pupils do or say?"),
    )
    lesson = LineField(
        _("which lesson"),
        max_length=200,
        help_text=_("Group, subject and time, for example “group 5, reading, 10:30”."),
    )
    planned_on = DayField(_("date"))
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.INVITED)
    observer_notes = models.TextField(_("observation notes"), max_length=5000, blank=True)
    host_reflection = models.TextField(_("reflection of the teacher"), max_length=3000, blank=True)
    observer_reflection = models.TextField(
        _("reflection of the observer"), max_length=3000, blank=True
    )
    shared = models.BooleanField(_("shared with the school"), default=False)
    cancel_note = models.TextField(_("why it is cancelled"), max_length=1000, blank=True)
    cancelled_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LessonVisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("lesson visit")
        verbose_name_plural = _("lesson visits")
        ordering = ["-planned_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(host=models.F("observer")), name="visit_needs_two_people"
            ),
            submitted_once("host", name="visit_submitted_once"),
        ]

    def __str__(self) -> str:
        return f"{self.host} ← {self.observer}, {self.planned_on}"

    def get_absolute_url(self) -> str:
        return reverse("reflections:visit_detail", args=[self.pk])

    def _require(self, *states: str) -> None:
        if self.state not in states:
            raise ValidationError(
                gettext("That is not possible while the visit is “%(state)s”.")
                % {"state": self.get_state_display()}
            )

    def accept(self) -> None:
        self._require(self.State.INVITED)
        self.state = self.State.ACCEPTED

    def decline(self) -> None:
        self._require(self.State.INVITED)
        self.state = self.State.DECLINED

    def mark_held(self) -> None:
        self._require(self.State.ACCEPTED)
        if self.planned_on > timezone.localdate():
            raise ValidationError(gettext("The visit is still to come."))
        self.state = self.State.HELD

    def cancel(self, *, by: User, note: str) -> None:
        self._require(self.State.INVITED, self.State.ACCEPTED)
        if not note.strip():
            raise ValidationError(gettext("Add a short note for your colleague."))
        self.state = self.State.CANCELLED
        self.cancel_note = note.strip()
        self.cancelled_by = by

    def add_reflection(self, *, by: User, text: str) -> None:
        self._require(self.State.HELD, self.State.REFLECTED)
        if by.pk == self.host_id:
            self.host_reflection = text
        elif by.pk == self.observer_id:
            self.observer_reflection = text
        if self.host_reflection and self.observer_reflection:
            self.state = self.State.REFLECTED

    def is_party(self, user: User) -> bool:
        return user.pk in (self.host_id, self.observer_id)


def days_both_work(
    first: User, second: User, *, start: datetime.date | None = None, count: int = 6
) -> list[datetime.date]:
    """The next school days on which both colleagues work (no weekends, no holidays)."""
    from teams.models import Holiday

    day = start or timezone.localdate() + datetime.timedelta(days=1)
    holidays = list(
        Holiday.objects.filter(
            school_year__school_id=first.school_id, ends_on__gte=day
        ).values_list("starts_on", "ends_on")
    )
    found: list[datetime.date] = []
    for _step in range(120):
        in_holiday = any(start_on <= day <= end_on for start_on, end_on in holidays)
        if not in_holiday and first.works_on(day) and second.works_on(day):
            found.append(day)
            if len(found) == count:
                break
        day += datetime.timedelta(days=1)
    return found


# What waits for a person's answer, on their home and in their journal: compiled once per
# process (core.prepared).
OPEN_FEEDBACK_REQUESTS = PreparedQuery(
    lambda user: FeedbackRequest.objects.open_for(user).select_related("reflection__author"),
    for_user=True,
)
