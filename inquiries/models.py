from __future__ import annotations

import datetime
import uuid
from typing import Self

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.access import SchoolScopedQuerySet
from core.fields import DayField, LineField
from core.reversing import reverse
from core.submissions import SubmittedOnce, submitted_once
from core.versioning import Versioned
from teams.models import Board, CoreValue, School, SchoolYear, SharedGoal, Team, User


class CycleTemplateQuerySet(models.QuerySet["CycleTemplate"]):
    def visible_to(self, user: User) -> Self:
        """The built-in templates, those the board offers and the school's own copies, in
        use or not."""
        builtin = Q(school__isnull=True, board__isnull=True)
        board_id = user.board_scope_id
        offered = Q(board_id=board_id) if board_id else Q(pk__in=[])
        own = Q(school_id=user.school_id) if user.school_id else Q(pk__in=[])
        return self.filter(builtin | offered | own)

    def available_to(self, user: User) -> Self:
        """What a new initiative may follow: the built-in templates and the school's own
        copies in use (a board's template is copied first, to adapt it)."""
        return self.visible_to(user).filter(is_active=True, board__isnull=True)

    def own_of(self, user: User) -> Self:
        """The copies that the user's school (or, for board staff, the board) made: only
        those can be edited; built-in ones are shared by every school."""
        if user.school_id is None:
            return self.filter(board_id=user.board_id) if user.board_id else self.none()
        return self.filter(school_id=user.school_id)


class CycleTemplate(SubmittedOnce, Versioned):
    """The phases an inquiry cycle goes through (Spiral of Inquiry, data team, PDCA, ...)."""

    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="cycle_templates",
        help_text=_("Empty for the built-in templates that every school can use."),
    )
    # A template the board offers its schools to copy and adapt (then it has no school).
    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, null=True, blank=True, related_name="cycle_templates"
    )
    builtin_key = models.CharField(max_length=30, blank=True)
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    name = LineField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    allows_step_back = models.BooleanField(
        _("members may go back a phase"),
        default=True,
    )
    is_active = models.BooleanField(_("in use"), default=True)

    objects = CycleTemplateQuerySet.as_manager()

    submission_scope = ("school",)

    class Meta:
        verbose_name = _("cycle template")
        verbose_name_plural = _("cycle templates")
        ordering = ["school_id", "name"]
        constraints = [
            submitted_once("school", name="cycle_template_submitted_once"),
            submitted_once("board", name="board_template_submitted_once"),
            models.UniqueConstraint(
                fields=["builtin_key"],
                condition=Q(school__isnull=True, board__isnull=True),
                name="unique_builtin_template",
            ),
            models.CheckConstraint(
                condition=Q(school__isnull=False) | Q(board__isnull=False) | ~Q(builtin_key=""),
                name="builtin_template_has_key",
            ),
            models.CheckConstraint(
                condition=Q(school__isnull=True) | Q(board__isnull=True),
                name="template_of_a_school_or_a_board",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def is_builtin(self) -> bool:
        return self.school_id is None and self.board_id is None

    @property
    def is_the_boards(self) -> bool:
        return self.board_id is not None

    def may_be_edited_by(self, user: User) -> bool:
        if self.board_id is not None:
            return user.can_manage_board_templates and self.board_id == user.board_id
        return (
            self.school_id is not None
            and self.school_id == user.school_id
            and user.can_manage_cycle_templates
        )

    @property
    def display_name(self) -> str:
        # Built-in texts are msgids in the catalogue; a school's own copy is its own words.
        return gettext(self.name) if self.is_builtin else self.name

    @property
    def display_description(self) -> str:
        return (
            gettext(self.description) if self.is_builtin and self.description else self.description
        )


class Phase(models.Model):
    template = models.ForeignKey(CycleTemplate, on_delete=models.CASCADE, related_name="phases")
    position = models.PositiveSmallIntegerField()
    key = models.CharField(max_length=30)
    name = LineField(_("name"), max_length=120)
    guiding_questions = models.TextField(_("guiding questions"), blank=True)
    produces = models.TextField(_("what this phase produces"), blank=True)
    loops_back_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("may loop back to"),
    )

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(fields=["template", "position"], name="unique_phase_position"),
            models.UniqueConstraint(fields=["template", "key"], name="unique_phase_key"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def _text(self, value: str) -> str:
        return gettext(value) if value and self.template.is_builtin else value

    @property
    def display_name(self) -> str:
        return self._text(self.name)

    @property
    def display_guiding_questions(self) -> str:
        return self._text(self.guiding_questions)

    @property
    def display_produces(self) -> str:
        return self._text(self.produces)


class InitiativeQuerySet(models.QuerySet["Initiative"]):
    def visible_to(self, user: User) -> Self:
        """Initiatives are open to the whole school: learning is shared."""
        return self.filter(school_id=user.school_id)

    def involving(self, user: User) -> Self:
        return self.filter(memberships__user=user)

    def open(self) -> Self:
        return self.filter(state__in=Initiative.OPEN_STATES)

    def quiet(self, now: datetime.datetime) -> Self:
        """Running, with nothing added, moved or said for three weeks."""
        return self.filter(_quiet(now))

    def stalled(self, now: datetime.datetime) -> Self:
        """Stuck: running and past its phase's due date, or quiet for three weeks. The one
        rule the dashboard, the team overview and the reminders use."""
        return self.filter(_stalled(now))

    def with_stalled(self, now: datetime.datetime) -> Self:
        """`is_stalled`, and why (`is_past_due`, `is_quiet`), on each row by the same rule
        as `stalled()`."""
        return self.annotate(
            is_stalled=models.ExpressionWrapper(_stalled(now), models.BooleanField()),
            is_past_due=models.ExpressionWrapper(_past_due(now), models.BooleanField()),
            is_quiet=models.ExpressionWrapper(_quiet(now), models.BooleanField()),
        )

    def for_list(self) -> Self:
        return (
            self.select_related("template", "current_phase__template", "started_by")
            .prefetch_related("teams")
            .annotate(member_count=models.Count("memberships", distinct=True))
        )

    def with_current_phase(self) -> Self:
        """What a one-line mention shows (title, phase, due date): no teams, no counts."""
        return self.select_related("current_phase__template")

    def with_goal_and_value_names(self) -> Self:
        """`goal_names` and `value_names` as lists, loaded with the initiative instead of
        two more queries (a subquery each, so the two lists do not multiply)."""
        return self.annotate(
            goal_names_joined=_names_of(Initiative.goals.through, "sharedgoal__title"),
            value_names_joined=_names_of(
                Initiative.core_values.through, "corevalue__position", "corevalue__name"
            ),
        )

    def reviewable_by(self, user: User) -> Self:
        """What `user` reviews: the leader every initiative of the school, a team lead those
        of the teams they lead."""
        initiatives = self.visible_to(user)
        if not user.is_leader:
            initiatives = initiatives.filter(teams__in=user.led_team_ids).distinct()
        return initiatives

    def with_news_for(self, user: User) -> Self:
        """What changed since `user` last looked: new entries, comments and phase moves.
        Someone who never looked sees everything as new."""
        last_seen = ReviewMark.objects.filter(user=user, initiative=OuterRef("pk"))
        annotated = self.annotate(
            last_seen=Subquery(last_seen.values("seen_at")[:1]),
            seen_since=Coalesce("last_seen", Value(NEVER)),
        )
        return annotated.annotate(
            new_entries=_count_since(Entry),
            new_comments=_count_since(Comment),
            new_moves=_count_since(PhaseMove),
        )

    def with_news(self) -> Self:
        """After with_news_for: only those where something changed."""
        return self.filter(Q(new_entries__gt=0) | Q(new_comments__gt=0) | Q(new_moves__gt=0))


NEVER = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
QUIET_FOR = datetime.timedelta(weeks=3)


def _quiet(now: datetime.datetime) -> Q:
    return Q(state=Initiative.State.RUNNING, last_activity_at__lt=now - QUIET_FOR)


def _past_due(now: datetime.datetime) -> Q:
    return Q(state=Initiative.State.RUNNING, phase_due_on__lt=timezone.localdate(now))


def _stalled(now: datetime.datetime) -> Q:
    return _past_due(now) | _quiet(now)


def _names_of(through, *fields: str) -> Subquery:
    # One line per related row ("position\tname" where a position orders them); names are
    # single-line, and SQLite cannot order inside an aggregate, so Python sorts.
    parts: list = []
    for field in fields:
        parts += [Cast(field, models.CharField()), Value("\t")]
    return Subquery(
        through.objects.filter(initiative=OuterRef("pk"))
        .order_by()
        .values("initiative")
        .annotate(
            names=models.StringAgg(
                Concat(*parts[:-1]) if len(fields) > 1 else fields[0], Value("\n")
            )
        )
        .values("names")
    )


def split_names(joined: str | None, *, keyed: bool = False) -> list[str]:
    """The names `_names_of` joined, in order (by their position first when `keyed`)."""
    lines = (joined or "").splitlines()
    if not keyed:
        return sorted(lines)
    pairs = sorted((int(key), name) for key, name in (line.split("\t", 1) for line in lines))
    return [name for _key, name in pairs]


def _count_since(model) -> Coalesce:
    return Coalesce(
        Subquery(
            model.objects.filter(initiative=OuterRef("pk"), created_at__gt=OuterRef("seen_since"))
            .order_by()
            .values("initiative")
            .annotate(n=models.Count("pk"))
            .values("n")[:1]
        ),
        0,
    )


class Initiative(SubmittedOnce, Versioned):
    """An improvement started bottom-up by any team member, studied in an inquiry cycle."""

    class State(models.TextChoices):
        IDEA = "idea", _("idea: gathering colleagues")
        RUNNING = "running", _("running")
        PAUSED = "paused", _("paused")
        COMPLETED = "completed", _("completed")
        STOPPED = "stopped", _("stopped")

    OPEN_STATES = (State.IDEA, State.RUNNING, State.PAUSED)

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="initiatives")
    title = LineField(_("title"), max_length=150)
    question = models.TextField(
        _("our question"),
        max_length=1000,
        help_text=_("About your own practice, for example: “How can we …?”"),
    )
    why = models.TextField(_("why it matters for the children"), max_length=2000)
    children = LineField(
        _("which children"),
        max_length=200,
        help_text=_(
            "Groups or age band and how many, for example “group 5, 27 pupils”. "
            "Never pupils' names."
        ),
    )
    how_we_see_it = models.TextField(
        _("how we will see whether it helped"), max_length=2000, blank=True
    )
    goals = models.ManyToManyField(
        SharedGoal, blank=True, related_name="initiatives", verbose_name=_("shared goals")
    )
    core_values = models.ManyToManyField(
        CoreValue, blank=True, related_name="initiatives", verbose_name=_("core values")
    )
    teams = models.ManyToManyField(Team, related_name="initiatives", verbose_name=_("teams"))
    template = models.ForeignKey(
        CycleTemplate,
        on_delete=models.PROTECT,
        related_name="initiatives",
        verbose_name=_("cycle"),
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.IDEA)
    current_phase = models.ForeignKey(
        Phase, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    phase_due_on = DayField(_("phase due on"), null=True, blank=True)
    school_year = models.ForeignKey(
        SchoolYear, on_delete=models.SET_NULL, null=True, blank=True, related_name="initiatives"
    )
    started_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_activity_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = InitiativeQuerySet.as_manager()

    submission_scope = ("school",)

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-last_activity_at"]
        constraints = [
            submitted_once("school", name="initiative_submitted_once"),
            models.CheckConstraint(
                condition=Q(state__in=["idea", "stopped"]) | Q(current_phase__isnull=False),
                name="started_initiative_has_a_phase",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("inquiries:initiative_detail", args=[self.pk])

    def remember_entries(self, entries: list[Entry]) -> None:
        """All its entries, loaded for the page: what `measurement_entries()` then reads."""
        self._entries = entries

    def measurement_entries(self) -> list[Entry]:
        """Its measurements, oldest first: from the entries the page loaded, else one query."""
        loaded = getattr(self, "_entries", None)
        if loaded is None:
            return list(self.entries.filter(kind=Entry.Kind.MEASUREMENT).order_by("created_at"))
        return [entry for entry in loaded if entry.kind == Entry.Kind.MEASUREMENT]

    @property
    def goal_names(self) -> list[str]:
        """Loaded by `with_goal_and_value_names()`, else one query."""
        if hasattr(self, "goal_names_joined"):
            return split_names(self.goal_names_joined)
        return sorted(goal.title for goal in self.goals.all())

    @property
    def value_names(self) -> list[str]:
        """Loaded by `with_goal_and_value_names()`, else one query (in the school's order)."""
        if hasattr(self, "value_names_joined"):
            return split_names(self.value_names_joined, keyed=True)
        return [value.name for value in self.core_values.all()]

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    def is_member(self, user: User) -> bool:
        """Members add entries, move phases and change the state (memberships prefetched)."""
        return user.is_active and any(m.user_id == user.pk for m in self.memberships.all())

    def can_comment(self, user: User) -> bool:
        """Everyone involved: members, the leads of its teams and the school leader."""
        if not user.is_active or user.school_id != self.school_id:
            return False
        return self.is_member(user) or self.can_review(user)

    def can_review(self, user: User) -> bool:
        """Feedback on phases: the leads of its teams and the school leader."""
        if not user.is_active or user.school_id != self.school_id:
            return False
        return user.is_leader or any(team.pk in user.led_team_ids for team in self.teams.all())

    def can_join(self, user: User) -> bool:
        return self.is_open and user.is_active and not self.is_member(user)

    # --- phases ---
    def phase_moves(self) -> list[Phase]:
        """The phases the initiative may move to from its current phase."""
        if self.state != self.State.RUNNING or self.current_phase is None:
            return []
        phases = list(self.template.phases.all())
        index = next(i for i, p in enumerate(phases) if p.pk == self.current_phase_id)
        moves = []
        if index + 1 < len(phases):
            moves.append(phases[index + 1])
        back = self.current_phase.loops_back_to_id
        if back:
            moves.extend(p for p in phases if p.pk == back)
        if self.template.allows_step_back and index > 0 and phases[index - 1].pk != back:
            moves.append(phases[index - 1])
        return moves

    @property
    def is_in_last_phase(self) -> bool:
        if self.current_phase is None:
            return False
        last = max(p.position for p in self.template.phases.all())
        return self.current_phase.position == last

    @property
    def is_overdue(self) -> bool:
        return (
            self.state == self.State.RUNNING
            and self.phase_due_on is not None
            and self.phase_due_on < timezone.localdate()
        )

    # --- state changes: the only way the state field changes ---
    def _require(self, allowed: tuple[str, ...]) -> None:
        if self.state not in allowed:
            raise ValidationError(
                gettext("That is not possible while the initiative is “%(state)s”.")
                % {"state": self.get_state_display()}
            )

    def start(self) -> None:
        self._require((self.State.IDEA,))
        self.state = self.State.RUNNING
        self.current_phase = self.template.phases.order_by("position").first()

    def pause(self) -> None:
        self._require((self.State.RUNNING,))
        self.state = self.State.PAUSED

    def resume(self) -> None:
        self._require((self.State.PAUSED,))
        self.state = self.State.RUNNING

    def stop(self) -> None:
        """Stopping is a learning too: the learning card asks what was learned, not why."""
        self._require(self.OPEN_STATES)
        self.state = self.State.STOPPED
        self.ended_at = timezone.now()

    def complete(self) -> None:
        self._require((self.State.RUNNING,))
        if not self.is_in_last_phase:
            raise ValidationError(gettext("Complete the last phase of the cycle first."))
        self.state = self.State.COMPLETED
        self.ended_at = timezone.now()

    def move_to(self, phase: Phase) -> None:
        if phase not in self.phase_moves():
            raise ValidationError(
                gettext("The initiative cannot move to “%(phase)s” from here.")
                % {"phase": phase.display_name}
            )
        self.current_phase = phase
        self.phase_due_on = None


class InitiativeMember(models.Model):
    class Role(models.TextChoices):
        STARTER = "starter", _("started it")
        MEMBER = "member", _("member")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="initiative_memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(auto_now_add=True)
    # Each member decides for themselves, for a card shared with the board.
    named_on_board = models.BooleanField(
        _("my name may be shown with the shared card"), default=False
    )
    contact_from_board = models.BooleanField(
        _("colleagues of other schools may ask me a question about it"), default=False
    )

    class Meta:
        ordering = ["joined_at"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "user"], name="unique_initiative_member")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.initiative}"


class Invitation(models.Model):
    """The starter asks a colleague to join; the colleague decides."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="invitations")
    invitee = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    invited_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["initiative", "invitee"], name="unique_invitation")
        ]

    def __str__(self) -> str:
        return f"{self.invitee} – {self.initiative}"


def entry_upload_path(entry: Entry, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"initiatives/{entry.initiative_id}/{uuid.uuid4().hex}.{extension}"


class Entry(SubmittedOnce, Versioned):
    """Something a member adds to a phase: a note, observation, decision, link or measurement."""

    submission_scope = ("initiative",)
    # Initiatives are open to the whole school, and so are their entries.
    school_path = "initiative__school"
    objects = SchoolScopedQuerySet.as_manager()

    class Kind(models.TextChoices):
        NOTE = "note", _("note")
        OBSERVATION = "observation", _("observation")
        DECISION = "decision", _("decision")
        LINK = "link", _("link")
        FILE = "file", _("file")
        MEASUREMENT = "measurement", _("measurement")

    class Unit(models.TextChoices):
        NUMBER = "number", _("number")
        PERCENT = "percent", _("percentage of the group")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="entries")
    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.NOTE)
    text = models.TextField(_("text"), max_length=5000, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    # Stored under an unguessable name and served only through the initiative's access check.
    file = models.FileField(_("file"), upload_to=entry_upload_path, max_length=300, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    measure = LineField(_("what we measure"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, blank=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(_("target"), max_digits=8, decimal_places=2, null=True, blank=True)
    result = models.DecimalField(_("result"), max_digits=8, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when its author corrects it: the timeline says "edited".
    edited_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["created_at", "pk"]
        constraints = [
            submitted_once("initiative", name="entry_submitted_once"),
            models.CheckConstraint(
                condition=Q(baseline__isnull=True, target__isnull=True, result__isnull=True)
                | Q(kind="measurement"),
                name="only_measurements_have_numbers",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.measure or self.text[:60]}"

    def get_absolute_url(self) -> str:
        return f"{self.initiative.get_absolute_url()}#entry-{self.pk}"

    @classmethod
    def fields_of(cls, kind: str) -> tuple[str, ...]:
        """The fields an entry of this kind has, besides its text: what its form shows."""
        return {
            cls.Kind.LINK: ("url",),
            cls.Kind.FILE: ("file",),
            cls.Kind.MEASUREMENT: ("measure", "unit", "baseline", "target", "result"),
        }.get(kind, ())


class PhaseMove(models.Model):
    """The timeline: each move from one phase to another, with what was learned."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="moves")
    from_phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="+", null=True)
    to_phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="+", null=True)
    moved_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    learned = models.TextField(_("what we learned in this phase"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_phase} → {self.to_phase}"


class Comment(SubmittedOnce, Versioned):
    submission_scope = ("initiative",)
    # Initiatives are open to the whole school, and so are their comments.
    school_path = "initiative__school"
    objects = SchoolScopedQuerySet.as_manager()

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            submitted_once("initiative", name="comment_submitted_once"),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    def get_absolute_url(self) -> str:
        return f"{self.initiative.get_absolute_url()}#comment-{self.pk}"


class LearningCardQuerySet(models.QuerySet["LearningCard"]):
    def visible_to(self, user: User) -> Self:
        """The cards of the user's own school (board staff: none)."""
        if user.school_id is None:
            return self.none()
        return self.filter(initiative__school_id=user.school_id)

    def shared_in_board(self, user: User) -> Self:
        """The cards its members shared with the user's board, of the board's schools that
        allow sharing: what the board library shows, to the board's staff and schools."""
        board_id = user.board_scope_id
        if board_id is None:
            return self.none()
        return self.filter(
            shared_at__isnull=False,
            initiative__school__board_id=board_id,
            initiative__school__shares_with_board=True,
        )


class LearningCardManager(models.Manager.from_queryset(LearningCardQuerySet)):  # type: ignore[misc]
    def get_queryset(self) -> LearningCardQuerySet:
        # The search vectors are for the database's index, never for showing.
        return super().get_queryset().defer("search_simple", "search_dutch")


class LearningCard(models.Model):
    """What a completed or stopped initiative learned, for the whole school to find."""

    initiative = models.OneToOneField(
        Initiative, on_delete=models.CASCADE, related_name="learning_card"
    )
    tried = models.TextField(_("what we tried"), max_length=3000, blank=True)
    saw_in_children = models.TextField(
        _("what we saw in the children"), max_length=3000, blank=True
    )
    learned = models.TextField(_("what we learned"), max_length=3000)
    advice = models.TextField(_("what we advise colleagues"), max_length=3000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Shared with the board by one of its members, never by default; empty again when
    # un-shared. The school's switch (School.shares_with_board) hides it as well.
    shared_at = models.DateTimeField(null=True, blank=True, editable=False)
    shared_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    # The card's and its initiative's words as full-text vectors, GIN-indexed. On PostgreSQL
    # a database trigger keeps them current whoever writes the card or edits the initiative
    # (migration 0004); SQLite leaves them empty and searches the text itself.
    search_simple = SearchVectorField(null=True, editable=False)
    search_dutch = SearchVectorField(null=True, editable=False)

    objects = LearningCardManager()

    class Meta:
        verbose_name = _("learning card")
        verbose_name_plural = _("learning cards")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.initiative)

    def get_absolute_url(self) -> str:
        return reverse("inquiries:board_card", args=[self.pk])

    @property
    def is_shared(self) -> bool:
        return self.shared_at is not None

    def may_be_shared_by(self, user: User) -> bool:
        """A member of the ended initiative, at a school of a board that allows it."""
        if user.school_id != self.initiative.school_id:
            return False
        school = user.school  # loaded with the user: no query
        return (
            user.is_active
            and school.board_id is not None
            and school.shares_with_board
            and self.initiative.is_member(user)
        )

    def question_recipients(self) -> list[User]:
        """The members a question about the shared card reaches: who allowed it."""
        return [
            member.user
            for member in self.initiative.memberships.filter(
                contact_from_board=True, user__is_active=True
            ).select_related("user")
        ]

    def may_be_asked_by(self, user: User, recipients: list[User]) -> bool:
        """Someone of the board who is not on the card's team, when anyone allowed it."""
        return bool(recipients) and not self.initiative.memberships.filter(user=user).exists()

    def share(self, *, by: User) -> None:
        if not self.is_shared:
            self.shared_at = timezone.now()
            self.shared_by = by
            self.save(update_fields=["shared_at", "shared_by"])

    def unshare(self) -> None:
        """Out of the board at once: every board page and search asks for shared_at."""
        self.shared_at = None
        self.shared_by = None
        self.save(update_fields=["shared_at", "shared_by"])


class BoardQuestionQuerySet(models.QuerySet["BoardQuestion"]):
    def visible_to(self, user: User) -> Self:
        """Who asked it and whom it reached; nobody else, the leaders neither."""
        return self.filter(Q(asked_by=user) | Q(recipients=user)).distinct()


class BoardQuestion(SubmittedOnce):
    """A colleague of another school of the board asks the team behind a shared card: it
    reaches the card's members who allowed contact, on their bell."""

    card = models.ForeignKey(LearningCard, on_delete=models.CASCADE, related_name="questions")
    asked_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("your question"), max_length=2000)
    recipients = models.ManyToManyField(User, related_name="board_questions")
    created_at = models.DateTimeField(auto_now_add=True)

    submission_scope = ("asked_by",)
    objects = BoardQuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question about a learning card")
        verbose_name_plural = _("questions about learning cards")
        ordering = ["-created_at"]
        constraints = [submitted_once("asked_by", name="board_question_submitted_once")]

    def __str__(self) -> str:
        return self.text[:60]

    def get_absolute_url(self) -> str:
        return reverse("inquiries:board_question", args=[self.pk])


class PhaseFeedback(SubmittedOnce):
    """A team lead's advice on a phase. Advice only: it blocks nothing."""

    submission_scope = ("initiative",)

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="feedback")
    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("feedback"), max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["created_at", "pk"]
        constraints = [
            submitted_once("initiative", name="feedback_submitted_once"),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class ReviewMark(models.Model):
    """When a reviewer last looked at an initiative: the review list shows what is new."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "initiative"], name="unique_review_mark")
        ]

    def __str__(self) -> str:
        return f"{self.user} saw {self.initiative} at {self.seen_at}"


class SupportRequestQuerySet(models.QuerySet["SupportRequest"]):
    def visible_to(self, user: User) -> Self:
        return self.filter(initiative__school_id=user.school_id)

    def open(self) -> Self:
        return self.filter(status=SupportRequest.Status.OPEN)


class SupportRequest(SubmittedOnce):
    """A hulpvraag: members ask the school leader for time, means or expertise."""

    submission_scope = ("initiative",)

    class Kind(models.TextChoices):
        TIME = "time", _("time")
        MEANS = "means", _("means")
        EXPERTISE = "expertise", _("expertise")
        OTHER = "other", _("something else")

    class Status(models.TextChoices):
        OPEN = "open", _("waiting for an answer")
        PLANNED = "planned", _("planned")
        GIVEN = "given", _("given")
        NOT_POSSIBLE = "not_possible", _("not possible")

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="support_requests"
    )
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("what kind of support"), max_length=10, choices=Kind.choices)
    what = models.TextField(_("what exactly do you need"), max_length=2000)
    needed_by = DayField(_("needed by"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    answer = models.TextField(_("answer"), max_length=2000, blank=True)
    answered_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SupportRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        ordering = ["created_at", "pk"]
        constraints = [
            submitted_once("initiative", name="support_request_submitted_once"),
            models.CheckConstraint(
                condition=~Q(status="not_possible") | ~Q(answer=""),
                name="not_possible_has_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.what[:60]}"

    def answer_with(self, *, status: str, answer: str, by: User) -> None:
        """The leader's answer; 'not possible' always says why."""
        if self.status != self.Status.OPEN:
            raise ValidationError(gettext("This request was already answered."))
        if status not in {self.Status.PLANNED, self.Status.GIVEN, self.Status.NOT_POSSIBLE}:
            raise ValidationError(gettext("Choose planned, given or not possible."))
        if status == self.Status.NOT_POSSIBLE and not answer.strip():
            raise ValidationError(gettext("Say why it is not possible."))
        self.status = status
        self.answer = answer.strip()
        self.answered_by = by
        self.answered_at = timezone.now()
