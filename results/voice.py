"""The pupils' voice (leerlingstem): a teacher opens a short check for one group, the
children answer on a classroom device with a code and no name, and only counts per question
and face are kept. Nothing is shown while a round is open, nor for fewer than five answers."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from inquiries.models import Initiative
from teams.models import School, SharedGoal, User

from .models import VoiceDevice, VoiceRound, VoiceTally
from .trends import visible_grades

# The questions a teacher may pick, in the order the children see them. The keys are stored
# in rounds and tallies: add questions, never rename or reuse a key. The English is written
# so that its Dutch is child-level (groep 3 reads it); the intended Dutch is next to each.
QUESTIONS: dict[str, Promise] = {
    "reading_fun": _("I like reading."),  # nl: Ik vind lezen leuk.
    "maths_fun": _("I like maths."),  # nl: Ik vind rekenen leuk.
    "try_new": _("I like to try something new."),  # nl: Ik probeer graag iets nieuws.
    # nl: Ik durf te zeggen wat ik moeilijk vind.
    "dare_hard": _("I dare to say what I find difficult."),
    # nl: Mijn juf of meester helpt me als ik vastzit.
    "help": _("My teacher helps me when I am stuck."),
    "proud": _("I am proud of what I learn."),  # nl: Ik ben trots op wat ik leer.
    "safe": _("I feel safe in my group."),  # nl: Ik voel me veilig in mijn groep.
}
DEFAULT_QUESTIONS = ("reading_fun", "maths_fun", "dare_hard", "help", "safe")


@dataclass(frozen=True)
class Face:
    value: int  # VoiceTally.face
    name: str  # for the CSS class and the drawing
    label: Promise


# Every face has its word next to it: a drawing alone says nothing to a screen reader, and
# not every child reads a face the same way.
FACES = (
    Face(1, "happy", _("Yes")),  # nl: Ja
    Face(2, "between", _("Sometimes")),  # nl: Soms
    Face(3, "sad", _("No")),  # nl: Nee
)
HAPPY = 1

# Easy to read off a board and to type on a tablet: no 0 or O, no 1, I or L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


class VoiceProblem(Exception):
    """Why an answer was not counted; the message is for the child."""


class UnknownRound(VoiceProblem):
    pass


class RoundClosed(VoiceProblem):
    pass


class AlreadyAnswered(VoiceProblem):
    pass


class IncompleteAnswers(VoiceProblem):
    pass


def normalize_code(code: str) -> str:
    """The code as stored: capitals, without the spaces or dashes someone typed."""
    return re.sub(r"[^A-Z0-9]", "", code.upper())[:12]


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def device_hash(round: VoiceRound, token: str) -> str:
    """The device's mark in one round. The round is part of it, so the rows of one device in
    two rounds do not match: nothing follows a device (a child) from round to round."""
    return hashlib.sha256(f"{round.pk}:{token}".encode()).hexdigest()


# --- who may do what ------------------------------------------------------------------------


def grades_to_open(user: User) -> list[int]:
    """The grades `user` may open a round for: those they teach (their age-band teams'), all
    for the leader and the admins; none for a deactivated account."""
    if not user.is_active:
        return []
    grades = visible_grades(user)
    return list(range(1, 9)) if grades is None else sorted(grades)


def goals_to_link(user: User):
    return SharedGoal.objects.visible_to(user).current().order_by("title")


def initiatives_to_link(user: User):
    return Initiative.objects.visible_to(user).open().order_by("title")


# --- services -------------------------------------------------------------------------------


@transaction.atomic
def open_round(
    *,
    by: User,
    group: str,
    grade: int,
    questions: list[str],
    goal: SharedGoal | None = None,
    initiative: Initiative | None = None,
) -> VoiceRound:
    """Open a round for one group with a fresh code, its tallies at zero.

    A double click, or a second teacher, finds the group's open round instead of a second
    one: while a round is open the group has one code on the board.
    """
    if grade not in grades_to_open(by):
        raise PermissionDenied
    unknown = [key for key in questions if key not in QUESTIONS]
    if not questions or unknown:
        raise ValueError(f"Unknown or no questions: {unknown}")
    if goal is not None and goal.school_id != by.school_id:
        raise PermissionDenied
    if initiative is not None and initiative.school_id != by.school_id:
        raise PermissionDenied
    # One opening at a time per school, so two clicks cannot both find no open round.
    School.objects.select_for_update().filter(pk=by.school_id).first()
    existing = VoiceRound.objects.open().filter(
        school_id=by.school_id, group__iexact=group, grade=grade
    )
    if round := existing.first():
        return round
    ordered = [key for key in QUESTIONS if key in questions]
    for _attempt in range(10):
        round = VoiceRound(
            school_id=by.school_id,
            group=group,
            grade=grade,
            questions=ordered,
            code=new_code(),
            opened_by=by,
            goal=goal,
            initiative=initiative,
        )
        try:
            with transaction.atomic():
                round.save()
        except IntegrityError:
            continue  # the code was taken (one in hundreds of millions): draw another
        break
    else:  # pragma: no cover - ten taken codes in a row means something else is wrong
        raise RuntimeError("No free code for a pupils' voice round.")
    VoiceTally.objects.bulk_create(
        VoiceTally(round=round, question=key, face=face.value) for key in ordered for face in FACES
    )
    return round


@transaction.atomic
def answer_round(*, code: str, token: str, answers: Mapping[str, int]) -> VoiceRound:
    """Count one device's answers: a face for every question of the round.

    Only the tallies change (each +1, in the database, so answers at the same moment all
    count) and the device is marked, in one transaction: either both or neither. Raises
    UnknownRound, RoundClosed, AlreadyAnswered or IncompleteAnswers.
    """
    if not token:
        raise VoiceProblem(_("Your answers were not sent. Reload the page and try again."))
    # The row lock orders answers and closing: an answer either comes before the round
    # closes or sees it closed.
    round = VoiceRound.objects.select_for_update().filter(code=normalize_code(code)).first()
    if round is None:
        raise UnknownRound(_("This code does not work"))
    if not round.is_open:
        raise RoundClosed(_("The questions are closed"))
    faces = {face.value for face in FACES}
    if set(answers) != set(round.questions) or not all(
        answers[key] in faces for key in round.questions
    ):
        raise IncompleteAnswers(_("You skipped a sentence. Choose a face there too."))
    try:
        with transaction.atomic():
            VoiceDevice.objects.create(round=round, token_hash=device_hash(round, token))
    except IntegrityError:
        raise AlreadyAnswered(_("You already answered")) from None
    chosen = Q()
    for key in round.questions:
        chosen |= Q(question=key, face=answers[key])
    VoiceTally.objects.filter(chosen, round=round).update(count=F("count") + 1)
    VoiceRound.objects.filter(pk=round.pk).update(answers=F("answers") + 1)
    round.refresh_from_db(fields=["answers"])
    return round


@transaction.atomic
def close_round(*, round: VoiceRound, by: User) -> VoiceRound:
    """Stop counting: the code no longer works, and from five answers the result shows.
    A round is never opened again. Closing a closed round changes nothing."""
    if not round.may_be_closed_by(by):
        raise PermissionDenied
    round.close()
    return round


# --- results --------------------------------------------------------------------------------


@dataclass
class FaceCount:
    face: Face
    count: int
    share: int  # percent of the round's answers
    offset: int = 0  # the shares of the faces before it: where its part of a bar starts


@dataclass
class QuestionResult:
    key: str
    text: str
    answers: int
    faces: list[FaceCount]

    @property
    def happy_share(self) -> int:
        return self.faces[0].share


def _question_results(
    voice: VoiceRound, tallies: Iterable[VoiceTally] | None = None
) -> list[QuestionResult]:
    rows = voice.tallies.all() if tallies is None else tallies
    counts = {(t.question, t.face): t.count for t in rows}
    results = []
    for key in voice.questions:
        total = sum(counts.get((key, face.value), 0) for face in FACES)
        faces, offset = [], 0
        for face in FACES:
            count = counts.get((key, face.value), 0)
            share = round(100 * count / total) if total else 0
            faces.append(FaceCount(face, count, share, offset))
            offset += share
        results.append(QuestionResult(key, str(QUESTIONS.get(key, key)), total, faces))
    return results


def round_results(round: VoiceRound) -> list[QuestionResult] | None:
    """Per question, how many children chose each face and the share of happy faces; None
    while the round is open or when it closed with fewer than MIN_GROUP answers."""
    if not round.shows_result:
        return None
    return _question_results(round)


@dataclass
class Point:
    round: VoiceRound
    share: int  # of happy faces


@dataclass
class QuestionLine:
    key: str
    text: str
    points: list[Point] = field(default_factory=list)


@dataclass
class GroupSeries:
    group: str
    grade: int
    lines: list[QuestionLine] = field(default_factory=list)

    @property
    def rounds(self) -> list[VoiceRound]:
        seen: dict[int, VoiceRound] = {}
        for line in self.lines:
            for point in line.points:
                seen.setdefault(point.round.pk, point.round)
        return sorted(seen.values(), key=lambda r: r.opened_at)


def _group_key(group: str) -> str:
    return " ".join(group.lower().split())


def series_of(
    rounds: Iterable[VoiceRound],
    *,
    tallies: Callable[[VoiceRound], Iterable[VoiceTally]] | None = None,
) -> list[GroupSeries]:
    """Each group's rounds over time, oldest first: per question the share of happy faces.
    Only rounds that show a result count; a group without any is left out. `tallies` gives
    a round's tallies when they were loaded some other way than `round.tallies`."""
    groups: dict[str, GroupSeries] = {}
    for voice in sorted(rounds, key=lambda r: r.opened_at):
        if not voice.shows_result:
            continue
        series = groups.setdefault(_group_key(voice.group), GroupSeries(voice.group, voice.grade))
        series.group, series.grade = voice.group, voice.grade  # the latest spelling
        lines = {line.key: line for line in series.lines}
        loaded = None if tallies is None else tallies(voice)
        for result in _question_results(voice, loaded):
            line = lines.get(result.key)
            if line is None:
                line = QuestionLine(result.key, result.text)
                series.lines.append(line)
                lines[result.key] = line
            line.points.append(Point(voice, result.happy_share))
    for series in groups.values():
        order = list(QUESTIONS)
        series.lines.sort(key=lambda line: order.index(line.key) if line.key in order else 99)
    return sorted(groups.values(), key=lambda s: (s.grade, _group_key(s.group)))


def group_series(user: User) -> list[GroupSeries]:
    """The groups `user` may see, each over its closed rounds of five answers or more: two
    queries, however many rounds."""
    rounds = (
        VoiceRound.objects.seen_by(user)
        .showing_result()
        .prefetch_related(Prefetch("tallies", queryset=VoiceTally.objects.order_by()))
        .order_by("opened_at")
    )
    return series_of(rounds)
