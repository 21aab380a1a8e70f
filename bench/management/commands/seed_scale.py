"""A school board at scale, for the benchmark: N schools of about 40 staff with three school
years of initiatives, entries, reflections, feedback and pulse answers, in boards of up to
20 schools, each with a quality officer; about 30% of the learning cards shared with the
board. Repeatable: the same seed gives the same data. Uses bulk inserts so it takes minutes,
not hours."""

import datetime
import random

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone, translation

from culture.models import PULSE_STATEMENTS, Answer, Participation, Round
from inquiries.cycle_templates import load_builtin_templates
from inquiries.models import (
    CycleTemplate,
    Entry,
    Initiative,
    InitiativeMember,
    LearningCard,
    Phase,
)
from reflections.models import FeedbackRequest, Reflection
from signin.models import SignInPolicy
from teams.models import Board, Holiday, Membership, SchoolYear, SharedGoal, Team, User
from teams.services import create_school

WORDS = [
    "lezen",
    "leesmotivatie",
    "rekenen",
    "woordenschat",
    "begrijpend",
    "spelen",
    "samenwerken",
    "feedback",
    "eigenaarschap",
    "planbord",
    "kring",
    "duo",
    "taal",
    "schrijven",
    "betrokkenheid",
    "observatie",
    "toets",
    "groep",
]


class Command(BaseCommand):
    help = "Builds a board of schools at scale for the benchmark (refuses in production)."

    def add_arguments(self, parser):
        parser.add_argument("--schools", type=int, default=20)
        parser.add_argument("--staff", type=int, default=40)
        parser.add_argument("--initiatives", type=int, default=250, help="per school")
        parser.add_argument("--entries", type=int, default=11, help="per initiative")
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--schools-per-board", type=int, default=20)
        parser.add_argument(
            "--shared",
            type=float,
            default=0.3,
            help="share of learning cards shared with the board",
        )

    def handle(self, *args, **options):
        if getattr(settings, "PRODUCTION", False):
            raise CommandError("seed_scale refuses to run with production settings.")
        rng = random.Random(options["seed"])
        load_builtin_templates(CycleTemplate, Phase)
        templates = list(CycleTemplate.objects.filter(school=None).prefetch_related("phases"))
        password = make_password("demo")
        started = timezone.now()
        with translation.override("nl"):
            for number in range(1, options["schools"] + 1):
                name = f"Schaalschool {number:02d}"
                board = board_of(number, options["schools_per_board"], password)
                if not SharedGoal.objects.filter(school__name=name).exists():
                    with transaction.atomic():
                        build_school(name, number, board, rng, templates, password, options)
                self.stdout.write(f"{name} ready")
        if connection.vendor == "postgresql":
            # Fresh statistics, as autovacuum would gather soon after a real import; without
            # them the planner guesses row counts from empty tables.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Board ready in {(timezone.now() - started).total_seconds():.0f} s: "
                f"{Initiative.objects.count()} initiatives, {Entry.objects.count()} entries, "
                f"{Reflection.objects.count()} reflections, "
                f"{LearningCard.objects.filter(shared_at__isnull=False).count()} of "
                f"{LearningCard.objects.count()} learning cards shared with a board."
            )
        )


def board_of(number: int, per_board: int, password: str) -> Board:
    """The board of the school with this number, and its quality officer (board staff)."""
    board_number = (number - 1) // per_board + 1
    board, created = Board.objects.get_or_create(name=f"Schaalbestuur {board_number:02d}")
    if created:
        User.objects.create(
            email=f"b{board_number:02d}.kwaliteit@schaal.test",
            name=f"Kwaliteit {board_number}",
            school=None,
            board=board,
            password=password,
        )
    return board


def text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def build_school(name, number, board, rng, templates, password, options):
    school = create_school(name=name, vision=text(rng, 40), whole_team_name="Hele team")
    school.board = board
    school.save(update_fields=["board"])
    # The benchmark signs its people in with a password; a real leader passes two-step
    # sign-in once per session, which costs the pages nothing after.
    SignInPolicy.objects.create(school=school, two_step_for_leaders=False)
    whole = school.teams.get()
    teams = [
        Team.objects.create(
            school=school, name=band, kind=Team.Kind.AGE_BAND, first_group=a, last_group=b
        )
        for band, a, b in (("Onderbouw", 1, 2), ("Middenbouw", 3, 5), ("Bovenbouw", 6, 8))
    ]
    teams.append(
        Team.objects.create(school=school, name="Werkgroep Lezen", kind=Team.Kind.WORKING_GROUP)
    )
    staff = User.objects.bulk_create(
        User(
            email=f"s{number:02d}.p{i:03d}@schaal.test",
            name=f"Collega {number}-{i}",
            school=school,
            password=password,
            working_days=rng.choice([31, 15, 11, 27, 7, 30, 19]),
            role=User.Role.LEADER if i == 0 else User.Role.STAFF,
            is_school_admin=i == 0,
        )
        for i in range(options["staff"])
    )
    memberships = [Membership(team=whole, user=u) for u in staff]
    for i, user in enumerate(staff[1:], start=1):
        team = teams[i % 3]
        memberships.append(Membership(team=team, user=user, role="lead" if i <= 3 else "member"))
        if i % 5 == 0:
            memberships.append(Membership(team=teams[3], user=user))
    Membership.objects.bulk_create(memberships)
    goals = [
        SharedGoal.objects.create(
            school=school, team=None if g < 2 else teams[g % 3], title=text(rng, 4)
        )
        for g in range(5)
    ]
    today = timezone.localdate()
    years = []
    for back in (2, 1, 0):
        start = datetime.date(today.year - back - (1 if today.month < 8 else 0), 8, 24)
        year = SchoolYear.objects.create(
            school=school,
            name=f"{start.year}-{start.year + 1}",
            starts_on=start,
            ends_on=start.replace(year=start.year + 1, month=7, day=9),
        )
        Holiday.objects.create(
            school_year=year,
            name="Kerstvakantie",
            starts_on=datetime.date(start.year, 12, 19),
            ends_on=datetime.date(start.year + 1, 1, 3),
        )
        years.append(year)

    states = ["running"] * 5 + ["completed"] * 2 + ["stopped", "paused", "idea"]
    initiatives = []
    for i in range(options["initiatives"]):
        template = rng.choice(templates)
        phases = list(template.phases.all())
        state = rng.choice(states)
        phase = rng.choice(phases) if state != "idea" else None
        if state == "completed":
            phase = phases[-1]
        year = years[i % 3]
        initiatives.append(
            Initiative(
                school=school,
                title=text(rng, 4),
                question=text(rng, 12),
                why=text(rng, 10),
                children=f"groep {rng.randint(1, 8)}, {rng.randint(18, 30)} leerlingen",
                template=template,
                state=state,
                current_phase=phase,
                school_year=year,
                started_by=rng.choice(staff),
                phase_due_on=today + datetime.timedelta(days=rng.randint(-20, 40))
                if state == "running"
                else None,
                last_activity_at=timezone.now() - datetime.timedelta(days=rng.randint(0, 60)),
            )
        )
    initiatives = Initiative.objects.bulk_create(initiatives)
    Through = Initiative.teams.through
    GoalThrough = Initiative.goals.through
    Through.objects.bulk_create(
        Through(initiative=ini, team=teams[n % 4]) for n, ini in enumerate(initiatives)
    )
    GoalThrough.objects.bulk_create(
        GoalThrough(initiative=ini, sharedgoal=rng.choice(goals)) for ini in initiatives
    )
    members = []
    for ini in initiatives:
        people = {ini.started_by_id, *(rng.choice(staff).pk for _ in range(2))}
        for pk in people:
            members.append(
                InitiativeMember(
                    initiative=ini,
                    user_id=pk,
                    role="starter" if pk == ini.started_by_id else "member",
                )
            )
    InitiativeMember.objects.bulk_create(members)
    entries = []
    for ini in initiatives:
        if ini.current_phase_id is None:
            continue
        for e in range(options["entries"]):
            measurement = e == 0
            entries.append(
                Entry(
                    initiative=ini,
                    phase_id=ini.current_phase_id,
                    author_id=ini.started_by_id,
                    kind="measurement"
                    if measurement
                    else rng.choice(["note", "observation", "decision"]),
                    text="" if measurement else text(rng, 15),
                    measure=text(rng, 4) if measurement else "",
                    unit="percent" if measurement else "",
                    baseline=rng.randint(10, 60) if measurement else None,
                    result=rng.randint(30, 90)
                    if measurement and ini.state == "completed"
                    else None,
                )
            )
    Entry.objects.bulk_create(entries, batch_size=2000)
    LearningCard.objects.bulk_create(
        LearningCard(
            initiative=ini, learned=text(rng, 20), tried=text(rng, 12), advice=text(rng, 10)
        )
        for ini in initiatives
        if ini.state in ("completed", "stopped")
    )
    # A card dates from when its initiative ended, not from the seeding (a weekly digest
    # would otherwise list three years of cards as new).
    LearningCard.objects.filter(initiative__school=school).update(
        created_at=Subquery(
            Initiative.objects.filter(pk=OuterRef("initiative_id"))
            .annotate(ended=Coalesce("ended_at", "last_activity_at"))
            .values("ended")[:1]
        )
    )
    share_cards(school, number, members, options)
    reflections = Reflection.objects.bulk_create(
        Reflection(
            school=school,
            author=user,
            title=text(rng, 3),
            proud_of=text(rng, 15),
            visibility=rng.choice(["private", "private", "school"]),
        )
        for user in staff
        for _ in range(5)
    )
    # Written over three school years, like the initiatives (not all in the seeding week).
    now = timezone.now()
    for reflection in reflections:
        reflection.created_at = reflection.updated_at = now - datetime.timedelta(
            days=rng.randint(0, 3 * 365), minutes=rng.randint(0, 24 * 60)
        )
    Reflection.objects.bulk_update(reflections, ["created_at", "updated_at"], batch_size=500)
    shared = [r for r in reflections if r.visibility == "school"]
    FeedbackRequest.objects.bulk_create(
        FeedbackRequest(reflection=r, asked=rng.choice([u for u in staff if u.pk != r.author_id]))
        for r in shared[::2]
    )
    for year in years:
        pulse = Round.objects.create(
            school=school,
            kind=Round.Kind.PULSE,
            title=f"Peiling {year.name}",
            opens_on=year.starts_on + datetime.timedelta(days=60),
            closes_on=year.starts_on + datetime.timedelta(days=74),
        )
        answering = staff[: int(len(staff) * 0.7)]
        Participation.objects.bulk_create(Participation(round=pulse, user=u) for u in answering)
        Answer.objects.bulk_create(
            Answer(
                round=pulse,
                team=teams[i % 3],
                scores={k: rng.randint(2, 5) for k, _s in PULSE_STATEMENTS},
            )
            for i, _u in enumerate(answering)
        )


def share_cards(school, number, members, options) -> None:
    """Share a fraction of the school's cards with the board, each by its starter a few days
    after the card was written; the starter is named and may be asked, the other members are
    named half the time. A random stream of its own, so the rest of the data stays what the
    seed made it before boards were added."""
    rng = random.Random(f"{options['seed']}-share-{number}")
    cards = list(
        LearningCard.objects.filter(initiative__school=school)
        .select_related("initiative")
        .order_by("pk")
    )
    shared = [card for card in cards if rng.random() < options["shared"]]
    now = timezone.now()
    for card in shared:
        card.shared_at = min(now, card.created_at + datetime.timedelta(days=rng.randint(0, 14)))
        card.shared_by_id = card.initiative.started_by_id
    # Fields that the search trigger does not watch: the stored vectors stay as they are.
    LearningCard.objects.bulk_update(shared, ["shared_at", "shared_by"], batch_size=500)
    shared_initiatives = {card.initiative_id for card in shared}
    consenting = []
    for member in members:
        if member.initiative_id not in shared_initiatives:
            continue
        starter = member.role == InitiativeMember.Role.STARTER
        member.named_on_board = starter or rng.random() < 0.5
        member.contact_from_board = starter
        consenting.append(member)
    InitiativeMember.objects.bulk_update(
        consenting, ["named_on_board", "contact_from_board"], batch_size=500
    )
