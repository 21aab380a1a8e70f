"""A fictional demo school to try the app with. Safe to run again: it adds nothing twice."""

import datetime

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from demo.board import BOARD_LOGINS, seed_board
from demo.culture import seed_culture
from demo.inquiries import seed_initiatives
from demo.meetings import seed_meetings
from demo.people import demo_person
from demo.reflections import seed_reflections
from demo.results import seed_results
from signin.models import SignInPolicy
from teams.models import Holiday, School, SchoolYear, SharedGoal, Team, TeamNorm, User
from teams.services import create_school, set_memberships

SCHOOL_NAME = "Basisschool De Vlinderboom"
DEMO_PASSWORD = "demo"

VISION = """\
Op De Vlinderboom ontwikkelt ieder kind en ieder teamlid zich in een veilige omgeving. \
Hier durf je te zeggen wat je moeilijk of spannend vindt, durf je iets nieuws te proberen \
en mag je trots zijn op wat je al kunt.

Kinderen en teamleden zijn eigenaar van hun eigen leren. Wij verbeteren ons onderwijs \
elke dag door kritisch naar onze eigen praktijk te kijken en door kennis en ervaring met \
elkaar te delen. Verbeteringen bedenken en dragen we zelf, van onderop; de schoolleiding \
begeleidt, ondersteunt en faciliteert.

Ons gezamenlijke doel: betere motivatie en betere leerresultaten voor de kinderen."""

M, T, W, TH, F = 1, 2, 4, 8, 16  # working-day bits, Monday first

TEAMS = [
    ("Onderbouw", Team.Kind.AGE_BAND, 1, 2, "Groep 1 en 2: spelend leren."),
    ("Middenbouw", Team.Kind.AGE_BAND, 3, 5, "Groep 3, 4 en 5."),
    ("Bovenbouw", Team.Kind.AGE_BAND, 6, 8, "Groep 6, 7 en 8."),
    ("Werkgroep Lezen", Team.Kind.WORKING_GROUP, None, None, "Leesplezier in de hele school."),
]

# email, name, job title, working days, teams, team they lead
STAFF = [
    ("directeur@demo.test", "Marieke Jansen", "directeur", M | T | W | TH, [], []),
    (
        "onderbouw@demo.test",
        "Anouk de Boer",
        "leerkracht groep 1-2",
        M | T | TH | F,
        ["Onderbouw"],
        ["Onderbouw"],
    ),
    (
        "middenbouw@demo.test",
        "Youssef Amrani",
        "leerkracht groep 5",
        M | T | W | TH | F,
        ["Middenbouw", "Werkgroep Lezen"],
        ["Middenbouw"],
    ),
    (
        "bovenbouw@demo.test",
        "Peter Visser",
        "leerkracht groep 8",
        M | T | W | TH,
        ["Bovenbouw"],
        ["Bovenbouw"],
    ),
    (
        "leerkracht@demo.test",
        "Sanne Bakker",
        "leerkracht groep 4",
        M | T | TH,
        ["Middenbouw", "Werkgroep Lezen"],
        [],
    ),
    ("lotte.smit@demo.test", "Lotte Smit", "leerkracht groep 1-2", M | T | W, ["Onderbouw"], []),
    ("ilse.mulder@demo.test", "Ilse Mulder", "leerkracht groep 1-2", W | TH | F, ["Onderbouw"], []),
    (
        "naima.elidrissi@demo.test",
        "Naima El Idrissi",
        "leerkracht groep 1-2",
        M | T | TH | F,
        ["Onderbouw"],
        [],
    ),
    (
        "kees.dijkstra@demo.test",
        "Kees Dijkstra",
        "onderwijsassistent",
        M | T | W | TH,
        ["Onderbouw"],
        [],
    ),
    (
        "eva.vandam@demo.test",
        "Eva van Dam",
        "leerkracht groep 3",
        M | T | W | TH | F,
        ["Middenbouw"],
        [],
    ),
    (
        "tom.hendriks@demo.test",
        "Tom Hendriks",
        "leerkracht groep 3",
        W | TH | F,
        ["Middenbouw"],
        [],
    ),
    (
        "fleur.peters@demo.test",
        "Fleur Peters",
        "leerkracht groep 4",
        W | F,
        ["Middenbouw", "Werkgroep Lezen"],
        [],
    ),
    ("mehmet.yilmaz@demo.test", "Mehmet Yılmaz", "leerkracht groep 5", M | T, ["Middenbouw"], []),
    (
        "joke.vanleeuwen@demo.test",
        "Joke van Leeuwen",
        "intern begeleider",
        T | W | TH,
        ["Middenbouw", "Bovenbouw"],
        [],
    ),
    ("daan.bos@demo.test", "Daan Bos", "leerkracht groep 6", M | T | W | TH | F, ["Bovenbouw"], []),
    ("sara.dejong@demo.test", "Sara de Jong", "leerkracht groep 6", TH | F, ["Bovenbouw"], []),
    (
        "ruben.vos@demo.test",
        "Ruben Vos",
        "leerkracht groep 7",
        M | T | W | TH | F,
        ["Bovenbouw", "Werkgroep Lezen"],
        [],
    ),
    ("linda.koster@demo.test", "Linda Koster", "leerkracht groep 7", M | W, ["Bovenbouw"], []),
    ("bram.meijer@demo.test", "Bram Meijer", "leerkracht groep 8", F, ["Bovenbouw"], []),
    ("ayla.kaya@demo.test", "Ayla Kaya", "onderwijsassistent", M | T | TH | F, ["Middenbouw"], []),
    (
        "wim.degroot@demo.test",
        "Wim de Groot",
        "vakleerkracht gym",
        T | TH,
        ["Onderbouw", "Middenbouw", "Bovenbouw"],
        [],
    ),
    ("hanna.brouwer@demo.test", "Hanna Brouwer", "intern begeleider", M | T | W, ["Onderbouw"], []),
    ("olga.nowak@demo.test", "Olga Nowak", "leerkracht groep 5", W | TH | F, ["Middenbouw"], []),
    ("gerrit.postma@demo.test", "Gerrit Postma", "conciërge", M | T | W | TH | F, [], []),
]

# title, description, team (None: whole school), core value names
GOALS = [
    (
        "Leesmotivatie: kinderen lezen met plezier",
        "Meer kinderen kiezen zelf een boek en lezen ook thuis; het aantal kinderen dat "
        "zegt graag te lezen stijgt in alle groepen.",
        None,
        ["intrinsieke motivatie", "betrokkenheid"],
    ),
    (
        "Eigenaarschap: kinderen sturen hun eigen leren",
        "Kinderen stellen zelf doelen, weten waar ze staan en vragen om de hulp die ze nodig "
        "hebben.",
        None,
        ["intrinsieke motivatie", "toewijding"],
    ),
    (
        "Taalrijke speelhoeken",
        "Kinderen in groep 1-2 gebruiken in de speelhoeken meer nieuwe woorden en vertellen "
        "elkaar wat ze doen.",
        "Onderbouw",
        ["betrokkenheid"],
    ),
    (
        "Begrijpend lezen met meer gesprek",
        "Kinderen in groep 3-5 praten in tweetallen over de tekst en kunnen uitleggen waarom "
        "ze iets denken.",
        "Middenbouw",
        ["betrokkenheid", "toewijding"],
    ),
    (
        "Kinderen geven elkaar feedback",
        "Kinderen in groep 6-8 geven elkaar bruikbare feedback op hun werk en gebruiken die.",
        "Bovenbouw",
        ["intrinsieke motivatie", "werkplezier"],
    ),
]

NORMS = {
    "Hele team": [
        "We beginnen en eindigen op tijd.",
        "We delen wat lukte én wat niet lukte: fouten maken mag.",
        "We praten over wat de kinderen doen en leren, niet over elkaar.",
    ],
    "Onderbouw": [
        "Elke bouwvergadering begint met een observatie uit de klas.",
        "We kijken minstens één keer per periode bij elkaar in de klas.",
    ],
    "Middenbouw": [
        "We bereiden de bouwvergadering voor: iedereen neemt één leervraag mee.",
        "Afspraken uit de vergadering staan dezelfde dag in de app.",
        "We geven feedback op wat we zagen, met een vraag erbij.",
    ],
    "Bovenbouw": [
        "We beslissen samen en houden ons eraan.",
        "Wie iets nieuws probeert, vertelt in de volgende vergadering wat de kinderen deden.",
    ],
}

SCHOOL_YEARS = [
    (
        "2024-2025",
        datetime.date(2024, 8, 19),
        datetime.date(2025, 7, 4),
        [
            ("Herfstvakantie", datetime.date(2024, 10, 19), datetime.date(2024, 10, 27)),
            ("Kerstvakantie", datetime.date(2024, 12, 21), datetime.date(2025, 1, 5)),
            ("Voorjaarsvakantie", datetime.date(2025, 2, 15), datetime.date(2025, 2, 23)),
            ("Meivakantie", datetime.date(2025, 4, 26), datetime.date(2025, 5, 11)),
        ],
    ),
    (
        "2025-2026",
        datetime.date(2025, 8, 18),
        datetime.date(2026, 7, 3),
        [
            ("Herfstvakantie", datetime.date(2025, 10, 18), datetime.date(2025, 10, 26)),
            ("Kerstvakantie", datetime.date(2025, 12, 20), datetime.date(2026, 1, 4)),
            ("Voorjaarsvakantie", datetime.date(2026, 2, 14), datetime.date(2026, 2, 22)),
            ("Meivakantie", datetime.date(2026, 4, 25), datetime.date(2026, 5, 10)),
        ],
    ),
    (
        "2026-2027",
        datetime.date(2026, 8, 24),
        datetime.date(2027, 7, 9),
        [
            ("Herfstvakantie", datetime.date(2026, 10, 17), datetime.date(2026, 10, 25)),
            ("Kerstvakantie", datetime.date(2026, 12, 19), datetime.date(2027, 1, 3)),
            ("Voorjaarsvakantie", datetime.date(2027, 2, 13), datetime.date(2027, 2, 21)),
            ("Goede Vrijdag en Pasen", datetime.date(2027, 3, 26), datetime.date(2027, 3, 29)),
            ("Meivakantie", datetime.date(2027, 4, 24), datetime.date(2027, 5, 9)),
            ("Pinksteren", datetime.date(2027, 5, 17), datetime.date(2027, 5, 17)),
        ],
    ),
]

DEMO_LOGINS = [
    ("directeur@demo.test", "schoolleider"),
    ("onderbouw@demo.test", "bouwcoördinator onderbouw"),
    ("middenbouw@demo.test", "bouwcoördinator middenbouw"),
    ("bovenbouw@demo.test", "bouwcoördinator bovenbouw"),
    ("leerkracht@demo.test", "leerkracht middenbouw (ma, di, do)"),
]


class Command(BaseCommand):
    help = (
        "Loads the demo school De Vlinderboom: staff, teams, initiatives and reflections; "
        "its school board with a second school and the board's quality officer."
    )

    def handle(self, *args, **options):
        if getattr(settings, "PRODUCTION", False):
            raise CommandError(
                "seed_demo refuses to run with production settings (PLC_PRODUCTION)."
            )
        password = make_password(DEMO_PASSWORD)  # hashed once: hashing is slow on purpose
        with translation.override("nl"), transaction.atomic():
            school = seed_school(password=password)
            # The demo's leader signs in with email and password alone, so anyone can try
            # it; a real school keeps two-step sign-in for its leader on (the default).
            SignInPolicy.objects.update_or_create(
                school=school, defaults={"two_step_for_leaders": False}
            )
            seed_initiatives(school)
            seed_reflections(school)
            seed_culture(school)
            seed_meetings(school)
            seed_results(school)
            board = seed_board(school=school, school_years=SCHOOL_YEARS, password=password)
        self.stdout.write(self.style.SUCCESS(f"Demo school ready: {school.name}"))
        schools = ", ".join(board.schools.order_by("name").values_list("name", flat=True))
        self.stdout.write(self.style.SUCCESS(f"Its school board: {board.name} ({schools})"))
        self.stdout.write("Demo logins (password for all: demo; no two-step sign-in in the demo):")
        for email, role in DEMO_LOGINS + BOARD_LOGINS:
            self.stdout.write(f"  {email:<26} {role}")


def seed_school(*, password: str) -> School:
    school = School.objects.filter(name=SCHOOL_NAME).first()
    if school is None:
        school = create_school(name=SCHOOL_NAME, vision=VISION, whole_team_name="Hele team")
    values = {value.name: value for value in school.core_values.all()}

    teams = {team.name: team for team in school.teams.all()}
    for name, kind, first, last, description in TEAMS:
        if name not in teams:
            teams[name] = Team.objects.create(
                school=school,
                name=name,
                kind=kind,
                first_group=first,
                last_group=last,
                description=description,
            )

    for email, name, job, days, team_names, lead_names in STAFF:
        user, _created = demo_person(
            school=school,
            email=email,
            name=name,
            job=job,
            days=days,
            password=password,
            leader=email == "directeur@demo.test",
        )
        set_memberships(
            user=user,
            teams=[teams[n] for n in team_names],
            lead_of=[teams[n] for n in lead_names],
        )

    creator = User.objects.get(email="directeur@demo.test")
    for title, description, team_name, value_names in GOALS:
        goal, created = SharedGoal.objects.get_or_create(
            school=school,
            team=teams[team_name] if team_name else None,
            title=title,
            defaults={"description": description, "created_by": creator},
        )
        if created:
            goal.core_values.set([values[v] for v in value_names if v in values])

    for team_name, norms in NORMS.items():
        for position, text in enumerate(norms, start=1):
            TeamNorm.objects.get_or_create(
                team=teams[team_name], text=text, defaults={"position": position}
            )

    for name, starts, ends, holidays in SCHOOL_YEARS:
        year, _created = SchoolYear.objects.get_or_create(
            school=school, name=name, defaults={"starts_on": starts, "ends_on": ends}
        )
        for holiday_name, first, last in holidays:
            Holiday.objects.get_or_create(
                school_year=year, name=holiday_name, defaults={"starts_on": first, "ends_on": last}
            )
    return school
