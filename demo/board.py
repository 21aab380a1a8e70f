"""The demo's school board: De Vlinderboom and a second, small school in one board, two of
that school's learning cards shared with the board, and a login for the board's quality
officer.

Used by `manage.py seed_demo`; adds nothing that is already there (matched by name, email
or title), and leaves alone what someone changed since (a card taken out of the board
stays out).
"""

from decimal import Decimal

from inquiries.cycle_templates import load_builtin_templates
from inquiries.models import CycleTemplate, Entry, Initiative, LearningCard, Phase
from inquiries.services import (
    add_comment,
    add_entry,
    change_state,
    join_initiative,
    move_phase,
    set_board_consent,
    share_card,
    start_initiative,
)
from signin.models import SignInPolicy
from teams.models import Board, Holiday, School, SchoolYear, SharedGoal, Team, User
from teams.services import create_school, set_memberships

from .people import demo_person

BOARD_NAME = "Stichting Samen Leren"
SCHOOL_NAME = "Basisschool De Vlinder"
OFFICER_EMAIL = "kwaliteit@samenleren.test"

VISION = """\
Op De Vlinder leren kinderen van en met elkaar, en wij ook: een kleine school waar iedereen \
elkaar kent en waar we samen uitzoeken wat werkt."""

M, T, W, TH, F = 1, 2, 4, 8, 16  # working-day bits, Monday first

# email, name, job title, working days, in the bovenbouw, leads it
STAFF = [
    ("directeur@devlinder.test", "Hans Verbeek", "directeur", M | T | W | TH, False, False),
    ("bovenbouw@devlinder.test", "Femke de Wit", "leerkracht groep 6", M | T | W | TH | F, True,
     True),
    ("karim.elamrani@devlinder.test", "Karim El Amrani", "leerkracht groep 7", M | T | W | TH,
     True, False),
    ("esther.vandenberg@devlinder.test", "Esther van den Berg", "leerkracht groep 8",
     W | TH | F, True, False),
    ("mirjam.prins@devlinder.test", "Mirjam Prins", "intern begeleider", T | TH, True, False),
    ("jeroen.kok@devlinder.test", "Jeroen Kok", "leerkracht groep 3", M | T | W | TH | F,
     False, False),
    ("lisa.hoekstra@devlinder.test", "Lisa Hoekstra", "leerkracht groep 1-2", M | T | F,
     False, False),
]  # fmt: skip

# Titles as at De Vlinderboom: the board library's goal filter is by title, across schools.
GOALS = [
    (
        "Leesmotivatie: kinderen lezen met plezier",
        "Meer kinderen in de bovenbouw kiezen zelf een boek en raden elkaar boeken aan.",
    ),
    (
        "Kinderen leren van en met elkaar",
        "Kinderen leggen elkaar uit hoe ze iets aanpakken, en vragen elkaar om hulp.",
    ),
]

# Both completed, their cards shared with the board. The first is found by a search for
# "lezen" only through its stem (leesmotivatie): no word of it is "lezen" or "lees" itself.
INITIATIVES = [
    {
        "title": "Leesmotivatie met een boekenkring",
        "starter": "bovenbouw@devlinder.test",
        "others": ["karim.elamrani@devlinder.test", "esther.vandenberg@devlinder.test"],
        "goal": "Leesmotivatie: kinderen lezen met plezier",
        "question": "Hoe kunnen wij de leesmotivatie in groep 6, 7 en 8 vergroten met een "
        "wekelijkse boekenkring?",
        "why": "Veel kinderen in de bovenbouw pakken uit zichzelf geen boek meer. Wie een "
        "klasgenoot over een boek hoort vertellen, wordt nieuwsgierig naar het volgende.",
        "children": "groep 6, 7 en 8, 74 leerlingen",
        "see": "Hoeveel kinderen zelf een boek uit de schoolbibliotheek halen, en wat ze in de "
        "boekenkring vertellen.",
        "measure": "Kinderen die wekelijks zelf een boek halen",
        "baseline": "31",
        "target": "60",
        "result": "68",
        "card": {
            "tried": "Elke vrijdag een boekenkring van twintig minuten: drie kinderen vertellen "
            "over hun boek, de klas stelt vragen, en wie nieuwsgierig is, zet het boek op een "
            "eigen wensenlijst.",
            "saw_in_children": "Na acht weken haalde 68% van de kinderen wekelijks zelf een boek "
            "uit de schoolbibliotheek (eerst 31%). Jongens kozen vaker strips en informatieve "
            "boeken en raadden die elkaar aan.",
            "learned": "De leesmotivatie groeit als kinderen elkaar boeken aanraden: de tip van "
            "een klasgenoot werkt beter dan die van de juf.",
            "advice": "Houd de boekenkring kort en vast in het rooster, en laat kinderen ook "
            "strips en informatieve boeken meenemen.",
        },
        # email: (name shown with the card, may be asked about it)
        "consent": {
            "bovenbouw@devlinder.test": (True, True),
            "karim.elamrani@devlinder.test": (True, False),
        },
    },
    {
        "title": "Rekenmaatjes in groep 7",
        "starter": "karim.elamrani@devlinder.test",
        "others": ["mirjam.prins@devlinder.test"],
        "goal": "Kinderen leren van en met elkaar",
        "question": "Hoe kunnen wij kinderen in groep 7 elkaar laten uitleggen hoe ze een "
        "rekenopgave aanpakken?",
        "why": "Wie een ander iets uitlegt, begrijpt het zelf beter; en een klasgenoot legt het "
        "soms in betere woorden uit dan de leerkracht.",
        "children": "groep 7, 27 leerlingen",
        "see": "Hoe vaak kinderen bij een vastgelopen opgave eerst hun maatje om hulp vragen.",
        "measure": "Kinderen die eerst hun maatje om hulp vragen",
        "baseline": "20",
        "target": "50",
        "result": "55",
        "card": {
            "tried": "Vaste rekenmaatjes voor zes weken. Bij een vastgelopen opgave legt eerst "
            "het maatje uit, met de vraag: hoe zou jij beginnen?",
            "saw_in_children": "Kinderen vroegen elkaar vaker om hulp dan de leerkracht (55% "
            "van de vragen, eerst 20%), en de rekentoets ging in die weken niet achteruit.",
            "learned": "Maatjes helpen elkaar het best als ze een vaste vraag hebben om mee te "
            "beginnen; zonder die vraag zeggen ze alleen het antwoord voor.",
            "advice": "Doe de vaste vraag eerst een week voor in de instructie, en wissel de "
            "maatjes na zes weken.",
        },
        "consent": {"karim.elamrani@devlinder.test": (True, True)},
    },
]

# Each school's staff sign in on their own; the board's people sign in here too.
BOARD_LOGINS = [
    (OFFICER_EMAIL, "kwaliteitsmedewerker van het bestuur (Stichting Samen Leren)"),
]


def seed_board(*, school: School, school_years: list, password: str) -> Board:
    """The demo school's board, a second school in it and the board's quality officer."""
    board, _created = Board.objects.get_or_create(name=BOARD_NAME)
    if school.board_id is None:
        School.objects.filter(pk=school.pk).update(board=board)
    second = _seed_second_school(board, school_years, password)
    _seed_shared_initiatives(second)
    User.objects.get_or_create(
        email=OFFICER_EMAIL,
        defaults={
            "name": "Ingrid Hoogendoorn",
            "school": None,
            "board": board,
            "job_title": "kwaliteitsmedewerker",
            "working_days": M | T | TH,
            "password": password,
        },
    )
    return board


def _seed_second_school(board: Board, school_years: list, password: str) -> School:
    school = School.objects.filter(name=SCHOOL_NAME).first()
    if school is None:
        school = create_school(name=SCHOOL_NAME, vision=VISION, whole_team_name="Hele team")
        school.board = board
        school.save(update_fields=["board"])
    # Its leader, too, signs in without two-step sign-in in the demo.
    SignInPolicy.objects.get_or_create(school=school, defaults={"two_step_for_leaders": False})
    bovenbouw, _created = Team.objects.get_or_create(
        school=school,
        name="Bovenbouw",
        defaults={
            "kind": Team.Kind.AGE_BAND,
            "first_group": 6,
            "last_group": 8,
            "description": "Groep 6, 7 en 8.",
        },
    )
    for email, name, job, days, in_team, leads in STAFF:
        user, created = demo_person(
            school=school,
            email=email,
            name=name,
            job=job,
            days=days,
            password=password,
            leader=job == "directeur",
        )
        if created:
            set_memberships(
                user=user,
                teams=[bovenbouw] if in_team else [],
                lead_of=[bovenbouw] if leads else [],
            )
    leader = User.objects.get(email=STAFF[0][0])
    for title, description in GOALS:
        SharedGoal.objects.get_or_create(
            school=school,
            team=None,
            title=title,
            defaults={"description": description, "created_by": leader},
        )
    # The demo school's own years, so both schools are in the same school year today.
    for name, starts, ends, holidays in school_years:
        year, _created = SchoolYear.objects.get_or_create(
            school=school, name=name, defaults={"starts_on": starts, "ends_on": ends}
        )
        for holiday_name, first, last in holidays:
            Holiday.objects.get_or_create(
                school_year=year, name=holiday_name, defaults={"starts_on": first, "ends_on": last}
            )
    return school


def _seed_shared_initiatives(school: School) -> None:
    load_builtin_templates(CycleTemplate, Phase)  # gone from a flushed database
    existing = set(Initiative.objects.filter(school=school).values_list("title", flat=True))
    people = {user.email: user for user in school.staff.all()}
    team = Team.objects.get(school=school, name="Bovenbouw")
    goals = {goal.title: goal for goal in SharedGoal.objects.filter(school=school)}
    template = CycleTemplate.objects.get(school=None, board=None, builtin_key="pdca")
    for spec in INITIATIVES:
        if spec["title"] not in existing:
            _complete_and_share(spec, school, people, team, goals[spec["goal"]], template)


def _complete_and_share(spec, school, people, team, goal, template) -> None:
    starter = people[spec["starter"]]
    initiative = start_initiative(
        school=school,
        started_by=starter,
        title=spec["title"],
        question=spec["question"],
        why=spec["why"],
        children=spec["children"],
        how_we_see_it=spec["see"],
        template=template,
        teams=[team],
        goals=[goal],
        core_values=list(school.core_values.all()[:2]),
    )
    for email in spec["others"]:
        join_initiative(initiative=initiative, user=people[email])
    change_state(initiative=initiative, user=starter, action="start")
    initiative.refresh_from_db()
    key = f"demo-board-{initiative.pk}"
    add_entry(
        initiative=initiative,
        author=starter,
        entry=Entry(
            kind=Entry.Kind.MEASUREMENT,
            measure=spec["measure"],
            unit=Entry.Unit.PERCENT,
            baseline=Decimal(spec["baseline"]),
            target=Decimal(spec["target"]),
            result=Decimal(spec["result"]),
        ),
        submission_key=f"{key}-m",
    )
    for phase in list(initiative.template.phases.order_by("position"))[1:]:
        initiative = move_phase(
            initiative=initiative,
            user=starter,
            to_phase=phase,
            seen_phase_id=initiative.current_phase_id,
            learned="De kinderen reageerden anders dan we dachten: we stelden het plan bij.",
        )
    add_comment(
        initiative=initiative,
        author=people[spec["others"][0]],
        text="Mooi dat de kinderen het elkaar nu vertellen. Dit houden we erin.",
        submission_key=f"{key}-c",
    )
    change_state(
        initiative=initiative, user=starter, action="complete", card=LearningCard(**spec["card"])
    )
    card = LearningCard.objects.get(initiative=initiative)
    named, contact = spec["consent"][starter.email]
    share_card(card=card, user=starter, named=named, contact=contact)
    for email, (named, contact) in spec["consent"].items():
        if email != starter.email:
            set_board_consent(card=card, user=people[email], named=named, contact=contact)
