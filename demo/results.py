"""Demo group results and pupils' voice: two school years of test results per group (made
up, counted per group as an import would store them) and one closed leerlingstem round per
bouw. Every figure here is fictional."""

import random
import secrets

from inquiries.models import Initiative
from results.imports import GroupAggregate, replace_test_moment
from results.models import GoalIndicator, Scale, Subject, TestMoment, VoiceRound
from results.voice import answer_round, close_round, open_round
from teams.models import School, SchoolYear, SharedGoal, User

# Groups that take the tests (kleuters in groep 1-2 do not), with their size.
GROUPS = [("3a", 3, 26), ("4a", 4, 25), ("4b", 4, 27), ("5a", 5, 28), ("6a", 6, 24),
          ("7a", 7, 27), ("8a", 8, 23)]  # fmt: skip

# Share at level I-III per subject at the first moment, and how much it grows per moment
# (begrijpend lezen in the middenbouw grows most: the reading duos of the demo).
START = {
    Subject.READING_COMPREHENSION: 0.52,
    Subject.MATHS: 0.61,
    Subject.TECHNICAL_READING: 0.66,
    Subject.SPELLING: 0.58,
}
MOMENTS = [("2024-2025", "M"), ("2024-2025", "E"), ("2025-2026", "M"), ("2025-2026", "E")]

# bouw, who opens it, group, grade, the questions, tied to goal, tied to initiative,
# answers (the share of children choosing "Yes" per question, roughly)
VOICE = [
    ("Onderbouw", "onderbouw@demo.test", "groep 2b", 2, ["reading_fun", "safe", "proud"],
     "Leesmotivatie: kinderen lezen met plezier", None, 22, 0.75),
    ("Middenbouw", "leerkracht@demo.test", "groep 4a", 4,
     ["reading_fun", "dare_hard", "try_new", "help"],
     "Leesmotivatie: kinderen lezen met plezier", "Zelf kiezen in de klassenbieb", 25, 0.6),
    ("Bovenbouw", "bovenbouw@demo.test", "groep 7a", 7,
     ["reading_fun", "maths_fun", "dare_hard", "safe"],
     "Eigenaarschap: kinderen sturen hun eigen leren", None, 26, 0.55),
]  # fmt: skip


def seed_results(school: School) -> None:
    if TestMoment.objects.filter(school=school).exists():
        return
    rng = random.Random(2026)  # the same demo on every machine
    leader = User.objects.get(email="directeur@demo.test")
    years = {year.name: year for year in SchoolYear.objects.filter(school=school)}
    for subject, start in START.items():
        for step, (year_name, moment) in enumerate(MOMENTS):
            groups = []
            for name, grade, pupils in GROUPS:
                growth = 0.035 if subject == Subject.READING_COMPREHENSION and grade <= 5 else 0.01
                share = min(0.9, start + step * growth + rng.uniform(-0.04, 0.04))
                groups.append(_group(rng, name, grade, pupils, share))
            replace_test_moment(
                school=school,
                school_year=years[year_name],
                subject=subject,
                moment=moment,
                scale=Scale.LEVELS_ROMAN,
                aggregates=groups,
                by=leader,
            )
    goal = SharedGoal.objects.get(school=school, title="Begrijpend lezen met meer gesprek")
    GoalIndicator.objects.get_or_create(
        goal=goal,
        defaults={
            "subject": Subject.READING_COMPREHENSION,
            "first_grade": 3,
            "last_grade": 5,
            "baseline": 52,
            "target": 70,
        },
    )
    _seed_voice(school, rng)


def _group(rng: random.Random, name: str, grade: int, pupils: int, share: float):
    """A group's pupils over the levels I-V, `share` of them at I-III."""
    good = round(pupils * share)
    weak = pupils - good
    top = [rng.randint(0, good) for _ in range(2)]
    i, ii = sorted(top)[0], sorted(top)[1] - sorted(top)[0]
    iii = good - i - ii
    iv = round(weak * 0.6)
    distribution = {"I": i, "II": ii, "III": iii, "IV": iv, "V": weak - iv}
    return GroupAggregate(f"groep {name}", grade, pupils, distribution)


def _seed_voice(school: School, rng: random.Random) -> None:
    if VoiceRound.objects.filter(school=school).exists():
        return
    for _team, email, group, grade, questions, goal, initiative, children, yes in VOICE:
        teacher = User.objects.get(email=email)
        voice = open_round(
            by=teacher,
            group=group,
            grade=grade,
            questions=questions,
            goal=SharedGoal.objects.get(school=school, title=goal),
            initiative=Initiative.objects.get(school=school, title=initiative)
            if initiative
            else None,
        )
        for _child in range(children):
            answers = {}
            for key in questions:
                roll = rng.random()
                answers[key] = 1 if roll < yes else (2 if roll < yes + (1 - yes) * 0.6 else 3)
            answer_round(code=voice.code, token=secrets.token_urlsafe(16), answers=answers)
        close_round(round=voice, by=teacher)
