from __future__ import annotations

from typing import Self

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import LineField
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
        ordering = ["school_year__starts_on", "moment", "subject"]
        constraints = [
            # Importing the same moment again replaces it: never two of them.
            models.UniqueConstraint(
                fields=["school_year", "subject", "moment"], name="one_test_moment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_subject_display()} {self.get_moment_display()} {self.school_year}"


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
