from __future__ import annotations

import datetime
from typing import Self

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.anonymity import MIN_GROUP
from core.fields import LineField
from core.versioning import Versioned
from teams.models import School, SchoolYear, User


class Subject(models.TextChoices):
    READING_COMPREHENSION = "begrijpend_lezen", _("reading comprehension")
    MATHS = "rekenen", _("mathematics")
    TECHNICAL_READING = "technisch_lezen", _("technical reading")
    SPELLING = "spelling", _("spelling")


class Scale(models.TextChoices):
    LEVELS_ROMAN = "I-V", _("levels I to V")
    LEVELS_LETTERS = "A-E", _("levels A to E")
    REFERENCE = "ref", _("reference levels (1F, 2F, 1S)")
    NUMBER = "number", _("a score (number)")


# The levels of each scale, best first; a number scale has none (its mean is kept).
LEVELS = {
    Scale.LEVELS_ROMAN: ("I", "II", "III", "IV", "V"),
    Scale.LEVELS_LETTERS: ("A", "B", "C", "D", "E"),
    Scale.REFERENCE: ("2F", "1S", "1F", "<1F"),
    Scale.NUMBER: (),
}


class TestMomentQuerySet(models.QuerySet["TestMoment"]):
    def visible_to(self, user: User) -> Self:
        return self.filter(school_id=user.school_id)


class TestMoment(models.Model):
    """One test of one subject at one moment of a school year (midden or eind), as groups:
    never a pupil."""

    class Moment(models.TextChoices):
        MIDDLE = "M", _("middle of the year")
        END = "E", _("end of the year")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="test_moments")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="+")
    subject = models.CharField(_("subject"), max_length=20, choices=Subject.choices)
    moment = models.CharField(_("moment"), max_length=1, choices=Moment.choices)
    scale = models.CharField(_("scale"), max_length=6, choices=Scale.choices)
    imported_at = models.DateTimeField(auto_now=True)
    imported_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = TestMomentQuerySet.as_manager()

    class Meta:
        verbose_name = _("test moment")
        verbose_name_plural = _("test moments")
        # "M" (middle) sorts after "E" (end), so descending puts a year's middle first.
        ordering = ["school_year__starts_on", "-moment", "subject"]
        constraints = [
            # Importing the same moment again replaces it: never two of them.
            models.UniqueConstraint(
                fields=["school_year", "subject", "moment"], name="one_test_moment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_subject_display()} {self.get_moment_display()} {self.school_year}"

    @property
    def taken_on(self) -> datetime.date:
        """About when the test is taken: the middle tests in January/February, the end
        tests in June; what "before" and "after" a cycle mean."""
        second_year = self.school_year.starts_on.year + 1
        if self.moment == self.Moment.MIDDLE:
            return datetime.date(second_year, 2, 1)
        return min(self.school_year.ends_on, datetime.date(second_year, 6, 15))


class GroupResult(models.Model):
    """How one group did at a test moment: how many pupils at each level (or their mean
    score), counted on import. Names and pupil numbers never reach this table."""

    test_moment = models.ForeignKey(TestMoment, on_delete=models.CASCADE, related_name="results")
    group = LineField(_("group"), max_length=40)
    grade = models.PositiveSmallIntegerField(_("grade (groep 1–8)"), null=True, blank=True)
    pupils = models.PositiveSmallIntegerField(_("pupils"))
    distribution = models.JSONField(default=dict)  # {level: number of pupils}
    mean = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["grade", "group"]
        constraints = [
            models.UniqueConstraint(fields=["test_moment", "group"], name="one_result_per_group"),
            models.CheckConstraint(
                condition=models.Q(grade__isnull=True) | models.Q(grade__gte=1, grade__lte=8),
                name="grade_is_a_primary_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group}: {self.pupils}"


class GoalIndicator(Versioned):
    """How a shared goal is seen in the children's results: the share of pupils of some
    groups at the good levels of one subject, from a baseline towards a target."""

    goal = models.OneToOneField(
        "teams.SharedGoal", on_delete=models.CASCADE, related_name="indicator"
    )
    subject = models.CharField(_("subject"), max_length=20, choices=Subject.choices)
    first_grade = models.PositiveSmallIntegerField(_("from group"))
    last_grade = models.PositiveSmallIntegerField(_("to group"))
    baseline = models.PositiveSmallIntegerField(_("baseline (%)"))
    target = models.PositiveSmallIntegerField(_("target (%)"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("goal indicator")
        verbose_name_plural = _("goal indicators")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first_grade__gte=1, last_grade__lte=8)
                & models.Q(first_grade__lte=models.F("last_grade")),
                name="indicator_groups_within_1_to_8",
            ),
            models.CheckConstraint(
                condition=models.Q(baseline__lte=100, target__lte=100),
                name="indicator_shares_are_percentages",
            ),
        ]

    def __str__(self) -> str:
        return _("share of groups %(first)s–%(last)s at level in %(subject)s") % {
            "first": self.first_grade,
            "last": self.last_grade,
            "subject": self.get_subject_display(),
        }

    def covers(self, grade: int | None) -> bool:
        return grade is not None and self.first_grade <= grade <= self.last_grade


class VoiceRoundQuerySet(models.QuerySet["VoiceRound"]):
    def visible_to(self, user: User) -> Self:
        return self.filter(school_id=user.school_id)

    def open(self) -> Self:
        return self.filter(closed_at__isnull=True)

    def showing_result(self) -> Self:
        """The rounds whose result may be shown: the query form of `VoiceRound.shows_result`."""
        return self.filter(closed_at__isnull=False, answers__gte=MIN_GROUP)

    def seen_by(self, user: User) -> Self:
        """The rounds whose answers `user` may follow: those they opened and those of the
        grades they teach (results.trends.visible_grades); the leader and admins all of the
        school's. The one rule of every pupils' voice page: any other round is a 404."""
        from .trends import sees_every_grade, teaches_grade  # trends imports this module

        rounds = self.visible_to(user)
        if sees_every_grade(user):
            return rounds
        return rounds.filter(
            models.Q(opened_by=user) | teaches_grade(user, models.OuterRef("grade"))
        )


class VoiceRound(models.Model):
    """A short, anonymous motivation check in one group (leerlingstem): the children answer
    on a classroom device through a code, while the teacher keeps the round open. Only
    counts per question and face are kept, never an answer sheet of one child."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="voice_rounds")
    group = LineField(_("group"), max_length=40, help_text=_("For example groep 5b."))
    grade = models.PositiveSmallIntegerField(_("grade (groep 1–8)"))
    questions = models.JSONField(default=list)  # keys of results.voice.QUESTIONS, in order
    code = models.CharField(max_length=8, unique=True)
    opened_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    answers = models.PositiveSmallIntegerField(default=0)  # devices that answered
    goal = models.ForeignKey(
        "teams.SharedGoal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="voice_rounds",
        verbose_name=_("shared goal"),
    )
    initiative = models.ForeignKey(
        "inquiries.Initiative",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="voice_rounds",
        verbose_name=_("initiative"),
    )

    objects = VoiceRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("pupils' voice round")
        verbose_name_plural = _("pupils' voice rounds")
        ordering = ["-opened_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(grade__gte=1, grade__lte=8), name="voice_grade_1_to_8"
            )
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.opened_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def shows_result(self) -> bool:
        """Whether the result may be shown at all: closed, and at least MIN_GROUP answers.

        While open, a result would change with every child: whoever watched it would see what
        each one answered. The count of answers alone tells nothing about anyone's answer.
        """
        return not self.is_open and self.answers >= MIN_GROUP

    def may_be_closed_by(self, user: User) -> bool:
        """Whoever opened the round, or the school leader."""
        if not user.is_active or user.school_id != self.school_id:
            return False
        return user.pk == self.opened_by_id or user.is_leader

    def close(self) -> None:
        """Stop taking answers, for good: a round is never opened again, so its result never
        changes after someone has seen it. Closing a closed round changes nothing."""
        if self.closed_at is not None:
            return
        now = timezone.now()
        if VoiceRound.objects.filter(pk=self.pk, closed_at__isnull=True).update(closed_at=now):
            self.closed_at = now
        else:  # closed meanwhile, in another request
            self.refresh_from_db(fields=["closed_at"])


class VoiceTally(models.Model):
    """How many children chose one face for one question in one round."""

    round = models.ForeignKey(VoiceRound, on_delete=models.CASCADE, related_name="tallies")
    question = models.CharField(max_length=30)
    face = models.PositiveSmallIntegerField()  # 1 = happy, 2 = in between, 3 = sad
    count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "question", "face"], name="one_tally"),
            models.CheckConstraint(
                condition=models.Q(face__gte=1, face__lte=3), name="three_faces"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question} {self.face}: {self.count}"


class VoiceDevice(models.Model):
    """That a device answered a round (a hash of its random cookie), so it answers once;
    nothing links it to what it answered."""

    round = models.ForeignKey(VoiceRound, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "token_hash"], name="device_answers_once")
        ]

    def __str__(self) -> str:
        return str(self.round_id)
