"""Demo initiatives for the demo school: several teams, cycles and phases.

Used by `manage.py seed_demo`; adds nothing that is already there (matched by title).
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from inquiries.cycle_templates import load_builtin_templates
from inquiries.models import CycleTemplate, Entry, Initiative, LearningCard, Phase, SupportRequest
from inquiries.services import (
    add_comment,
    add_entry,
    add_feedback,
    answer_support_request,
    change_state,
    join_initiative,
    move_phase,
    request_support,
    start_initiative,
)
from teams.models import School, SharedGoal, Team, User

# title, starter, others, team, cycle, phases to pass, goal, question, why, children, see
INITIATIVES = [
    {
        "title": "Zelf kiezen in de klassenbieb",
        "starter": "leerkracht@demo.test",
        "others": ["fleur.peters@demo.test", "middenbouw@demo.test"],
        "team": "Middenbouw",
        "cycle": "spiral",
        "moves": ["focusing", "hunch"],
        "goal": "Leesmotivatie: kinderen lezen met plezier",
        "question": "Hoe kunnen wij kinderen in groep 4 zelf laten kiezen wat ze lezen?",
        "why": "Kinderen die zelf kiezen, lezen vaker en met meer plezier.",
        "children": "groep 4, 2 klassen, 52 leerlingen",
        "see": "Het aandeel kinderen dat zegt graag te lezen, en hoe vaak ze een boek lenen.",
    },
    {
        "title": "Tweetallen bij begrijpend lezen",
        "starter": "middenbouw@demo.test",
        "others": ["eva.vandam@demo.test", "olga.nowak@demo.test"],
        "team": "Middenbouw",
        "cycle": "datateam",
        "moves": ["hypotheses", "collection", "quality", "analysis"],
        "goal": "Begrijpend lezen met meer gesprek",
        "question": "Hoe kunnen wij met vaste leesduo's het tekstbegrip in groep 5 vergroten?",
        "why": "Praten over een tekst helpt kinderen om hem echt te begrijpen.",
        "children": "groep 5, 27 leerlingen",
        "see": "Scores op de methodetoets begrijpend lezen, vóór en na.",
        "overdue": True,
    },
    {
        "title": "Praatplaten in de bouwhoek",
        "starter": "onderbouw@demo.test",
        "others": ["lotte.smit@demo.test", "naima.elidrissi@demo.test"],
        "team": "Onderbouw",
        "cycle": "lessonstudy",
        "moves": ["plan_lesson", "teach"],
        "goal": "Taalrijke speelhoeken",
        "question": "Hoe kunnen wij kleuters in de bouwhoek meer laten vertellen over wat ze doen?",
        "why": "Vertellen tijdens het spel is de basis voor woordenschat.",
        "children": "groep 1-2, 3 klassen, 70 kleuters",
        "see": "Aantal nieuwe woorden per kind tijdens een observatie van tien minuten.",
    },
    {
        "title": "Kleuters kiezen hun eigen werkje",
        "starter": "ilse.mulder@demo.test",
        "others": [],
        "team": "Onderbouw",
        "cycle": "pdca",
        "moves": [],
        "goal": "Eigenaarschap: kinderen sturen hun eigen leren",
        "question": "Hoe kunnen wij kleuters zelf laten plannen met een planbord?",
        "why": "Kinderen die kiezen, zijn meer betrokken bij hun werk.",
        "children": "groep 2, 24 leerlingen",
        "see": "Betrokkenheid (Laevers-schaal) tijdens de werkles.",
        "idea": True,
    },
    {
        "title": "Feedback met twee tips en een top",
        "result": "70",
        "starter": "bovenbouw@demo.test",
        "others": ["daan.bos@demo.test", "ruben.vos@demo.test"],
        "team": "Bovenbouw",
        "cycle": "pdca",
        "moves": ["do", "check", "act", "secure"],
        "goal": "Kinderen geven elkaar feedback",
        "question": "Hoe kunnen wij kinderen in groep 6-8 elkaar bruikbare feedback laten geven?",
        "why": "Kinderen leren van elkaar als de feedback concreet is.",
        "children": "groep 6, 7 en 8, 80 leerlingen",
        "see": "Hoe vaak kinderen hun werk aanpassen na feedback van een klasgenoot.",
        "complete": {
            "tried": "Een vaste vorm: twee tips en een top, op een kaartje bij het schrijfwerk.",
            "saw_in_children": "Na zes weken paste 70% van de kinderen hun tekst aan na "
            "feedback (eerst 30%).",
            "learned": "Een vaste vorm en voordoen maken feedback veilig en bruikbaar.",
            "advice": "Begin met voordoen in de kring; laat kinderen eerst alleen tops geven.",
        },
    },
    {
        "title": "Stilleesmoment na de pauze",
        "result": "40",
        "starter": "sara.dejong@demo.test",
        "others": ["linda.koster@demo.test"],
        "team": "Bovenbouw",
        "cycle": "spiral",
        "moves": ["focusing"],
        "goal": "Leesmotivatie: kinderen lezen met plezier",
        "question": "Hoe kunnen wij een vast stilleesmoment na de pauze laten werken?",
        "why": "Rust na de pauze helpt kinderen om in een boek te komen.",
        "children": "groep 6, 26 leerlingen",
        "see": "Aantal minuten dat kinderen echt lezen.",
        "stop": "Na de pauze is er te veel onrust; een leesmoment aan het begin van de dag "
        "werkt beter. We nemen dit mee naar de werkgroep lezen.",
    },
    {
        "title": "Rekenen met echte maten",
        "starter": "daan.bos@demo.test",
        "others": ["bram.meijer@demo.test"],
        "team": "Bovenbouw",
        "cycle": "plcatwork",
        "moves": ["know"],
        "goal": "Eigenaarschap: kinderen sturen hun eigen leren",
        "question": "Hoe kunnen wij meten en wegen betekenisvol maken met echte opdrachten?",
        "why": "Kinderen snappen maten beter als ze ze zelf gebruiken.",
        "children": "groep 7, 28 leerlingen",
        "see": "Resultaten op de gezamenlijke toets meten en wegen.",
        "paused": True,
    },
    {
        "title": "Voorleesouders in groep 3",
        "starter": "tom.hendriks@demo.test",
        "others": ["ayla.kaya@demo.test", "leerkracht@demo.test"],
        "team": "Middenbouw",
        "cycle": "pdca",
        "moves": ["do"],
        "goal": "Leesmotivatie: kinderen lezen met plezier",
        "question": "Hoe kunnen wij ouders inzetten om kinderen in groep 3 vaker voor te lezen?",
        "why": "Voorlezen vergroot de woordenschat en het leesplezier.",
        "children": "groep 3, 25 leerlingen",
        "see": "Aantal voorleesmomenten per week en wat kinderen erover zeggen.",
    },
]

ENTRIES = [
    ("observation", "Zes kinderen liepen zelf naar de bieb om een nieuw boek te kiezen."),
    ("note", "Gesprek met de kinderen: ze willen vaker strips en informatieve boeken."),
    ("decision", "We maken elke vrijdag een kwartier kiestijd."),
]


def seed_initiatives(school: School) -> None:
    # Normally there from the migration; a flushed database (browser tests) lost them.
    load_builtin_templates(CycleTemplate, Phase)
    people = {user.email: user for user in school.staff.all()}
    teams = {team.name: team for team in school.teams.all()}
    goals = {goal.title: goal for goal in SharedGoal.objects.filter(school=school)}
    existing = set(Initiative.objects.filter(school=school).values_list("title", flat=True))
    leader = people["directeur@demo.test"]
    for spec in INITIATIVES:
        if spec["title"] in existing:
            continue
        _seed_one(spec, people, teams, goals, leader)


def _seed_one(spec, people: dict[str, User], teams: dict[str, Team], goals, leader) -> None:
    starter = people[spec["starter"]]
    team = teams[spec["team"]]
    goal = goals.get(spec["goal"])
    initiative = start_initiative(
        school=starter.school,
        started_by=starter,
        title=spec["title"],
        question=spec["question"],
        why=spec["why"],
        children=spec["children"],
        how_we_see_it=spec["see"],
        template=CycleTemplate.objects.get(school=None, builtin_key=spec["cycle"]),
        teams=[team],
        goals=[goal] if goal else [],
        core_values=list(goal.core_values.all()) if goal else [],
    )
    for email in spec["others"]:
        join_initiative(initiative=initiative, user=people[email])
    if spec.get("idea"):
        return
    change_state(initiative=initiative, user=starter, action="start")
    initiative.refresh_from_db()
    key = f"demo-{initiative.pk}"
    add_entry(
        initiative=initiative,
        author=starter,
        entry=Entry(
            kind=Entry.Kind.MEASUREMENT,
            measure="Kinderen die zeggen graag te lezen"
            if "lees" in spec["title"].lower()
            else "Kinderen bij wie het lukt",
            unit=Entry.Unit.PERCENT,
            baseline=Decimal("35"),
            target=Decimal("60"),
            # An ended initiative measured again: the annual report shows before and after.
            result=Decimal(spec["result"]) if "result" in spec else None,
        ),
        submission_key=f"{key}-m",
    )
    for number, phase_key in enumerate(spec["moves"]):
        kind, text = ENTRIES[number % len(ENTRIES)]
        add_entry(
            initiative=initiative,
            author=starter,
            entry=Entry(kind=kind, text=text),
            submission_key=f"{key}-{number}",
        )
        initiative = move_phase(
            initiative=initiative,
            user=starter,
            to_phase=initiative.template.phases.get(key=phase_key),
            seen_phase_id=initiative.current_phase_id,
            learned="Wat de kinderen zeiden, bracht ons op een nieuw idee.",
        )
    add_comment(
        initiative=initiative,
        author=people[spec["others"][0]] if spec["others"] else leader,
        text="Mooi om te zien hoe de kinderen reageren. Ik doe volgende week mee.",
        submission_key=f"{key}-c",
    )
    lead = next(
        (m.user for m in team.memberships.select_related("user") if m.role == "lead"), leader
    )
    add_feedback(
        initiative=initiative,
        author=lead,
        text="Wat zeggen de kinderen er zelf over? Neem een paar uitspraken op.",
        submission_key=f"{key}-f",
    )
    if spec.get("overdue"):
        Initiative.objects.filter(pk=initiative.pk).update(
            phase_due_on=timezone.localdate() - datetime.timedelta(days=10),
            last_activity_at=timezone.now() - datetime.timedelta(days=23),
        )
        request_support(
            initiative=initiative,
            requested_by=starter,
            request=SupportRequest(
                kind=SupportRequest.Kind.TIME,
                what="Een middag met z'n drieën om de toetsresultaten samen te analyseren.",
                needed_by=timezone.localdate() + datetime.timedelta(days=14),
            ),
            submission_key=f"{key}-s",
        )
    if spec["title"] == "Praatplaten in de bouwhoek":
        request_support(
            initiative=initiative,
            requested_by=starter,
            request=SupportRequest(
                kind=SupportRequest.Kind.EXPERTISE,
                what="Een logopedist die één keer meekijkt bij de observaties.",
            ),
            submission_key=f"{key}-s",
        )
        support = initiative.support_requests.get()
        answer_support_request(
            support_request=support,
            leader=leader,
            status=SupportRequest.Status.PLANNED,
            answer="Ik heb de logopedist gevraagd; ze komt op dinsdag de 8e.",
        )
    if spec.get("paused"):
        change_state(initiative=initiative, user=starter, action="pause")
    if spec.get("stop"):
        change_state(
            initiative=initiative,
            user=starter,
            action="stop",
            card=LearningCard(learned=spec["stop"]),
        )
    if spec.get("complete"):
        change_state(
            initiative=initiative,
            user=starter,
            action="complete",
            card=LearningCard(**spec["complete"]),
        )
