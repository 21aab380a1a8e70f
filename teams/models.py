from __future__ import annotations

import datetime
import secrets
from functools import cached_property
from typing import Self

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.access import SchoolScopedQuerySet
from core.fields import DayField, LineField
from core.reversing import reverse
from core.submissions import SubmittedOnce, submitted_once
from core.versioning import Versioned

# Monday is 0, as in date.weekday(). Schools work Monday to Friday.
WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
]
WEEKDAY_ABBREVIATIONS = {
    0: pgettext_lazy("weekday", "Mon"),
    1: pgettext_lazy("weekday", "Tue"),
    2: pgettext_lazy("weekday", "Wed"),
    3: pgettext_lazy("weekday", "Thu"),
    4: pgettext_lazy("weekday", "Fri"),
}
ALL_WORKING_DAYS = 0b11111

DEFAULT_CORE_VALUES = [
    (
        _("intrinsic motivation"),
        _("We learn because we want to, from what drives us and the children."),
    ),
    (_("engagement"), _("We are involved with the children, each other and the school.")),
    (_("dedication"), _("We give our best to every child's learning.")),
    (_("job enjoyment"), _("We enjoy our work and help each other to keep it that way.")),
]


def days_to_mask(days: list[int]) -> int:
    mask = 0
    for day in days:
        mask |= 1 << day
    return mask


def mask_to_days(mask: int) -> list[int]:
    return [day for day, _label in WEEKDAYS if mask & (1 << day)]


class Board(models.Model):
    """A school board (bestuur): several schools in one installation, and its own staff (a
    quality officer, a director of education) who belong to none of them. Schools share
    with their board only what their staff choose to share."""

    name = LineField(_("name"), max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("school board")
        verbose_name_plural = _("school boards")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class School(Versioned):
    name = LineField(_("name"), max_length=120)
    board = models.ForeignKey(
        Board,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="schools",
        verbose_name=_("school board"),
    )
    shares_with_board = models.BooleanField(
        _("staff may share learning cards with the board"),
        default=True,
        help_text=_(
            "When off, no learning card of the school is shown to the other schools of the "
            "board, also not the cards shared before."
        ),
    )
    vision = models.TextField(
        _("Ons Verhaal"),
        blank=True,
        help_text=_("The school's own story: what it stands for and wants for the children."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def current_school_year(self, today: datetime.date | None = None) -> SchoolYear | None:
        today = today or timezone.localdate()
        return self.school_years.filter(starts_on__lte=today, ends_on__gte=today).first()


class CoreValue(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="core_values")
    name = LineField(_("core value"), max_length=80)
    description = models.CharField(_("what it means here"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("core value")
        verbose_name_plural = _("core values")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                "school",
                Lower("name"),
                name="unique_core_value_per_school",
                violation_error_message=_("The school already has this core value."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class SchoolYear(SubmittedOnce):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="school_years")
    name = LineField(_("name"), max_length=20, help_text=_("For example 2026–2027."))
    starts_on = DayField(_("first day"))
    ends_on = DayField(_("last day"))

    school_path = "school"
    objects = SchoolScopedQuerySet.as_manager()

    submission_scope = ("school",)

    class Meta:
        verbose_name = _("school year")
        verbose_name_plural = _("school years")
        ordering = ["-starts_on"]
        constraints = [
            submitted_once("school", name="school_year_submitted_once"),
            models.UniqueConstraint(fields=["school", "name"], name="unique_school_year_name"),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="school_year_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Holiday(SubmittedOnce):
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="holidays")
    name = LineField(_("name"), max_length=80, help_text=_("For example Herfstvakantie."))
    starts_on = DayField(_("first day"))
    ends_on = DayField(_("last day"))

    school_path = "school_year__school"
    objects = SchoolScopedQuerySet.as_manager()

    submission_scope = ("school_year",)

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["starts_on"]
        constraints = [
            submitted_once("school_year", name="holiday_submitted_once"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="holiday_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class UserQuerySet(models.QuerySet["User"]):
    def visible_to(self, user: User) -> Self:
        """Everyone of the user's own school, active or not (board staff: nobody)."""
        if user.school_id is None:
            return self.none()
        return self.filter(school_id=user.school_id)

    def active(self) -> Self:
        return self.filter(is_active=True)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        if not email:
            raise ValueError("Users need an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        if isinstance(fields.get("school"), int | str):
            fields["school"] = School.objects.get(pk=fields["school"])
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin, Versioned):
    """A staff member of one school. Login is by email."""

    class Role(models.TextChoices):
        STAFF = "staff", _("team member")
        LEADER = "leader", _("school leader")

    class Language(models.TextChoices):
        DUTCH = "nl", "Nederlands"
        ENGLISH = "en", "English"

    email = models.EmailField(_("email address"), max_length=254, unique=True)
    name = LineField(_("name"), max_length=150)
    job_title = LineField(
        _("job title"),
        max_length=80,
        blank=True,
        help_text=_("For example leerkracht, intern begeleider, onderwijsassistent."),
    )
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("school"),
    )
    # Only for board staff, who belong to no school; a school's staff reach their board
    # through their school.
    board = models.ForeignKey(
        Board,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("board (for board staff only)"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.STAFF)
    is_school_admin = models.BooleanField(
        _("manages staff"),
        default=False,
        help_text=_("May add, edit, import and deactivate staff of the school."),
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.DUTCH
    )
    working_days = models.PositiveSmallIntegerField(
        _("working days"),
        default=ALL_WORKING_DAYS,
        help_text=_("Reminders only arrive on these days."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Former colleagues are deactivated, never deleted: their work stays."),
    )
    is_staff = models.BooleanField(
        _("site administrator"),
        default=False,
        help_text=_("May use the technical administration of the whole installation."),
    )
    date_joined = models.DateTimeField(default=timezone.now)
    # Set when the person's data was erased (privacy): the account can never be used again.
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name", "school"]

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="unique_user_email_ci"),
            models.CheckConstraint(
                condition=Q(working_days__gte=1, working_days__lte=ALL_WORKING_DAYS),
                name="user_works_at_least_one_weekday",
            ),
            models.CheckConstraint(
                condition=Q(school__isnull=False, board__isnull=True)
                | Q(school__isnull=True, board__isnull=False),
                name="user_belongs_to_a_school_or_a_board",
                violation_error_message=_(
                    "A person belongs to a school, or (board staff) to a board, not both."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("teams:person_detail", args=[self.pk])

    def deactivate(self) -> None:
        """A colleague who left: they can no longer log in, but their work stays."""
        self.is_active = False
        self.save(update_fields=["is_active"])

    def reactivate(self) -> None:
        if self.erased_at:
            # An erased account holds a former colleague's shared work: whoever brought it
            # back could give it an address and act as them.
            raise ValidationError(_("The data of this former colleague was erased."))
        self.is_active = True
        self.save(update_fields=["is_active"])

    # --- working days ---
    @property
    def working_weekdays(self) -> list[int]:
        return mask_to_days(self.working_days)

    @property
    def working_days_display(self) -> str:
        return ", ".join(str(WEEKDAY_ABBREVIATIONS[day]) for day in self.working_weekdays)

    def works_on(self, day: datetime.date) -> bool:
        return day.weekday() < 5 and bool(self.working_days & (1 << day.weekday()))

    # --- roles and permissions (one place, used by views and templates alike) ---
    @property
    def is_board_staff(self) -> bool:
        """Board staff belong to no school: they see the board's aggregates and the cards
        shared with it, and no school page (core.middleware.BoardStaffMiddleware)."""
        return self.school_id is None and self.board_id is not None

    @property
    def place_name(self) -> str:
        """Where the person works, as colleagues of other schools see it."""
        return self.school.name if self.school_id else self.board.name

    @property
    def board_scope_id(self) -> int | None:
        """The board whose shared learning this person may find: their school's, or, for
        board staff, their own."""
        if self.school_id is None:
            return self.board_id
        return self.school.board_id

    @property
    def can_see_board(self) -> bool:
        """The board view: aggregates per school, never a person."""
        return self.is_active and self.is_board_staff

    @property
    def can_manage_board_templates(self) -> bool:
        """Cycle templates the board offers its schools to copy and adapt."""
        return self.is_active and self.is_board_staff

    @property
    def is_leader(self) -> bool:
        return self.role == self.Role.LEADER

    @property
    def can_manage_staff(self) -> bool:
        return self.is_active and (self.is_leader or self.is_school_admin)

    def can_manage_person(self, person: User) -> bool:
        """Edit or deactivate `person`: a staff admin may not touch the school leader's
        account (or anyone's way to the whole installation), so nobody gains rights
        by changing an email address and resetting its password."""
        if not self.can_manage_staff or person.school_id != self.school_id:
            return False
        if person.erased_at:  # nothing left to manage, and nobody may use it again
            return False
        if person.is_staff or person.is_superuser:
            return False
        return self.is_leader or not person.is_leader

    @property
    def can_edit_school(self) -> bool:
        """Ons Verhaal, core values, school years, school-wide goals and teams."""
        return self.is_active and (self.is_leader or self.is_school_admin)

    @property
    def can_see_dashboard(self) -> bool:
        """The facilitation dashboard and its exports; the staff admin may look, read-only."""
        return self.is_active and (self.is_leader or self.is_school_admin)

    @property
    def can_answer_support(self) -> bool:
        """Support requests (time, means, expertise) are the school leader's to answer."""
        return self.is_active and self.is_leader

    @property
    def can_manage_cycle_templates(self) -> bool:
        """Copy a built-in cycle for the school and adapt its phases."""
        return self.is_active and self.is_leader

    @property
    def can_open_rounds(self) -> bool:
        """Open and close a culture pulse or self-scan round."""
        return self.is_active and self.is_leader

    @property
    def can_review_cycles(self) -> bool:
        """The review list: team leads (for their teams) and the school leader."""
        return self.is_active and (self.is_leader or bool(self.led_team_ids))

    def can_see_team_overview(self, team: Team) -> bool:
        """A team's overview (what is new, what is stuck): whoever leads the team."""
        return self.can_edit_team(team)

    @property
    def can_grant_roles(self) -> bool:
        """Make someone school leader or staff admin: only the school leader."""
        return self.is_active and self.is_leader

    @cached_property
    def led_team_ids(self) -> frozenset[int]:
        return frozenset(
            self.memberships.filter(role=Membership.Role.LEAD).values_list("team_id", flat=True)
        )

    @property
    def overview_team_id(self) -> int | None:
        """The team whose overview the menu offers a team lead (of several, the oldest);
        the review list links the others."""
        return min(self.led_team_ids, default=None)

    def can_edit_team(self, team: Team) -> bool:
        """Team goals and norms: the team's own leads and the school leader."""
        if not self.is_active or team.school_id != self.school_id:
            return False
        return self.is_leader or team.pk in self.led_team_ids


class TeamQuerySet(models.QuerySet["Team"]):
    def visible_to(self, user: User) -> Self:
        """Every team of the user's school: teams are open to the whole school."""
        return self.filter(school_id=user.school_id)

    def with_members(self) -> Self:
        return self.prefetch_related(Prefetch("memberships", queryset=shown_members()))


def shown_members() -> models.QuerySet[Membership]:
    """A team's members as its page shows them: active people, the leads first, by name."""
    return (
        Membership.objects.filter(user__is_active=True)
        .select_related("user")
        .order_by("role", "user__name")  # "lead" sorts before "member"
    )


class Team(SubmittedOnce, Versioned):
    class Kind(models.TextChoices):
        WHOLE_SCHOOL = "school", _("whole team")
        AGE_BAND = "age_band", _("age-band team")
        WORKING_GROUP = "working_group", _("working group")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="teams")
    name = LineField(_("name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    first_group = models.PositiveSmallIntegerField(_("from group"), null=True, blank=True)
    last_group = models.PositiveSmallIntegerField(_("to group"), null=True, blank=True)
    members = models.ManyToManyField(User, through="Membership", related_name="teams")

    objects = TeamQuerySet.as_manager()

    submission_scope = ("school",)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["kind", "first_group", "name"]
        constraints = [
            submitted_once("school", name="team_submitted_once"),
            models.UniqueConstraint(
                "school",
                Lower("name"),
                name="unique_team_name_per_school",
                violation_error_message=_("The school already has a team with this name."),
            ),
            models.UniqueConstraint(
                fields=["school"],
                condition=Q(kind="school"),
                name="one_whole_team_per_school",
            ),
            models.CheckConstraint(
                condition=(
                    Q(first_group__isnull=True, last_group__isnull=True)
                    | Q(
                        first_group__gte=1,
                        last_group__lte=8,
                        first_group__lte=models.F("last_group"),
                    )
                ),
                name="team_groups_within_1_to_8",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("teams:team_detail", args=[self.pk])

    @property
    def groups_display(self) -> str:
        if self.first_group is None:
            return ""
        if self.first_group == self.last_group:
            return str(_("group %(n)s") % {"n": self.first_group})
        return str(
            _("groups %(first)s–%(last)s") % {"first": self.first_group, "last": self.last_group}
        )


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("member")
        LEAD = "lead", _("team lead")

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="unique_membership"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.team} ({self.get_role_display()})"

    @property
    def is_lead(self) -> bool:
        return self.role == self.Role.LEAD


class SharedGoalQuerySet(models.QuerySet["SharedGoal"]):
    def visible_to(self, user: User) -> Self:
        return self.filter(school_id=user.school_id)

    def for_user(self, user: User) -> Self:
        """School-wide goals and the goals of the user's teams."""
        return (
            self.visible_to(user)
            .filter(Q(team__isnull=True) | Q(team__memberships__user=user))
            .distinct()
        )

    def current(self) -> Self:
        return self.exclude(status=SharedGoal.Status.ARCHIVED)

    def with_values(self) -> Self:
        return self.select_related("team").prefetch_related("core_values")


class SharedGoal(SubmittedOnce, Versioned):
    """What the school or a team wants to improve for the children (gezamenlijk doel)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("working on it")
        ACHIEVED = "achieved", _("achieved")
        ARCHIVED = "archived", _("archived")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="goals")
    team = models.ForeignKey(
        Team,
        on_delete=models.CASCADE,
        related_name="goals",
        null=True,
        blank=True,
        help_text=_("Empty for a goal of the whole school."),
    )
    title = LineField(_("goal"), max_length=150)
    description = models.TextField(
        _("what should improve for the children"), max_length=2000, blank=True
    )
    core_values = models.ManyToManyField(
        CoreValue, blank=True, related_name="goals", verbose_name=_("core values it serves")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SharedGoalQuerySet.as_manager()

    submission_scope = ("school",)

    class Meta:
        verbose_name = _("shared goal")
        verbose_name_plural = _("shared goals")
        ordering = ["status", "title"]
        constraints = [submitted_once("school", name="goal_submitted_once")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("teams:goal_detail", args=[self.pk])

    def editable_by(self, user: User) -> bool:
        if self.team_id is None:
            return user.school_id == self.school_id and user.can_edit_school
        return user.can_edit_team(self.team)


class TeamNormQuerySet(models.QuerySet["TeamNorm"]):
    def visible_to(self, user: User) -> Self:
        return self.filter(team__school_id=user.school_id)


class TeamNorm(SubmittedOnce, Versioned):
    """How a team agrees to work together (werkafspraak)."""

    submission_scope = ("team",)

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="norms")
    text = models.CharField(_("agreement"), max_length=300)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TeamNormQuerySet.as_manager()

    class Meta:
        verbose_name = _("team norm")
        verbose_name_plural = _("team norms")
        ordering = ["position", "pk"]
        constraints = [submitted_once("team", name="norm_submitted_once")]

    def __str__(self) -> str:
        return self.text


def new_email_change_token() -> str:
    return secrets.token_urlsafe(32)


class EmailChangeQuerySet(models.QuerySet["EmailChange"]):
    def visible_to(self, user: User) -> Self:
        """Only the person whose address it is: not the leader who started it."""
        return self.filter(user=user)

    def pending(self, now: datetime.datetime | None = None) -> Self:
        """Not confirmed, not withdrawn and not expired."""
        now = now or timezone.now()
        return self.filter(
            confirmed_at__isnull=True,
            withdrawn_at__isnull=True,
            created_at__gte=now - EmailChange.VALID_FOR,
        )


class EmailChange(models.Model):
    """A new login address for someone, started by a school leader or staff admin.

    Nobody can take over a colleague's account by giving it an address they control: the
    change takes effect only when the person, signed in as themselves, opens the link sent
    to the new address. The old address is told at once.
    """

    VALID_FOR = datetime.timedelta(days=7)

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="email_changes")
    new_email = models.EmailField(_("new email address"))
    requested_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, default=new_email_change_token)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = EmailChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("email address change")
        verbose_name_plural = _("email address changes")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} → {self.new_email}"

    def get_absolute_url(self) -> str:
        return reverse("teams:confirm_email_change", args=[self.token])

    @property
    def is_expired(self) -> bool:
        return self.created_at < timezone.now() - self.VALID_FOR


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def visible_to(self, user: User) -> Self:
        """The school's open invitations, for those who manage its staff."""
        if not user.can_manage_staff:
            return self.none()
        return self.filter(school_id=user.school_id)

    def expired(self, now: datetime.datetime | None = None) -> Self:
        now = now or timezone.now()
        return self.filter(sent_at__lt=now - Invitation.VALID_FOR)


class Invitation(SubmittedOnce):
    """A colleague the school asked in; their account exists once they accept.

    Every new colleague starts as an invitation, whatever their address. An address may
    already belong to someone at another school of the installation, and the school must
    not learn that: its admin sees the same invitation either way, and only the owner of
    the address reads which it is (in the email).
    """

    VALID_FOR = datetime.timedelta(days=14)

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"), max_length=254)
    name = LineField(_("name"), max_length=150)
    job_title = LineField(_("job title"), max_length=80, blank=True)
    role = models.CharField(
        _("role"), max_length=10, choices=User.Role.choices, default=User.Role.STAFF
    )
    is_school_admin = models.BooleanField(_("manages staff"), default=False)
    language = models.CharField(
        _("language"), max_length=2, choices=User.Language.choices, default=User.Language.DUTCH
    )
    working_days = models.PositiveSmallIntegerField(_("working days"), default=ALL_WORKING_DAYS)
    teams = models.ManyToManyField(Team, blank=True, related_name="+")
    lead_of = models.ManyToManyField(Team, blank=True, related_name="+")
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token)
    sent_at = models.DateTimeField(default=timezone.now)

    objects = InvitationQuerySet.as_manager()

    submission_scope = ("school",)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["name"]
        constraints = [
            submitted_once("school", name="invitation_submitted_once"),
            models.UniqueConstraint(
                "school", Lower("email"), name="one_invitation_per_address_per_school"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    def get_absolute_url(self) -> str:
        return reverse("teams:accept_invitation", args=[self.token])

    @property
    def is_expired(self) -> bool:
        return self.sent_at < timezone.now() - self.VALID_FOR

    @property
    def working_days_display(self) -> str:
        return ", ".join(str(WEEKDAY_ABBREVIATIONS[day]) for day in mask_to_days(self.working_days))
